"""eForm definitions (built by editors as snippets) and residents' saved drafts.

An `EForm` has ordered `EFormStep`s; each step holds its questions in a StreamField (see
`blocks.py`) and may be shown only when an earlier answer has a given value. Both are translatable
with wagtail-localize: keys, conditions and the case type are copied, the words are translated.

An eForm has drafts, revisions, a lock and a preview, like a page: editors save drafts without
changing what residents see, and "Publish" copies a revision (steps included) onto the live rows.
Residents fill in the live rows; a run that started on an earlier published revision finishes on
that revision (see `revisions.py`), so publishing never changes the questions under someone.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .blocks import QuestionsBlock
from .definition import FormDefinition, check_definition, payment_problems
from .enums import SignIn

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class EForm(
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        help_text=_("The form's address: /forms/<slug>/, for example 'report-fly-tipping'"),
    )
    case_type = models.ForeignKey(
        "cases.CaseType",
        verbose_name=_("case type"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Each submission opens a case of this type, in its team's queue"),
    )
    sign_in = models.CharField(
        _("sign-in"), max_length=16, choices=SignIn.choices, default=SignIn.OPTIONAL
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown before the first question with a 'Start now' button; may be empty"),
    )
    confirmation_text = RichTextField(
        _("what happens next"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown on the confirmation page under the case reference"),
    )
    # Payment (docs/bookings.md): what a resident pays after check your answers, if anything:
    # the fee, plus a deposit, plus the total of a priced-items question.
    payment_service = models.ForeignKey(
        "payments.PaymentService",
        verbose_name=_("payment service"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Residents pay through this service (its provider, fund and cost codes) after "
            "checking their answers. Leave blank for a form that takes no payment."
        ),
    )
    fee = models.DecimalField(
        _("fee in pounds"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("A fixed fee. Priced items on the form are added to it."),
    )
    fee_label = models.CharField(
        _("what the fee is for"),
        max_length=120,
        blank=True,
        help_text=_("For example 'Search fee'"),
    )
    deposit = models.DecimalField(
        _("deposit in pounds"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("Paid with the fee and returned after a booking (halls)"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]
    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("slug"),
        SynchronizedField("case_type"),
        SynchronizedField("sign_in"),
        SynchronizedField("payment_service"),
        SynchronizedField("fee"),
        TranslatableField("fee_label"),
        SynchronizedField("deposit"),
        TranslatableField("intro"),
        TranslatableField("confirmation_text"),
        TranslatableField("steps"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("eForm")
        verbose_name_plural = _("eForms")
        ordering = ["title"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("eforms:start", kwargs={"slug": self.slug})

    @property
    def definition(self) -> FormDefinition:
        return FormDefinition.for_form(self)

    # --- Preview in the admin (the edit form's unsaved steps are in `steps`) --------------------

    @property
    def preview_modes(self):
        return [("", _("First question page")), ("summary", _("All steps and questions"))]

    def get_preview_template(self, request, mode_name):
        return "eforms/preview_summary.html" if mode_name == "summary" else "eforms/preview.html"

    def get_preview_context(self, request, mode_name):
        from .preview import preview_context

        return {**super().get_preview_context(request, mode_name), **preview_context(self)}

    # The admin form turns this off: it checks the steps being submitted, not the saved ones.
    check_definition_on_clean = True

    def clean(self):
        super().clean()
        if not self.check_definition_on_clean:
            return
        payment = payment_problems(
            self.definition.steps,
            payment_service=self.payment_service,
            fee=self.fee,
            deposit=self.deposit,
        )
        if payment:
            raise ValidationError(dict(payment))
        problems = check_definition(self.definition.steps)
        if problems:
            steps = self.definition.steps
            raise ValidationError(
                [
                    _("Step “%(step)s”: %(message)s")
                    % {"step": steps[problem.step].title, "message": problem.message}
                    if problem.step is not None
                    else problem.message
                    for problem in problems
                ]
            )


class EFormStep(TranslatableMixin, Orderable):
    form = ParentalKey(EForm, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(
        _("title"),
        max_length=255,
        help_text=_("The page heading. A step with one question uses the question as its heading."),
    )
    key = models.SlugField(
        _("key"),
        max_length=50,
        help_text=_("The step's address in the form, for example 'location'"),
    )
    condition_key = models.CharField(
        _("show only if the answer to"),
        max_length=50,
        blank=True,
        help_text=_("The key of a question on an earlier step. Leave blank to always show."),
    )
    condition_value = models.CharField(
        _("is or includes"),
        max_length=100,
        blank=True,
        help_text=_("The answer's value, for example 'yes' for a yes or no question"),
    )
    fields = StreamField(QuestionsBlock(), verbose_name=_("questions"))

    translatable_fields = [
        TranslatableField("title"),
        SynchronizedField("key"),
        SynchronizedField("condition_key"),
        SynchronizedField("condition_value"),
        TranslatableField("fields"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("step")
        ordering = ["sort_order"]

    def __str__(self):
        return self.title


class FormDraft(models.Model):
    """A signed-in resident's answers so far, saved with "Save and come back later"."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="eform_drafts"
    )
    form = models.ForeignKey(EForm, on_delete=models.CASCADE, related_name="drafts")
    # The wizard's stored state: step data, uploaded files' temporary names, submission key.
    data = models.JSONField(default=dict)
    current_step = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("form draft")
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "form"], name="eforms_one_draft_per_form")
        ]

    def __str__(self):
        return f"{self.form} ({self.user})"

    @property
    def resume_url(self) -> str:
        return reverse("eforms:resume", kwargs={"slug": self.form.slug, "draft_uuid": self.uuid})
