"""Customers, teams, case types, cases and their timeline.

Nothing here changes a case's state: that is `crm.cases.services`. Reads with access rules are
`crm.cases.selectors`. The models only describe the data and the cheap questions about it.
"""

import secrets
import uuid
from datetime import date

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, ProtectedError, Q, Value
from django.db.models.functions import Lower, Replace
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.fields import StreamField

from .enums import OPEN_STATUSES, CaseStatus, Channel, EventKind, Priority, Rule, ScanStatus
from .storage import attachment_upload_to, private_storage
from .workflow_blocks import WorkflowDefinitionBlock


def new_tracking_nonce() -> str:
    """A random value signed into a case's tracking links; changing it revokes them all."""
    return secrets.token_urlsafe(12)


def normalise_email(email: str | None) -> str:
    """Emails are matched case-insensitively, so they are stored trimmed and lower-case."""
    return (email or "").strip().lower()


class Customer(models.Model):
    """One record per person who asks us for something, matched by email address."""

    # Records, not content: nothing here is a Wagtail page, image or document's "usage", and the
    # reference index would otherwise be rebuilt on every save (a query or more per write).
    wagtail_reference_index_ignore = True

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True, default="")
    email_verified = models.BooleanField(_("email address verified"), default=False)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    address_line_1 = models.CharField(_("address line 1"), max_length=200, blank=True)
    address_line_2 = models.CharField(_("address line 2"), max_length=200, blank=True)
    town = models.CharField(_("town or city"), max_length=100, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customer",
    )
    # A duplicate record merged into another keeps its row (and its history) pointing there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    # Set when the person's details were erased (retention or a right-to-erasure request).
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("customer")
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=~Q(email=""), name="cases_customer_unique_email"
            ),
            models.CheckConstraint(
                condition=Q(email=Lower("email")), name="cases_customer_email_lowercase"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.email = normalise_email(self.email)
        super().save(*args, **kwargs)


class Team(models.Model):
    """A group of officers who work one queue (Highways, Waste, Planning enforcement...)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    email = models.EmailField(
        _("team email address"), blank=True, help_text=_("Where messages from residents go")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="case_teams",
    )
    leads = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("team leads"),
        blank=True,
        related_name="led_teams",
        help_text=_("Emailed a digest of the team's cases due soon and overdue each morning"),
    )

    class Meta:
        verbose_name = _("team")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Workflow(models.Model):
    """The states a case type's cases go through and who may move them (edited in the admin).

    Saving a changed workflow publishes a new `WorkflowVersion`; cases keep the version they
    started under, so editing a workflow never changes the rules for a case in flight."""

    wagtail_reference_index_ignore = True  # configuration, not content

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), unique=True, help_text=_("“standard” is the workflow for case types with none")
    )
    description = models.TextField(_("description"), blank=True)
    definition = StreamField(
        WorkflowDefinitionBlock(),
        verbose_name=_("states and transitions"),
        help_text=_(
            "The first state is where every new case starts. Add the states, then the "
            "transitions between them."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("workflow")
        ordering = ["name"]

    def __str__(self):
        return self.name


class WorkflowVersion(models.Model):
    """A workflow as it was saved, frozen: what the cases that started under it follow."""

    wagtail_reference_index_ignore = True

    workflow = models.ForeignKey(
        Workflow, verbose_name=_("workflow"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    # {"states": [{name, label, counts_as, clock_runs, ...}], "transitions": [{...}]}:
    # see crm.cases.workflows.definition_from_stream.
    definition = models.JSONField(_("definition"))
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("workflow version")
        ordering = ["workflow", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["workflow", "number"], name="cases_workflow_version_unique"
            )
        ]

    def __str__(self):
        return f"{self.workflow} v{self.number}"


class CaseType(models.Model):
    """What a case is about; decides the team that gets it and how long we have (the SLA)."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="case_types"
    )
    sla_working_days = models.PositiveSmallIntegerField(
        _("target (working days)"),
        default=10,
        help_text=_("Working days to resolve a case, not counting weekends and bank holidays"),
    )
    clock_rule = models.CharField(
        _("working days counted"),
        max_length=16,
        choices=Rule.choices,
        default=Rule.COUNCIL,
        help_text=_(
            "Freedom of Information and Environmental Information requests count working days "
            "as the Act defines them: council closure days still count."
        ),
    )
    workflow = models.ForeignKey(
        Workflow,
        verbose_name=_("workflow"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_types",
        help_text=_("Leave empty for the standard workflow"),
    )
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)"),
        null=True,
        blank=True,
        help_text=_(
            "Such as 5 for complaints: the case is flagged until it leaves its first state. "
            "Leave empty for no acknowledgement target."
        ),
    )
    max_extension_working_days = models.PositiveSmallIntegerField(
        _("target may be extended by up to (working days)"),
        default=0,
        help_text=_(
            "Such as 10 for stage 1 complaints or 20 for a Freedom of Information public "
            "interest extension; 0 for no extensions"
        ),
    )
    duplicate_window_days = models.PositiveSmallIntegerField(
        _("look for duplicates over (days)"),
        default=14,
        help_text=_(
            "A new case is shown likely duplicates of the same type opened this many days "
            "before it, for the same resident or the same location"
        ),
    )
    public_description = models.TextField(_("description for residents"), blank=True)
    is_active = models.BooleanField(_("accepting new cases"), default=True)
    retention_months = models.PositiveSmallIntegerField(
        _("keep closed cases for (months)"),
        default=72,
        help_text=_(
            "How long after a case closes its personal data is kept; then the answers, files "
            "and customer link are removed and only the figures reports need remain"
        ),
    )

    class Meta:
        verbose_name = _("case type")
        ordering = ["name"]

    def __str__(self):
        return self.name


