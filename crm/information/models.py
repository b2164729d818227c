"""What the CRM keeps about a Freedom of Information or Environmental Information request, on
top of its case: the law it is handled under, the exemptions applied, a public interest
extension, the response and an internal review's outcome.

One `InformationRequest` per case, created the first time staff record something
(`crm.information.services.information_request_for`). The case itself (its states, clock and
timeline) follows the `information-request` workflow (migration 0002).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WORKFLOW_SLUG = "information-request"


class Regime(models.TextChoices):
    FOI = "foi", _("Freedom of Information Act 2000")
    EIR = "eir", _("Environmental Information Regulations 2004")
    FOISA = "foisa", _("Freedom of Information (Scotland) Act 2002")
    EIRS = "eirs", _("Environmental Information (Scotland) Regulations 2004")


class Exemption(models.TextChoices):
    """FOIA Part II exemptions (s21 to s44) and EIR exceptions (regulations 12 and 13)."""

    FOIA_21 = "foia-s21", _("Section 21: information accessible by other means")
    FOIA_22 = "foia-s22", _("Section 22: information intended for future publication")
    FOIA_22A = "foia-s22a", _("Section 22A: research")
    FOIA_23 = "foia-s23", _("Section 23: security bodies")
    FOIA_24 = "foia-s24", _("Section 24: national security")
    FOIA_26 = "foia-s26", _("Section 26: defence")
    FOIA_27 = "foia-s27", _("Section 27: international relations")
    FOIA_28 = "foia-s28", _("Section 28: relations within the United Kingdom")
    FOIA_29 = "foia-s29", _("Section 29: the economy")
    FOIA_30 = "foia-s30", _("Section 30: investigations and proceedings")
    FOIA_31 = "foia-s31", _("Section 31: law enforcement")
    FOIA_32 = "foia-s32", _("Section 32: court records")
    FOIA_33 = "foia-s33", _("Section 33: audit functions")
    FOIA_34 = "foia-s34", _("Section 34: parliamentary privilege")
    FOIA_35 = "foia-s35", _("Section 35: formulation of government policy")
    FOIA_36 = "foia-s36", _("Section 36: prejudice to the effective conduct of public affairs")
    FOIA_37 = "foia-s37", _("Section 37: communications with His Majesty and honours")
    FOIA_38 = "foia-s38", _("Section 38: health and safety")
    FOIA_39 = "foia-s39", _("Section 39: environmental information")
    FOIA_40 = "foia-s40", _("Section 40: personal information")
    FOIA_41 = "foia-s41", _("Section 41: information provided in confidence")
    FOIA_42 = "foia-s42", _("Section 42: legal professional privilege")
    FOIA_43 = "foia-s43", _("Section 43: commercial interests")
    FOIA_44 = "foia-s44", _("Section 44: prohibitions on disclosure")
    EIR_12_4_A = "eir-12-4-a", _("Regulation 12(4)(a): information not held")
    EIR_12_4_B = "eir-12-4-b", _("Regulation 12(4)(b): manifestly unreasonable request")
    EIR_12_4_C = "eir-12-4-c", _("Regulation 12(4)(c): request formulated too generally")
    EIR_12_4_D = (
        "eir-12-4-d",
        _(
            "Regulation 12(4)(d): material in the course of completion, unfinished documents "
            "or incomplete data"
        ),
    )
    EIR_12_4_E = "eir-12-4-e", _("Regulation 12(4)(e): internal communications")
    EIR_12_5_A = (
        "eir-12-5-a",
        _(
            "Regulation 12(5)(a): international relations, defence, national security or public "
            "safety"
        ),
    )
    EIR_12_5_B = "eir-12-5-b", _("Regulation 12(5)(b): the course of justice and inquiries")
    EIR_12_5_C = "eir-12-5-c", _("Regulation 12(5)(c): intellectual property rights")
    EIR_12_5_D = "eir-12-5-d", _("Regulation 12(5)(d): confidentiality of proceedings")
    EIR_12_5_E = (
        "eir-12-5-e",
        _("Regulation 12(5)(e): confidentiality of commercial or industrial information"),
    )
    EIR_12_5_F = "eir-12-5-f", _("Regulation 12(5)(f): interests of the person who provided it")
    EIR_12_5_G = "eir-12-5-g", _("Regulation 12(5)(g): protection of the environment")
    EIR_13 = "eir-13", _("Regulation 13: personal data")


FOIA_EXEMPTIONS = tuple(e for e in Exemption if e.value.startswith("foia-"))
EIR_EXCEPTIONS = tuple(e for e in Exemption if e.value.startswith("eir-"))


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", _("Upheld: the original response stands")
    PARTLY_UPHELD = "partly_upheld", _("Partly upheld: some of the response changes")
    OVERTURNED = "overturned", _("Overturned: the original response is replaced")


class InformationRequest(models.Model):
    """A case's FOI or EIR details. The case's timeline keeps the history; this keeps the
    current answers that reports and the case page read."""

    wagtail_reference_index_ignore = True  # records, not content (like the case)

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="information_request",
    )
    regime = models.CharField(
        _("handled under"), max_length=8, choices=Regime.choices, default=Regime.FOI
    )
    # Exemption codes (`Exemption` values), in the order of `Exemption`.
    exemptions = models.JSONField(_("exemptions applied"), default=list, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    extended_to = models.DateField(_("extended to"), null=True, blank=True)
    extended_on = models.DateField(_("extended on"), null=True, blank=True)
    response_sent_at = models.DateTimeField(_("response sent"), null=True, blank=True)
    response_sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("response sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_requested_on = models.DateField(_("internal review requested"), null=True, blank=True)
    review_outcome = models.CharField(
        _("internal review outcome"), max_length=16, choices=ReviewOutcome.choices, blank=True
    )
    review_reason = models.TextField(_("reason for the review outcome"), blank=True)
    review_completed_at = models.DateTimeField(
        _("internal review completed"), null=True, blank=True
    )
    review_completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("internal review completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("information request")

    def __str__(self):
        return str(self.case_id)

    def exemption_labels(self) -> list[str]:
        labels = dict(Exemption.choices)
        return [str(labels.get(code, code)) for code in self.exemptions]
