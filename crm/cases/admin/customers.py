"""Customer records for staff: search, a record's page with the cases the viewer may see,
corrections and merging a duplicate into a record.

Who may do what is decided here, per request and per record:
- searching and viewing: case workers (superusers, members of a team) and staff with a customer
  permission; the cases listed are only those the viewer may see, and each listed case is
  written to the access log;
- correcting and merging: `cases.change_customer` (a 403 for anyone else).
The writes are `crm.cases.services.update_customer` and `merge_customers`.
"""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import CaseAccessLog, Customer
from ..selectors import cases_of_customer_for_staff, search_customers, teams_for_staff
from ..services import (
    can_erase_customer,
    can_export_subject_access,
    merge_customers,
    record_case_access,
    update_customer,
)

CHANGE_PERMISSION = "cases.change_customer"
VIEW_PERMISSIONS = ("cases.view_customer", CHANGE_PERMISSION)
PAGE_SIZE = 25
CASES_PAGE_SIZE = 20


def can_view_customers(user) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser or any(user.has_perm(permission) for permission in VIEW_PERMISSIONS):
        return True
    return teams_for_staff(user).exists()


def can_change_customers(user) -> bool:
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(CHANGE_PERMISSION)
    )


def customer_url(customer: Customer) -> str:
    return reverse("cases_admin:customer", kwargs={"customer_id": customer.pk})


class CustomerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by name, email, phone or postcode"), required=False, max_length=200
    )


class CustomerForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("Email address"), required=False)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    address_line_1 = forms.CharField(label=_("Address line 1"), required=False, max_length=200)
    address_line_2 = forms.CharField(label=_("Address line 2"), required=False, max_length=200)
    town = forms.CharField(label=_("Town or city"), required=False, max_length=100)
    postcode = forms.CharField(label=_("Postcode"), required=False, max_length=16)


class CustomerAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "user"
    needs_change_permission = False

    def dispatch(self, request, *args, **kwargs):
        allowed = (
            can_change_customers(request.user)
            if self.needs_change_permission
            else can_view_customers(request.user)
        )
        if not allowed:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        items.append({"url": reverse("cases_admin:customers"), "label": _("Customers")})
        if getattr(self, "customer", None) is not None:
            items.append({"url": customer_url(self.customer), "label": self.customer.name})
        items.append({"url": "", "label": self.get_page_title()})
        return items


class CustomerRecordMixin:
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.customer = get_object_or_404(
            Customer.objects.select_related("merged_into", "user"), pk=kwargs["customer_id"]
        )


class CustomerIndexView(CustomerAdminView):
    """Search customer records; a page costs the same queries whatever its length."""

    template_name = "cases/admin/customers/index.html"
    page_title = _("Customers")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CustomerSearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        paginator = Paginator(search_customers(query), PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            search_form=form,
            query=query,
            page_obj=page,
            customers=page.object_list,
            elided_page_range=paginator.get_elided_page_range(page.number),
            index_url=self.request.path,
        )
        return context


class CustomerView(CustomerRecordMixin, CustomerAdminView):
    """A customer record: details, what happened to it, and the cases the viewer may see."""

    template_name = "cases/admin/customers/detail.html"

    def get_page_title(self):
        return self.customer.name

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("cases_admin:customers"), "label": _("Customers")},
            {"url": "", "label": self.customer.name},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        customer = self.customer
        paginator = Paginator(cases_of_customer_for_staff(user, customer), CASES_PAGE_SIZE)
        page = paginator.get_page(self.request.GET.get("p"))
        cases = list(page.object_list)
        for case in cases:  # case data on screen: written to the access log
            record_case_access(case, user=user, action=CaseAccessLog.Action.VIEWED)
        editable = customer.erased_at is None and customer.merged_into_id is None
        can_change = can_change_customers(user)
        context.update(
            customer=customer,
            cases=cases,
            page_obj=page,
            elided_page_range=paginator.get_elided_page_range(page.number),
            merged_records=customer.merged_from.order_by("name", "pk"),
            can_correct=can_change and editable,
            can_merge=can_change and editable,
            can_export=can_export_subject_access(user),
            can_erase=can_erase_customer(user) and customer.erased_at is None,
        )
        return context


class CustomerEditView(CustomerRecordMixin, CustomerAdminView):
    """Correct a record's details; the service notes the correction on each of their cases."""

    template_name = "cases/admin/customers/edit.html"
    page_title = _("Correct details")
    needs_change_permission = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {field: getattr(self.customer, field) for field in CustomerForm.base_fields}
        context.update(
            customer=self.customer, form=kwargs.get("form") or CustomerForm(initial=initial)
        )
        return context

    def post(self, request, *args, **kwargs):
        form = CustomerForm(request.POST)
        if form.is_valid():
            try:
                _customer, changed = update_customer(
                    self.customer, actor=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if changed:
                    messages.success(request, _("The customer details have been corrected."))
                else:
                    messages.success(request, _("Nothing was changed."))
                return redirect(customer_url(self.customer))
        messages.error(request, _("The details have not been changed. Check the form below."))
        return self.render_to_response(self.get_context_data(form=form))


class CustomerMergeView(CustomerRecordMixin, CustomerAdminView):
    """Merge a duplicate into this record: find the duplicate, check both side by side, merge."""

    template_name = "cases/admin/customers/merge.html"
    page_title = _("Merge a duplicate into this record")
    needs_change_permission = True

    @cached_property
    def duplicate(self) -> Customer | None:
        value = self.request.POST.get("merge") or self.request.GET.get("merge")
        if not value or not str(value).isdigit():
            return None
        return Customer.objects.select_related("merged_into", "user").filter(pk=int(value)).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = CustomerSearchForm(self.request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        candidates = []
        if query and self.duplicate is None:
            candidates = list(
                search_customers(query)
                .exclude(pk=self.customer.pk)
                .filter(merged_into__isnull=True, erased_at__isnull=True)[:PAGE_SIZE]
            )
        context.update(
            customer=self.customer,
            search_form=form,
            query=query,
            candidates=candidates,
            duplicate=self.duplicate,
            duplicate_case_count=self.duplicate.cases.count() if self.duplicate else 0,
            error=kwargs.get("error"),
        )
        return context

    def post(self, request, *args, **kwargs):
        if self.duplicate is None:
            messages.error(request, _("Choose the duplicate record to merge."))
            return redirect(request.path)
        count = self.duplicate.cases.count()
        try:
            merge_customers(self.customer, self.duplicate, actor=request.user)
        except ValidationError as error:
            text = " ".join(error.messages)
            messages.error(request, text)
            return self.render_to_response(self.get_context_data(error=text))
        messages.success(
            request,
            _("“%(merged)s” has been merged into this record (%(count)s cases moved).")
            % {"merged": self.duplicate.name, "count": count},
        )
        return redirect(customer_url(self.customer))
