"""The case access log (Reports > Case access log): who viewed a case or downloaded its files,
filterable by case reference, viewer and dates. Read-only: the viewset registers no add, edit or
delete views, and the rows cannot be deleted anyway (`CaseAccessLog.delete`).

Who may read it: superusers, and staff given "Can view case access log entry"
(`cases.view_caseaccesslog`) on their group. Everyone else is sent back to the dashboard.
"""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn

from ..models import CaseAccessLog
from .listing import ReportIndexView, ReportViewSet


def viewers(request):
    """People who appear in the log (current and former staff), by name."""
    return (
        get_user_model()
        .objects.filter(pk__in=CaseAccessLog.objects.values("user_id"))
        .order_by("first_name", "last_name", "pk")
    )


class CaseAccessLogFilterSet(WagtailFilterSet):
    case_reference = django_filters.CharFilter(label=_("Case reference"), lookup_expr="icontains")
    user = django_filters.ModelChoiceFilter(label=_("Viewed by"), queryset=viewers)
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    action = django_filters.ChoiceFilter(label=_("Action"), choices=CaseAccessLog.Action.choices)

    class Meta:
        model = CaseAccessLog
        fields = ["case_reference", "user", "created_at", "action"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["user"].field.label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class CaseReferenceColumn(Column):
    """The reference as it was logged (the case may since have been deleted)."""

    def get_value(self, instance):
        return instance.case_reference or (instance.case.reference if instance.case else "")


class CaseAccessLogIndexView(ReportIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("case", "attachment")


class CaseAccessLogViewSet(ReportViewSet):
    model = CaseAccessLog
    name = "case_access_log"
    url_prefix = "case-access-log"
    icon = "list-ul"
    menu_label = _("Case access log")
    menu_order = 900
    index_view_class = CaseAccessLogIndexView
    filterset_class = CaseAccessLogFilterSet
    list_display = [
        DateColumn("created_at", label=_("When"), sort_key="created_at"),
        CaseReferenceColumn("case_reference", label=_("Case"), sort_key="case_reference"),
        Column("user_name", label=_("Viewed by"), sort_key="user_name"),
        Column("action", label=_("Action"), accessor="get_action_display"),
        Column("attachment", label=_("File"), accessor="attachment"),
    ]
