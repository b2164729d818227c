"""Staff screens for a person's rights over their data: the subject access export (Article 15)
and erasure (Article 17), reached from the customer panel of a case page.

Each checks its permission first (`access_customer_for_export`, `access_customer_for_erasure`):
other staff get a 403. The work is the services' (`export_subject_access`, `erase_customer`).
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import Customer
from ..selectors import cases_of_customer_and_merged
from ..services import (
    access_customer_for_erasure,
    access_customer_for_export,
    erase_customer,
    export_subject_access,
)
from .customers import customer_url


class CustomerPrivacyView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"
    # (user, customer_id) -> the customer, or PermissionDenied / Http404: set by each screen.
    access_customer: Callable[..., Customer]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.customer = self.access_customer(request.user, kwargs["customer_id"])

    def get_breadcrumbs_items(self):
        label = self.customer.name or _("Customer #%(id)s") % {"id": self.customer.pk}
        return [
            *self.breadcrumbs_items,
            {"url": customer_url(self.customer), "label": label},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(customer=self.customer, cases=cases_of_customer_and_merged(self.customer))
        return context


class SubjectAccessExportView(CustomerPrivacyView):
    """GET: what the export holds and a button; POST: the ZIP, written to the access log."""

    template_name = "cases/admin/subject_access.html"
    page_title = _("Subject access export")
    access_customer = staticmethod(access_customer_for_export)

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
    access_customer = staticmethod(access_customer_for_erasure)

    def post(self, request, *args, **kwargs):
        try:
            erase_customer(self.customer, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(error=error), status=400)
        messages.success(request, _("The person's data has been erased from their cases."))
        return redirect(reverse("cases_admin:erase_customer", args=[self.customer.pk]))
