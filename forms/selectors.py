"""Read queries for eForms and drafts, with access decided here.

A draft belongs to one resident: anyone else asking for it gets a 404, whether or not it exists.
"""

import uuid
from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from wagtail.models import Locale

from .models import EForm, FormDraft

# A draft is kept this long after it was last saved, then deleted (UK GDPR: no longer than needed).
DRAFT_LIFETIME = timedelta(days=28)


def get_live_form(slug: str) -> EForm:
    """The live form with this slug in the active language, else in the default language."""
    forms = EForm.objects.filter(slug=slug, live=True).select_related("case_type", "locale")
    for locale in _locales():
        eform = forms.filter(locale=locale).first()
        if eform is not None:
            return eform
    eform = forms.first()
    if eform is None:
        raise Http404
    return eform


def _locales() -> list[Locale]:
    locales = []
    for getter in (Locale.get_active, Locale.get_default):
        try:
            locale = getter()
        except (Locale.DoesNotExist, LookupError):
            continue
        if locale not in locales:
            locales.append(locale)
    return locales


def live_forms() -> QuerySet[EForm]:
    """Live forms in the default language, for staff to start for a caller."""
    forms = EForm.objects.filter(live=True).select_related("case_type")
    try:
        return forms.filter(locale=Locale.get_default()).order_by("title")
    except Locale.DoesNotExist:
        return forms.order_by("title")


def draft_expiry_cutoff(now=None):
    """Drafts last saved before this moment have expired."""
    return (now or timezone.now()) - DRAFT_LIFETIME


def drafts_for_user(user) -> QuerySet[FormDraft]:
    """A resident's saved drafts of forms that are still live and not expired, most recently
    saved first (for My Account). Each draft has `form.title`, `updated_at`, `resume_url` and
    `expires_at` (when `forms.tasks.delete_expired_drafts` will delete it)."""
    if not (user and user.is_authenticated):
        return FormDraft.objects.none()
    return (
        FormDraft.objects.filter(user=user, updated_at__gt=draft_expiry_cutoff())
        .annotate(
            expires_at=ExpressionWrapper(
                F("updated_at") + Value(DRAFT_LIFETIME), output_field=DateTimeField()
            )
        )
        .filter(form__live=True)
        .select_related("form")
        .order_by("-updated_at")
    )


def get_draft_for_user(user, draft_uuid, *, slug: str | None = None) -> FormDraft:
    """The resident's own draft; Http404 for anyone else's (or a draft of another form)."""
    try:
        draft_uuid = uuid.UUID(str(draft_uuid))
    except ValueError:
        raise Http404 from None
    draft = drafts_for_user(user).filter(uuid=draft_uuid).first()
    if draft is None or (slug is not None and draft.form.slug != slug):
        raise Http404
    return draft


def draft_for_form(user, eform: EForm) -> FormDraft | None:
    """The resident's draft of this form (in any language), if they saved one."""
    return drafts_for_user(user).filter(form__translation_key=eform.translation_key).first()
