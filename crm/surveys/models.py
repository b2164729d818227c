"""One closure survey per case: the invitation emailed when the case closed, and the answer."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 1
MAX_SCORE = 5
REASON_MAX_LENGTH = 1200


class Score(models.IntegerChoices):
    VERY_DISSATISFIED = 1, _("Very dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    NEITHER = 3, _("Neither satisfied nor dissatisfied")
    SATISFIED = 4, _("Satisfied")
    VERY_SATISFIED = 5, _("Very satisfied")


class AnsweredVia(models.TextChoices):
    # A click on one of the email's five links. Email security scanners can follow links
    # too, so this is a weaker signal than an answer sent from the page (docs/closure-survey.md).
    LINK = "link", _("Link in the email")
    FORM = "form", _("Survey page")


class SurveyResponse(models.Model):
    """The survey sent for a case when it closed, and the resident's answer once they give one.

    At most one per case (reopening and closing again does not ask twice). The link's token is
    stored only as a SHA-256 hash: the database alone cannot be used to answer for a resident.
    """

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.CASCADE,
        related_name="survey_response",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("link expires"))
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=Score.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)],
    )
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX_LENGTH)
    first_answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    answered_at = models.DateTimeField(_("last answered"), null=True, blank=True)
    answered_via = models.CharField(
        _("last answered from"), max_length=8, choices=AnsweredVia.choices, blank=True
    )
    # Set once the resident sends the page's form (a person, not a link scanner, answered).
    confirmed_at = models.DateTimeField(_("confirmed on the page"), null=True, blank=True)
    link_clicks = models.PositiveSmallIntegerField(_("link clicks"), default=0)

    class Meta:
        verbose_name = _("survey response")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["sent_at"], name="surveys_response_sent_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True)
                | models.Q(score__gte=MIN_SCORE, score__lte=MAX_SCORE),
                name="surveys_response_score_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.case} ({self.score or '-'})"

    @property
    def is_answered(self) -> bool:
        return self.score is not None

    def has_expired(self, now=None) -> bool:
        return (now or timezone.now()) >= self.expires_at
