"""The knowledge base in the Wagtail admin: the "Knowledge base" menu (browse and search for all
staff; articles and canned replies as snippets for editors), the "Knowledge base" search area
of the admin's search, and two sections of the case page (the case type's articles, and
"Reply with a canned reply"). docs/staff-knowledge-base.md says what staff do where."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.search import SearchArea
from wagtail.snippets.models import register_snippet

from crm.cases.admin.case_views import CASE_PANELS_HOOK

from .admin import urls as admin_urls
from .admin.panels import canned_reply_panel, knowledge_panel
from .admin.snippets import KNOWLEDGE_MENU_HOOK, CannedReplyViewSet, KnowledgeArticleViewSet

register_snippet(KnowledgeArticleViewSet)
register_snippet(CannedReplyViewSet)


@hooks.register("register_admin_urls")
def register_knowledge_admin_urls():
    return [path("knowledge/", include(admin_urls, namespace="knowledge_admin"))]


@hooks.register("register_admin_menu_item")
def register_knowledge_menu():
    return SubmenuMenuItem(
        _("Knowledge base"),
        Menu(register_hook_name=KNOWLEDGE_MENU_HOOK),
        name="knowledge-base",
        icon_name="help",
        order=260,
    )


@hooks.register(KNOWLEDGE_MENU_HOOK)
def register_knowledge_browse_menu_item():
    return MenuItem(
        _("Read and search"),
        reverse("knowledge_admin:search"),
        name="knowledge-search",
        icon_name="search",
        order=100,
    )


@hooks.register("register_admin_search_area")
def register_knowledge_search_area():
    return SearchArea(
        _("Knowledge base"),
        reverse("knowledge_admin:search"),
        name="knowledge-base",
        icon_name="help",
        order=300,
    )


@hooks.register(CASE_PANELS_HOOK)
def add_knowledge_panel(request, case, errors):
    return knowledge_panel(request, case, errors)


@hooks.register(CASE_PANELS_HOOK)
def add_canned_reply_panel(request, case, errors):
    return canned_reply_panel(request, case, errors)
