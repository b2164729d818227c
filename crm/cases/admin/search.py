"""Cases > Search cases: one box that finds cases by reference, customer name, email, phone,
postcode and the words of their answers and timeline, best matches first.

The results are only ever cases the searcher may see (`search_cases_for_staff` decides, with the
queues' rule); a reference typed in full opens straight onto its case when it is the only match.
"""

from django import forms
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..search import MAX_QUERY_LENGTH
from ..selectors import search_cases_for_staff

RESULT_LIMIT = 50


class CaseSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search cases"),
        help_text=_(
            "A reference, a customer's name, email address, phone number or postcode, or words "
            "from the answers and timeline"
        ),
        required=False,
        max_length=MAX_QUERY_LENGTH,
    )


class CaseSearchView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/admin/search.html"
    page_title = _("Search cases")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.form = CaseSearchForm(request.GET)
        self.query = self.form.cleaned_data["q"].strip() if self.form.is_valid() else ""
        self.cases = (
            search_cases_for_staff(request.user, self.query, limit=RESULT_LIMIT)
            if self.query
            else []
        )
        if len(self.cases) == 1 and self.cases[0].reference.lower() == self.query.lower():
            return redirect("cases_admin:case", case_uuid=self.cases[0].uuid)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            search_form=self.form,
            query=self.query,
            cases=self.cases,
            result_limit=RESULT_LIMIT,
            at_limit=len(self.cases) >= RESULT_LIMIT,
            today=timezone.localdate(),
            search_url=self.request.path,
        )
        return context
