"""Staff knowledge base URLs, under /admin/knowledge/ (registered by
`crm/knowledge/wagtail_hooks.py`; Wagtail wraps them in its "access admin" check)."""

from django.urls import path

from . import case_actions, views

app_name = "knowledge_admin"

urlpatterns = [
    path("", views.KnowledgeSearchView.as_view(), name="search"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path(
        "case/<uuid:case_uuid>/canned-reply/",
        case_actions.SendCannedReplyView.as_view(),
        name="send_reply",
    ),
]
