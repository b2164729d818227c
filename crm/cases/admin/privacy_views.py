"""Staff screens for a person's rights over their data: the subject access export (Article 15)
and erasure (Article 17), reached from the customer panel of a case page.

Each checks its permission first (`can_export_subject_access`, `can_erase_customer`): other staff
get a 403. The work is the services' (`export_subject_access`, `erase_customer`).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Case, Customer
from ..services import (
    access_customer_for_export,
    can_erase_customer,
    erase_customer,
    export_subject_access,
)


def customer_cases(customer: Customer):
    """The person's cases, their merged duplicates' included, oldest first (for the screens)."""
    return (
        Case.objects.filter(customer__in=[customer, *customer.merged_from.all()])
        .select_related("case_type")
        .order_by("created_at", "pk")
    )


class CustomerPrivacyView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.customer = self.get_customer(request.user, kwargs["customer_id"])

    def get_customer(self, user, customer_id) -> Customer:
        raise NotImplementedError

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        try:  # the customer record's page, where the customer screens are installed
            customer_url = reverse("cases_admin:customer", args=[self.customer.pk])
        except NoReverseMatch:
            pass
        else:
            label = self.customer.name or _("Customer #%(id)s") % {"id": self.customer.pk}
            items.append({"url": customer_url, "label": label})
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(customer=self.customer, cases=customer_cases(self.customer))
        return context


class SubjectAccessExportView(CustomerPrivacyView):
    """GET: what the export holds and a button; POST: the ZIP, written to the access log."""

    template_name = "cases/admin/subject_access.html"
    page_title = _("Subject access export")

    def get_customer(self, user, customer_id):
        return access_customer_for_export(user, customer_id)

    def post(self, request, *args, **kwargs):
        archive = export_subject_access(self.customer, actor=request.user)
        filename = f"subject-access-{self.customer.pk}-{timezone.localdate():%Y-%m-%d}.zip"
        response = FileResponse(
            archive, as_attachment=True, filename=filename, content_type="application/zip"
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class EraseCustomerView(CustomerPrivacyView):
    """GET: what erasure removes and keeps, and any open case that stops it; POST: erase."""

    template_name = "cases/admin/erase_customer.html"
    page_title = _("Erase this person's data")

    def get_customer(self, user, customer_id):
        if not can_erase_customer(user):
            raise PermissionDenied
        return get_object_or_404(Customer, pk=customer_id)

    def post(self, request, *args, **kwargs):
        try:
            erase_customer(self.customer, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(error=error), status=400)
        messages.success(request, _("The person's data has been erased from their cases."))
        return redirect(reverse("cases_admin:erase_customer", args=[self.customer.pk]))
