"""The demo disclosure log: a few published FOI and EIR responses under "Your council", with
topics and one released document, so the log's browse, filters and site search have content.

`load_demo_disclosure_log(home)` adds the log and its entries if the log is missing (safe to run
again). The log publishes the FOI and EIR case types if the demo has them (found by slug).
"""

from __future__ import annotations

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from crm.cases.models import CaseType
from services.models import (
    DisclosureLogDocument,
    DisclosureLogEntryPage,
    DisclosureLogPage,
    DisclosureTopic,
    ServiceIndexPage,
)
from services.models_disclosure import disclosure_collections

SLUG = "disclosure-log"
PARENT_SLUG = "your-council"
# Case types the log publishes, when the demo has them (the FOI work adds them).
CASE_TYPE_SLUGS = (
    "foi",
    "freedom-of-information",
    "freedom-of-information-request",
    "eir",
    "environmental-information-request",
)
TOPICS = {
    "housing": "Housing",
    "parking": "Parking and roads",
    "environment": "Environment",
    "finance": "Council finance",
}
FOI = DisclosureLogEntryPage.RequestType.FOI
EIR = DisclosureLogEntryPage.RequestType.EIR
Outcome = DisclosureLogEntryPage.Outcome

# (slug, title, reference, type, days ago responded, topics, request, response HTML,
#  exemptions, outcome, document (name, content) or None)
ENTRIES = [
    (
        "empty-homes-2025",
        "Long-term empty homes in the district",
        "FOI-2025-000318",
        FOI,
        12,
        ["housing"],
        "How many homes in the Fernleigh district have been empty for more than two years, "
        "and how many empty homes premium notices did the council issue in 2025?",
        "<p>On 1 October 2025, 214 homes had been empty for more than two years. The council "
        "issued 187 bills with the empty homes premium in 2025.</p><p>We have not released "
        "the addresses of the empty homes: owners can be identified from them.</p>",
        "s40(2) personal information",
        Outcome.PART,
        ("empty-homes-by-ward.csv", "Ward,Empty over 2 years\nMill Road,41\nOrchard,33\n"),
    ),
    (
        "parking-fines-town-centre",
        "Parking fines issued in the town centre",
        "FOI-2025-000297",
        FOI,
        40,
        ["parking", "finance"],
        "How many penalty charge notices were issued in Fernleigh town centre in each of the "
        "last three financial years, and how much was paid?",
        "<p>2022 to 2023: 6,120 notices, £182,400 paid. 2023 to 2024: 5,874 notices, "
        "£176,900 paid. 2024 to 2025: 6,402 notices, £193,050 paid.</p>",
        "",
        Outcome.GRANTED,
        None,
    ),
    (
        "air-quality-mill-road",
        "Air quality readings on Mill Road",
        "EIR-2025-000044",
        EIR,
        75,
        ["environment"],
        "Please send the nitrogen dioxide readings from the diffusion tubes on Mill Road for 2024.",
        "<p>The monthly readings are in the council's 2025 annual status report on air "
        "quality, published on our website. Under regulation 6(1)(b) we point you to it "
        "rather than sending a copy.</p>",
        "Regulation 6(1)(b): information already publicly available",
        Outcome.PART,
        None,
    ),
    (
        "consultants-spend-2024",
        "Spending on management consultants",
        "FOI-2025-000102",
        FOI,
        380,
        ["finance"],
        "How much did the council spend on management consultants in 2024, and with which firms?",
        "<p>The council did not use management consultants in 2024, so we do not hold this "
        "information.</p>",
        "",
        Outcome.NOT_HELD,
        None,
    ),
]


def load_demo_disclosure_log(home: Page, author=None) -> DisclosureLogPage | None:
    """Add the demo log and its entries, if there is no log yet."""
    if DisclosureLogPage.objects.exists():
        return None
    parent = ServiceIndexPage.objects.child_of(home).filter(slug=PARENT_SLUG).first() or home
    log = DisclosureLogPage(
        title="Disclosure log",
        slug=SLUG,
        summary="Our responses to Freedom of Information and Environmental Information "
        "requests, with the information we released.",
        search_description="Fernleigh District Council's responses to Freedom of Information "
        "and Environmental Information requests, by date and topic.",
    )
    parent.add_child(instance=log)
    log.case_types.set(CaseType.objects.filter(slug__in=CASE_TYPE_SLUGS))
    log.save_revision(user=author).publish(user=author)

    topics = {
        slug: DisclosureTopic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS.items()
    }
    public_collection, _drafts = disclosure_collections()
    today = timezone.localdate()
    for (
        slug,
        title,
        reference,
        request_type,
        days_ago,
        topic_slugs,
        request,
        response,
        exemptions,
        outcome,
        document,
    ) in ENTRIES:
        responded = today - timedelta(days=days_ago)
        entry = DisclosureLogEntryPage(
            title=title,
            slug=slug,
            reference=reference,
            request_type=request_type,
            date_received=responded - timedelta(days=18),
            date_responded=responded,
            request_text=request,
            response=response,
            exemptions=exemptions,
            outcome=outcome,
            summary=request,
            search_description=f"Our response to request {reference}: {title.lower()}.",
            live=False,
        )
        log.add_child(instance=entry)
        entry.topics.set([topics[t] for t in topic_slugs])
        if document:
            name, content = document
            file = get_document_model().objects.create(
                title=name,
                file=ContentFile(content.encode(), name=name),
                collection=public_collection,
            )
            entry.documents.add(DisclosureLogDocument(document=file))
        entry.save_revision(user=author).publish(user=author)
    return log
