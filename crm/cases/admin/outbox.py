"""The email outbox (Reports > Email outbox): every email the CRM queued, with its state,
attempts, the class of its last error and when it was queued and sent, filterable by state;
failed and stuck emails can be sent again.

Who may do what:
- the listing: superusers and staff given "Can view outbox message" (the metadata only);
- the recipient's address: only on rows whose case the viewer may see;
- the email's words: never here (they are on the case's timeline for those who may see it);
- "Resend" here: "Can change outbox message" (`notifications.change_outboxmessage`); on a case
  page (`ResendEmailView`), anyone who may see the case.
Both call `crm.notifications.services.resend_outbox_message`.
"""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.notifications.enums import EmailKind, OutboxStatus
from crm.notifications.models import OutboxMessage
from crm.notifications.services import resend_outbox_message, resendable

from ..models import Case
from .listing import ReportIndexView, ReportViewSet

RESEND_PERMISSION = "notifications.change_outboxmessage"


def with_case_visibility(messages_queryset, user):
    """Annotate `case_visible`: whether this member of staff may see the message's case."""
    visible = Case.objects.visible_to_staff(user).filter(pk=OuterRef("case_id"))
    return messages_queryset.annotate(case_visible=Exists(visible))


def can_resend_from_outbox(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(RESEND_PERMISSION)
    )


class OutboxFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=_("State"), choices=OutboxStatus.choices)
    needs_attention = django_filters.BooleanFilter(
        label=_("Failed or stuck only"), method="filter_needs_attention"
    )
    kind = django_filters.ChoiceFilter(label=_("Email"), choices=EmailKind.choices)

    class Meta:
        model = OutboxMessage
        fields = ["status", "needs_attention", "kind"]

    def filter_needs_attention(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(resendable()) if value else queryset.exclude(resendable())


class CaseColumn(Column):
    cell_template_name = "cases/admin/outbox/case_cell.html"


class RecipientColumn(Column):
    def get_value(self, instance):
        if instance.case_visible:
            return instance.recipient
        return _("Hidden: you cannot see this case")


class ResendColumn(Column):
    cell_template_name = "cases/admin/outbox/resend_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context["request"]
        context["resend_url"] = (
            reverse("email_outbox:resend", args=[instance.pk])
            if instance.resendable_now and can_resend_from_outbox(request.user)
            else None
        )
        return context


class OutboxIndexView(ReportIndexView):
    def get_base_queryset(self):
        messages_queryset = (
            super()
            .get_base_queryset()
            .select_related("case")
            .defer("context")  # the email's words are never shown here
            .annotate(resendable_now=ExpressionWrapper(resendable(), output_field=BooleanField()))
        )
        return with_case_visibility(messages_queryset, self.request.user)


class OutboxResendView(WagtailAdminTemplateMixin, TemplateView):
    """GET: what will be sent again; POST: send it again."""

    template_name = "cases/admin/outbox/resend.html"
    page_title = _("Send this email again")
    header_icon = "mail"

    def dispatch(self, request, *args, **kwargs):
        if not can_resend_from_outbox(request.user):
            raise PermissionDenied
        queryset = with_case_visibility(OutboxMessage.objects.select_related("case"), request.user)
        self.message = get_object_or_404(queryset.defer("context"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("email_outbox:index"), "label": _("Email outbox")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["message"] = self.message
        return context

    def post(self, request, *args, **kwargs):
        try:
            resend_outbox_message(self.message, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            case = self.message.case
            messages.success(
                request,
                _("The email for case %(reference)s will be sent again.")
                % {"reference": case.reference}
                if case is not None
                else _("The email will be sent again."),  # a team digest is about no one case
            )
        return redirect(reverse("email_outbox:index"))


class OutboxViewSet(ReportViewSet):
    model = OutboxMessage
    name = "email_outbox"
    url_prefix = "email-outbox"
    icon = "mail"
    menu_label = _("Email outbox")
    menu_order = 910
    index_view_class = OutboxIndexView
    filterset_class = OutboxFilterSet
    list_display = [
        DateColumn("created_at", label=_("Queued"), sort_key="created_at"),
        Column("kind", label=_("Email"), accessor="get_kind_display"),
        CaseColumn("case", label=_("Case")),
        RecipientColumn("recipient", label=_("To")),
        Column("status", label=_("State"), accessor="get_status_display", sort_key="status"),
        Column("attempts", label=_("Attempts"), sort_key="attempts"),
        Column("last_error", label=_("Last error")),
        DateColumn("sent_at", label=_("Sent"), sort_key="sent_at"),
        ResendColumn("resend", label=_("Actions")),
    ]

    def get_urlpatterns(self):
        """The listing and "Resend": emails are never added, edited or deleted by hand."""
        return [
            *super().get_urlpatterns(),
            path("resend/<int:pk>/", OutboxResendView.as_view(), name="resend"),
        ]


# --- On a case page -----------------------------------------------------------------------------


def emails_needing_attention(case):
    """The case's failed and stuck emails, newest first, for the warning on its page."""
    return case.outbox_messages.filter(resendable()).defer("context").order_by("-created_at", "-pk")
