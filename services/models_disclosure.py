"""The disclosure log: FOI and EIR responses published as pages residents browse and search.

`DisclosureLogPage` is the log (browse by year, month and topic, newest first) and says which
case types it publishes; `DisclosureLogEntryPage` is one response, with its request text and
answer with personal data removed and the documents chosen. Staff prepare an entry from a case
(`services.disclosure`); it stays a draft until an editor publishes it.

Case types are referenced with a many-to-many to `cases.CaseType` by its app label, as
`forms.EForm.case_type` does: a relation by name imports no CRM module, so the import contracts
hold, and the CRM keeps ownership of the table (it is only read).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms as django_forms
from django.core.paginator import Paginator
from django.db import models
from django.dispatch import receiver
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Collection, Orderable, Page
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from home.chrome import public

from .models import ContentPage


class DisclosureTopic(models.Model):
    """A subject residents browse the log by, such as "Housing" or "Parking"."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("disclosure log topic")
        verbose_name_plural = _("disclosure log topics")

    def __str__(self):
        return self.name


class DisclosureLogPage(ContentPage):
    """The public log: every published response under it, newest first, with filters by year,
    month and topic that are plain GET parameters (they work without JavaScript)."""

    page_size = 20

    case_types = ParentalManyToManyField(
        "cases.CaseType",
        blank=True,
        related_name="+",
        verbose_name=_("case types published here"),
        help_text=_(
            "Staff can prepare an entry for this log from cases of these types (for example "
            "Freedom of Information and Environmental Information requests)."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    settings_panels = ContentPage.settings_panels + [
        FieldPanel("case_types", widget=django_forms.CheckboxSelectMultiple)
    ]
    subpage_types = ["services.DisclosureLogEntryPage"]
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage"]

    class Meta:
        verbose_name = _("disclosure log")

    def entries(self):
        return public(DisclosureLogEntryPage.objects.child_of(self).live())

    def filters(self, request) -> dict:
        """The valid filters in the request (anything else is ignored, not an error)."""
        chosen: dict = {}
        year = request.GET.get("year", "")
        if year.isdigit() and 1900 < int(year) < 3000:
            chosen["year"] = int(year)
            month = request.GET.get("month", "")
            if month.isdigit() and 1 <= int(month) <= 12:
                chosen["month"] = int(month)
        topic = request.GET.get("topic", "")
        if topic:
            chosen["topic"] = topic[:80]
        return chosen

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        chosen = self.filters(request)
        entries = self.entries()
        if "year" in chosen:
            entries = entries.filter(date_responded__year=chosen["year"])
        if "month" in chosen:
            entries = entries.filter(date_responded__month=chosen["month"])
        if "topic" in chosen:
            entries = entries.filter(topics__slug=chosen["topic"])
        entries = entries.order_by("-date_responded", "-pk").prefetch_related("topics")
        page_obj = Paginator(entries, self.page_size).get_page(request.GET.get("page"))
        years = sorted(
            {d.year for d in self.entries().dates("date_responded", "year")}, reverse=True
        )
        topics = list(DisclosureTopic.objects.filter(entries__in=self.entries()).distinct())
        context.update(
            entries=page_obj,
            result_count=page_obj.paginator.count,
            chosen=chosen,
            years=years,
            months=sorted(MONTHS.items()),
            topics=topics,
            chosen_topic=next((t for t in topics if t.slug == chosen.get("topic")), None),
            chosen_month_name=MONTHS[chosen["month"]] if "month" in chosen else "",
            filter_query=urlencode(chosen),
        )
        return context


class DisclosureLogEntryPage(ContentPage):
    """One published response: what was asked, what was answered, what was withheld and why."""

    class RequestType(models.TextChoices):
        FOI = "foi", _("Freedom of Information (FOI)")
        EIR = "eir", _("Environmental Information Regulations (EIR)")

    class Outcome(models.TextChoices):
        GRANTED = "granted", _("Granted in full")
        PART = "part", _("Granted in part")
        REFUSED = "refused", _("Refused")
        NOT_HELD = "not_held", _("Information not held")

    reference = models.CharField(_("reference"), max_length=32, blank=True)
    request_type = models.CharField(
        _("request type"), max_length=8, choices=RequestType.choices, default=RequestType.FOI
    )
    date_received = models.DateField(_("date received"), null=True, blank=True)
    date_responded = models.DateField(
        _("date responded"), default=timezone.localdate, db_index=True
    )
    topics = ParentalManyToManyField(
        DisclosureTopic, blank=True, related_name="entries", verbose_name=_("topics")
    )
    request_text = models.TextField(
        _("request"),
        help_text=_("What was asked, with names, addresses and contact details removed"),
    )
    response = RichTextField(
        _("response"),
        features=["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"],
        help_text=_("The answer, with personal data removed"),
    )
    exemptions = models.TextField(
        _("exemptions or exceptions applied"),
        blank=True,
        help_text=_("One per line, for example: s40(2) personal information"),
    )
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.GRANTED
    )
    # The case it was prepared from: one entry per case. Never shown publicly.
    source_case_uuid = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    search_fields = ContentPage.search_fields + [
        index.SearchField("reference"),
        index.SearchField("request_text"),
        index.SearchField("response"),
        index.SearchField("exemptions"),
        index.FilterField("date_responded"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("reference"),
                FieldPanel("request_type"),
                FieldPanel("date_received"),
                FieldPanel("date_responded"),
                FieldPanel("outcome"),
                FieldPanel("topics", widget=django_forms.CheckboxSelectMultiple),
            ],
            heading=_("About the request"),
        ),
        FieldPanel("request_text"),
        FieldPanel("response"),
        FieldPanel("exemptions"),
        InlinePanel("documents", label=_("Documents"), heading=_("Documents released")),
    ]
    subpage_types: list[str] = []
    parent_page_types = ["services.DisclosureLogPage"]
    exclude_fields_in_copy = ["source_case_uuid"]

    class Meta:
        verbose_name = _("disclosure log entry")
        verbose_name_plural = _("disclosure log entries")

    def exemption_list(self) -> list[str]:
        return [line.strip() for line in self.exemptions.splitlines() if line.strip()]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["documents"] = list(self.documents.select_related("document"))
        context["entry_topics"] = list(self.topics.all())
        context["log_page"] = self.get_parent()
        return context