# Characters left out when locations are compared for duplicates (crm.cases.selectors).
LOCATION_IGNORED = " \t\n\r,.;:-_'\"`/\\#()[]&!?+*"


def normalised_location_expression(field: str = "location_text"):
    """The location as duplicates are matched, in SQL: lower case, without spaces or punctuation
    (`selectors.normalise_location` is the same in Python). An index is built on it, so a query
    must use exactly this expression."""
    expression = Lower(field)
    for char in LOCATION_IGNORED:
        expression = Replace(expression, Value(char), Value(""))
    return expression


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def finished(self):
        return self.exclude(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None):
        """Open cases whose due date has passed (due today is not overdue yet), clock running."""
        return self.open().filter(due_date__lt=today or timezone.localdate(), clock_stopped=False)

    def for_team(self, team):
        return self.filter(team=team)

    def for_officer(self, officer):
        return self.filter(assigned_to=officer)

    def visible_to_staff(self, user):
        """Superusers see every case; other staff their teams' cases and those assigned to them."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self
        member_of = Team.objects.filter(members=user).values("pk")
        return self.filter(Q(team__in=member_of) | Q(assigned_to=user))


class Case(models.Model):
    """A request from a resident (or raised for one), worked by a team until it is closed."""

    wagtail_reference_index_ignore = True  # records, not content (see Customer)

    reference = models.CharField(_("reference"), max_length=32, unique=True, editable=False)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("case type"), on_delete=models.PROTECT, related_name="cases"
    )
    status = models.CharField(
        _("status"), max_length=32, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    priority = models.CharField(
        _("priority"), max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    # [{"question": label as asked, "answer": display value, "key": field name}, ...]
    answers = models.JSONField(_("answers"), default=list, blank=True)
    location_text = models.CharField(_("location"), max_length=500, blank=True)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="cases"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    due_date = models.DateField(_("due date"))
    # The workflow version the case started under, and its state there (an internal name). With
    # no version (cases made before workflows) the standard rules apply and the state is the
    # status. `status` is always the state's "counts as", for queues, reports and indexes.
    workflow_version = models.ForeignKey(
        WorkflowVersion,
        verbose_name=_("workflow version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    state = models.CharField(_("state"), max_length=64, blank=True)
    # The clock (crm.cases.services.clocks): counted from `clock_started_on` (the day opened
    # unless restarted) for `clock_target_days` working days plus any extension, less the
    # working days of its ClockStops. While stopped, `due_date` is the date if it ran again today.
    clock_started_on = models.DateField(_("clock started"), null=True, blank=True)
    clock_target_days = models.PositiveSmallIntegerField(
        _("target (working days)"), null=True, blank=True
    )
    extension_working_days = models.PositiveSmallIntegerField(_("extended by"), default=0)
    clock_stopped = models.BooleanField(_("clock stopped"), default=False)
    acknowledge_by = models.DateField(_("acknowledge by"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # Per-case workflow facts, such as {"excluded_handlers": [user ids]} for a "must be handled
    # by someone new" state.
    workflow_data = models.JSONField(default=dict, blank=True)
    # Set when staff merged this case into another (it closed as a duplicate).
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )
    # Idempotency: the same submission (a form's submission id) never opens two cases.
    submission_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("opened"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Signed into the case's tracking links (see tracking.py); rotating it revokes them.
    tracking_nonce = models.CharField(max_length=32, default=new_tracking_nonce, editable=False)
    # Set when retention or erasure removed the personal data; the figures stay.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # Staff case search on PostgreSQL (crm/cases/search.py): weighted words of the reference,
    # customer, type, location, answers and timeline, kept current on commit by the services.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        ordering = ["-created_at"]
        indexes = [
            # One status of a team in the queue's order (no sort), and the dashboard's counts.
            models.Index(
                fields=["team", "status", "due_date", "created_at", "id"],
                name="cases_case_team_status_due",
            ),
            models.Index(fields=["assigned_to", "status"], name="cases_case_officer_queue"),
            models.Index(fields=["created_at"], name="cases_case_created_at"),
            GinIndex(fields=["search_vector"], name="cases_case_search"),
            # The queues (selectors.QUEUE_ORDERS), read in their sort order so a keyset page
            # reads 50 index entries however deep it is: open work (the default view, small
            # and hot) in partial indexes, every status in full ones. "-due_date" reads the
            # same indexes backwards; "reference" uses its unique index.
            models.Index(
                fields=["team", "due_date", "created_at", "id"],
                # So the capped count of a filtered queue reads the index, not the table.
                include=["channel", "case_type", "assigned_to"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="cases_case_open_team_due",
            ),
            models.Index(
                fields=["due_date", "created_at", "id"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="cases_case_open_due",
            ),
            models.Index(
                fields=["team", "created_at", "id"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="cases_case_open_team_created",
            ),
            models.Index(
                fields=["assigned_to", "due_date", "created_at", "id"],
                condition=Q(status__in=sorted(OPEN_STATUSES)),
                name="cases_case_open_officer_due",
            ),
            models.Index(
                fields=["team", "due_date", "created_at", "id"], name="cases_case_team_due"
            ),
            models.Index(fields=["team", "created_at", "id"], name="cases_case_team_created"),
            models.Index(fields=["due_date", "created_at", "id"], name="cases_case_due"),
            # Likely duplicates at the same place (selectors.likely_duplicates).
            models.Index(
                F("case_type"),
                normalised_location_expression(),
                F("created_at"),
                name="cases_case_type_place_created",
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return (
            self.is_open
            and not self.clock_stopped
            and self.due_date < (today or timezone.localdate())
        )


class ClockStop(models.Model):
    """A period a case's clock was stopped, with why and by whom (its history)."""

    wagtail_reference_index_ignore = True

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="clock_stops")
    stopped_on = models.DateField(_("stopped on"))
    resumed_on = models.DateField(_("restarted on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    stopped_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clock stop")
        ordering = ["stopped_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(resumed_on__isnull=True),
                name="cases_clock_stop_one_open",
            )
        ]

    def __str__(self):
        return f"{self.case_id}: {self.stopped_on} to {self.resumed_on or '...'}"


