"""Assisted digital in the admin: staff choose a live form and the caller's channel, then fill in
the public form for them (see `assisted.py`)."""

from django import forms
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.cases.enums import ASSISTED_CHANNELS, Channel

from .assisted import start_assisted
from .selectors import live_forms


class AssistedStartForm(forms.Form):
    form = forms.ModelChoiceField(
        queryset=None,
        label=_("Form"),
        empty_label=_("Choose a form"),
        error_messages={"required": _("Choose the form to fill in")},
    )
    channel = forms.ChoiceField(
        label=_("How did the caller contact us?"),
        choices=[
            (channel.value, channel.label) for channel in Channel if channel in ASSISTED_CHANNELS
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the caller contacted us")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = live_forms()


class AssistedStartView(WagtailAdminTemplateMixin, FormView):
    template_name = "eforms/admin/assisted_start.html"
    page_title = _("Start a form for a caller")
    header_icon = "form"
    form_class = AssistedStartForm

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["forms"] = live_forms()
        return context

    def form_valid(self, form):
        eform = form.cleaned_data["form"]
        start_assisted(self.request, eform.slug, form.cleaned_data["channel"])
        return redirect(reverse("eforms:start", kwargs={"slug": eform.slug}) + "?reset=1")
