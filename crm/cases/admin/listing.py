"""What the read-only report listings (Reports > Case access log, Reports > Email outbox) share:
an index view with no add, edit or delete links, gated on the model's "view" permission, and a
viewset that registers the listing only, 50 rows a page, under the Reports menu."""

from django.urls import path
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet


class ReportIndexView(IndexView):
    any_permission_required = ["view"]
    default_ordering = "-created_at"

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None

    def get_delete_url(self, instance):
        return None


class ReportViewSet(ModelViewSet):
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    list_export = []

    @property
    def menu_hook(self):
        return "register_reports_menu_item"

    def get_urlpatterns(self):
        """The listing only: no add, edit, delete, copy, history or usage views."""
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in ("add", "edit", "delete", "history", "usage", "copy", "inspect"):
            view_kwargs.pop(f"{name}_url_name", None)
        return view_kwargs