class CaseLink(models.Model):
    """Two cases staff linked as related (such as reports of one fault); stored once per pair,
    the lower id first."""

    wagtail_reference_index_ignore = True

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_from")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_to")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case link")
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="cases_link_unique"),
            models.CheckConstraint(
                condition=Q(from_case__lt=models.F("to_case")), name="cases_link_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.from_case_id} - {self.to_case_id}"


class CaseEvent(models.Model):
    """One entry on a case's timeline. Public events are what the resident sees."""

    wagtail_reference_index_ignore = True  # records, not content (see Customer)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices)
    is_public = models.BooleanField(_("shown to the resident"), default=False)
    message = models.TextField(_("message"), blank=True)
    from_status = models.CharField(max_length=32, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(max_length=32, choices=CaseStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_events",
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case event")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="cases_event_timeline")]

    def __str__(self):
        return f"{self.case_id}: {self.get_kind_display()}"


class CaseAttachment(models.Model):
    """A file on a case, kept in private storage; visible to residents when its event is public."""

    wagtail_reference_index_ignore = True  # records, not content (see Customer)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, storage=private_storage, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        CaseEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="attachments"
    )
    scan_status = models.CharField(
        _("virus scan"),
        max_length=16,
        choices=ScanStatus.choices,
        default=ScanStatus.NOT_SCANNED,
    )
    scanned_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("case attachment")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.original_name


class ReferenceCounter(models.Model):
    """The last number used for a reference prefix in a year; locked while a case is opened."""

    wagtail_reference_index_ignore = True  # records, not content (see Customer)

    prefix = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"], name="cases_reference_counter_unique"
            )
        ]

    def __str__(self):
        return f"{self.prefix}-{self.year}: {self.last_number}"


class CouncilClosureDay(models.Model):
    """A day the council is closed besides bank holidays (such as between Christmas and New Year);
    it does not count as a working day for SLAs."""

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("council closure day")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.reason}".strip()


class CaseAccessLogQuerySet(models.QuerySet):
    def delete(self):
        raise ProtectedError(_("The case access log cannot be deleted."), set())


class CaseAccessLog(models.Model):
    """Who looked at a case, or downloaded one of its files, in the staff admin, and when.

    Written by `crm.cases.services.record_case_access`. It is an audit trail: it outlives its case
    (the reference and the viewer's name are copied in as they were) and cannot be deleted."""

    wagtail_reference_index_ignore = True  # records, not content (see Customer)

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed")
        DOWNLOADED = "downloaded", _("Downloaded a file")
        EXPORTED = "exported", _("Exported (subject access)")

    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="access_logs"
    )
    case_reference = models.CharField(_("case reference"), max_length=32, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="case_access_logs",
    )
    user_name = models.CharField(_("viewed by"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    attachment = models.ForeignKey(
        CaseAttachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = CaseAccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("case access log entry")
        verbose_name_plural = _("case access log")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["case", "created_at"], name="cases_access_log_case")]

    def __str__(self):
        return f"{self.case_reference or self.case_id} {self.action} by {self.user_name}"

    def delete(self, *args, **kwargs):
        raise ProtectedError(_("The case access log cannot be deleted."), {self})