class DisclosureLogDocument(Orderable):
    """A document released with a response (a Wagtail document, so it is served and searched
    as any other)."""

    page = ParentalKey(DisclosureLogEntryPage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("Defaults to the document's title")
    )

    panels = [FieldPanel("document"), FieldPanel("title")]

    def __str__(self):
        return self.title or self.document.title

    @property
    def label(self) -> str:
        return self.title or self.document.title


# Documents copied from a case wait in a staff-only collection until their entry is published:
# a draft's files must not be reachable by guessing a document URL.
PUBLIC_COLLECTION_NAME = "Disclosure log"
DRAFT_COLLECTION_NAME = "Disclosure log (not yet published)"


def disclosure_collections() -> tuple[Collection, Collection]:
    """The public collection and, inside it, the restricted one for drafts' documents."""
    from django.contrib.auth.models import Group
    from wagtail.models import CollectionViewRestriction

    root = Collection.get_first_root_node()
    public_collection = root.get_children().filter(name=PUBLIC_COLLECTION_NAME).first()
    if public_collection is None:
        public_collection = root.add_child(name=PUBLIC_COLLECTION_NAME)
    drafts = public_collection.get_children().filter(name=DRAFT_COLLECTION_NAME).first()
    if drafts is None:
        drafts = public_collection.add_child(name=DRAFT_COLLECTION_NAME)
        restriction = CollectionViewRestriction.objects.create(
            collection=drafts, restriction_type=CollectionViewRestriction.GROUPS
        )
        # Superusers always pass; editors and moderators review the draft's files.
        restriction.groups.set(Group.objects.filter(name__in=["Editors", "Moderators"]))
    return public_collection, drafts


@receiver(page_published, sender=DisclosureLogEntryPage)
def release_documents(sender, instance, **kwargs):
    """On publishing, the entry's documents leave the staff-only collection."""
    from wagtail.documents import get_document_model

    public_collection, drafts = disclosure_collections()
    ids = DisclosureLogDocument.objects.filter(page_id=instance.pk).values_list(
        "document_id", flat=True
    )
    get_document_model().objects.filter(pk__in=list(ids), collection=drafts).update(
        collection=public_collection
    )


@receiver(page_unpublished, sender=DisclosureLogEntryPage)
def withdraw_documents(sender, instance, **kwargs):
    """On unpublishing (a response withdrawn, perhaps for personal data found in it), its
    documents go back to the staff-only collection, unless another live entry releases them."""
    from wagtail.documents import get_document_model

    public_collection, drafts = disclosure_collections()
    ids = set(
        DisclosureLogDocument.objects.filter(page_id=instance.pk).values_list(
            "document_id", flat=True
        )
    )
    still_released = DisclosureLogDocument.objects.filter(
        document_id__in=ids, page__live=True
    ).exclude(page=instance)
    ids -= set(still_released.values_list("document_id", flat=True))
    get_document_model().objects.filter(pk__in=ids, collection=public_collection).update(
        collection=drafts
    )


__all__ = [
    "DisclosureLogDocument",
    "DisclosureLogEntryPage",
    "DisclosureLogPage",
    "DisclosureTopic",
]
