"""Staff case search: one box that finds cases by reference, customer name, email, phone,
postcode and the words of their answers and timeline, best matches first.

Three backends behind one interface (`search_case_ids`), chosen by configuration:

- PostgreSQL: a stored weighted `tsvector` on each case (`Case.search_vector`, GIN-indexed),
  written by `update_case_search` after each commit that changes what it holds. Weights: A the
  reference and the customer's name, email, phone and postcode; B the case type and location;
  C the answers; D the timeline (public and internal). A reference typed in full comes first,
  then `websearch_to_tsquery` matches ranked by `ts_rank` (the newest `RANK_CANDIDATES` of them).
- Elasticsearch 8 when `ELASTICSEARCH_URL` is set: `CaseSearchBackend` builds the same fields as
  a document and the query as a dict (tested as a dict; no server runs in the tests).
- Anything else (SQLite under `make run`): `icontains` on the same fields.

Access is not decided here: `crm.cases.selectors.search_cases_for_staff` passes the cases the
searcher may see (and, for Elasticsearch, their teams) and re-checks every hit against them.
Nothing here logs what was searched for: queries are personal data.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, TextField, Value
from django.db.models.functions import Cast, Replace

from .models import Case, CaseEvent, CaseQuerySet

logger = logging.getLogger(__name__)

SEARCH_CONFIG = "english"  # stems answers and timeline words ("potholes" finds "pothole")
EXACT_CONFIG = "simple"  # keeps names, emails, references, phone numbers and postcodes whole
MAX_QUERY_LENGTH = 200
# Ranking reads every candidate's vector, so only the newest matches are ranked: a word in a fifth
# of a million cases costs the same as one in a thousand (PostgreSQL walks `created_at` backwards
# for common words and uses the GIN index for rare ones).
RANK_CANDIDATES = 300

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[\d\s().-]{6,}$")
POSTCODE_RE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}$")


# --- What a query means -------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    """The text as typed (trimmed), and the one token it normalises to when it is an email
    address, a phone number or a postcode (as they are stored in the vector)."""

    text: str
    token: str = ""
    kind: str = "words"  # or "email", "phone", "postcode"


def normalise_phone(value: str) -> str:
    """Digits only, a UK +44 number written as its 0 form: "+44 7700 900123" is "07700900123"."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("44") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def normalise_postcode(value: str) -> str:
    """Lower-case without spaces: "SW1A 1AA" is "sw1a1aa"."""
    return "".join((value or "").split()).lower()


def parse_query(text: str) -> ParsedQuery:
    text = " ".join((text or "").split())[:MAX_QUERY_LENGTH]
    if EMAIL_RE.match(text):
        return ParsedQuery(text, text.lower(), "email")
    if POSTCODE_RE.match(text):
        return ParsedQuery(text, normalise_postcode(text), "postcode")
    if PHONE_RE.match(text) and len(normalise_phone(text)) >= 6:
        return ParsedQuery(text, normalise_phone(text), "phone")
    return ParsedQuery(text)


# --- Keeping the vector current (PostgreSQL) ----------------------------------------------------

# One statement for any number of cases, so the rebuild command and a customer's correction (all
# their cases) cost one query per batch. Personal data never leaves the database for this.
UPDATE_SQL = """
UPDATE cases_case AS c SET search_vector =
    setweight(to_tsvector('simple', concat_ws(' ',
        c.reference, cu.name, cu.email, cu.phone,
        regexp_replace(regexp_replace(cu.phone, '\\D', '', 'g'), '^44(\\d{9,})$', '0\\1'),
        cu.postcode, lower(replace(cu.postcode, ' ', ''))
    )), 'A')
    || setweight(to_tsvector('english', coalesce(cu.name, '')), 'A')
    || setweight(to_tsvector('simple', concat_ws(' ', ct.name, c.location_text)), 'B')
    || setweight(to_tsvector('english', concat_ws(' ', ct.name, c.location_text)), 'B')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(answer.value ->> 'answer', ' ')
        FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(c.answers) = 'array' THEN c.answers ELSE '[]'::jsonb END
        ) AS answer
    ), '')), 'C')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(event.message, ' ') FROM cases_caseevent AS event
        WHERE event.case_id = c.id AND event.message <> ''
    ), '')), 'D')
FROM cases_case AS row
JOIN cases_casetype AS ct ON ct.id = row.case_type_id
LEFT JOIN cases_customer AS cu ON cu.id = row.customer_id
WHERE c.id = row.id AND c.id = ANY(%s)
"""


def uses_postgres_search() -> bool:
    return connection.vendor == "postgresql"


def update_case_search(case_id: int | Iterable[int]) -> None:
    """Rewrite the search vector of one case (or several) from what is stored now, and the
    Elasticsearch document when it is configured. Called on commit by the services."""
    case_ids = [case_id] if isinstance(case_id, int) else sorted(set(case_id))
    if not case_ids:
        return
    if uses_postgres_search():
        with connection.cursor() as cursor:
            cursor.execute(UPDATE_SQL, [case_ids])
    backend = elasticsearch_backend()
    if backend is not None:
        backend.index_cases(case_ids)


def update_case_search_on_commit(case_ids: Iterable[int]) -> None:
    """Queue `update_case_search` for when the current transaction commits (at once outside
    one), so the vector sees the final reference and never a rolled-back change."""
    case_ids = sorted({case_id for case_id in case_ids if case_id is not None})
    if case_ids:
        transaction.on_commit(partial(_update_quietly, case_ids))


def _update_quietly(case_ids: list[int]) -> None:
    # The write has committed; a search index that fails to follow must not turn it into an
    # error page. The nightly or manual `rebuild_case_search` repairs it.
    try:
        update_case_search(case_ids)
    except Exception as error:  # noqa: BLE001
        logger.warning(
            "Case search: could not update %s case(s) (%s)", len(case_ids), type(error).__name__
        )


def rebuild_case_search(*, batch_size: int = 1000, only_missing: bool = False) -> int:
    """Fill the vector of every case (or of those without one), `batch_size` at a time in key
    order, each batch its own transaction; returns how many cases were written."""
    cases = Case.objects.order_by("pk")
    if only_missing:
        cases = cases.filter(search_vector__isnull=True)
    done, last_pk = 0, 0
    while True:
        batch = list(cases.filter(pk__gt=last_pk).values_list("pk", flat=True)[:batch_size])
        if not batch:
            return done
        with transaction.atomic():
            update_case_search(batch)
        done += len(batch)
        last_pk = batch[-1]


# --- Searching ----------------------------------------------------------------------------------


def search_query(parsed: ParsedQuery) -> SearchQuery:
    """Websearch syntax ("quoted phrases", -not, or), stemmed or as typed; an email, phone
    number or postcode also as its normalised token."""
    if parsed.token:
        query = SearchQuery(parsed.token, config=EXACT_CONFIG, search_type="phrase")
        return query | SearchQuery(parsed.text, config=EXACT_CONFIG, search_type="websearch")
    query = SearchQuery(parsed.text, config=SEARCH_CONFIG, search_type="websearch")
    return query | SearchQuery(parsed.text, config=EXACT_CONFIG, search_type="websearch")


def postgres_search(cases: CaseQuerySet, parsed: ParsedQuery) -> CaseQuerySet:
    """Matches among `cases`, best first (of the newest `RANK_CANDIDATES` matches)."""
    query = search_query(parsed)
    newest = (
        cases.filter(search_vector=query)
        .order_by("-created_at", "-pk")
        .values("pk")[:RANK_CANDIDATES]
    )
    return (
        cases.filter(pk__in=newest)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
        .order_by("-search_rank", "-created_at", "-pk")
    )


def fallback_search(cases: CaseQuerySet, parsed: ParsedQuery) -> CaseQuerySet:
    """`icontains` on the same fields, newest first (SQLite under `make run`)."""
    text = parsed.text
    condition = (
        Q(reference__icontains=text)
        | Q(customer__name__icontains=text)
        | Q(customer__email__icontains=text)
        | Q(customer__phone__icontains=text)
        | Q(customer__postcode__icontains=text)
        | Q(case_type__name__icontains=text)
        | Q(location_text__icontains=text)
        | Q(answers_text__icontains=text)
        | Q(Exists(CaseEvent.objects.filter(case=OuterRef("pk"), message__icontains=text)))
    )
    if parsed.kind == "phone":
        condition |= Q(compact_phone__contains=parsed.token)
    if parsed.kind == "postcode":
        condition |= Q(compact_postcode__iexact=parsed.token)
    return (
        cases.annotate(
            answers_text=Cast("answers", TextField()),
            compact_phone=Replace(
                Replace("customer__phone", Value(" "), Value("")), Value("-"), Value("")
            ),
            compact_postcode=Replace("customer__postcode", Value(" "), Value("")),
        )
        .filter(condition)
        .order_by("-created_at", "-pk")
    )


def search_case_ids(
    cases: CaseQuerySet,
    text: str,
    *,
    limit: int,
    visible_team_ids: list[int] | None = None,
    assigned_to_id: int | None = None,
) -> list[int]:
    """The ids of the best `limit` matches among `cases` (those the searcher may see), best
    first; a reference typed in full always first. `visible_team_ids` (None: every team) and
    `assigned_to_id` describe the same access for Elasticsearch, which cannot run the queryset."""
    parsed = parse_query(text)
    if not parsed.text or limit <= 0:
        return []
    # References are upper-case (unless a council's prefix is not): equalities the unique index
    # answers, where `iexact` would read every case.
    typed_as = Q(reference=parsed.text) | Q(reference=parsed.text.upper())
    exact = list(cases.filter(typed_as).values_list("pk", flat=True)[:1])
    backend = elasticsearch_backend()
    if backend is not None:
        hits = backend.search(
            parsed.text, visible_team_ids, assigned_to_id=assigned_to_id, limit=limit
        )
        # The index may lag behind a reassignment: keep only hits the database still allows.
        allowed = set(cases.filter(pk__in=hits).values_list("pk", flat=True))
        found = [pk for pk in hits if pk in allowed]
    elif uses_postgres_search():
        found = list(postgres_search(cases, parsed).values_list("pk", flat=True)[:limit])
    else:
        found = list(fallback_search(cases, parsed).values_list("pk", flat=True)[:limit])
    return (exact + [pk for pk in found if pk not in exact])[:limit]


# --- Elasticsearch 8 ----------------------------------------------------------------------------


class CaseSearchBackend:
    """Cases in an Elasticsearch 8 index, one document per case, with the same fields and
    weights as the PostgreSQL vector (boosts 8, 4, 2, 1 for A to D)."""

    FIELDS = (
        "reference^8",
        "customer_name^8",
        "customer_email^8",
        "customer_phone^8",
        "customer_postcode^8",
        "case_type^4",
        "location^4",
        "answers^2",
        "timeline",
    )

    def __init__(self, url: str, index: str):
        self.url = url
        self.index = index

    @property
    def client(self):
        from elasticsearch import Elasticsearch  # only where Elasticsearch is configured

        if not hasattr(self, "_client"):
            self._client = Elasticsearch(self.url)
        return self._client

    def build_query(
        self,
        text: str,
        visible_team_ids: list[int] | None,
        *,
        assigned_to_id: int | None = None,
        limit: int = 50,
    ) -> dict:
        """The search body: the words over every field (exact tokens for an email, phone number
        or postcode), filtered to the searcher's teams and own cases (`visible_team_ids` None for
        superusers, who see every case)."""
        parsed = parse_query(text)
        should: list[dict] = [
            {"term": {"reference.keyword": {"value": parsed.text.upper(), "boost": 100}}},
            {
                "multi_match": {
                    "query": parsed.text,
                    "fields": list(self.FIELDS),
                    "type": "best_fields",
                    "operator": "and",
                }
            },
        ]
        if parsed.token:
            field = {
                "email": "customer_email.keyword",
                "phone": "customer_phone_digits",
                "postcode": "customer_postcode_compact",
            }[parsed.kind]
            should.append({"term": {field: {"value": parsed.token, "boost": 10}}})
        query: dict = {"bool": {"should": should, "minimum_should_match": 1}}
        if visible_team_ids is not None:
            access: list[dict] = [{"terms": {"team_id": sorted(visible_team_ids)}}]
            if assigned_to_id is not None:
                access.append({"term": {"assigned_to_id": assigned_to_id}})
            query["bool"]["filter"] = [{"bool": {"should": access, "minimum_should_match": 1}}]
        return {
            "query": query,
            "sort": ["_score", {"created_at": "desc"}],
            "size": limit,
            "_source": False,
        }

    def build_document(self, case: Case) -> dict:
        customer = case.customer
        return {
            "reference": case.reference,
            "team_id": case.team_id,
            "assigned_to_id": case.assigned_to_id,
            "created_at": case.created_at.isoformat(),
            "customer_name": getattr(customer, "name", ""),
            "customer_email": getattr(customer, "email", ""),
            "customer_phone": getattr(customer, "phone", ""),
            "customer_phone_digits": normalise_phone(getattr(customer, "phone", "")),
            "customer_postcode": getattr(customer, "postcode", ""),
            "customer_postcode_compact": normalise_postcode(getattr(customer, "postcode", "")),
            "case_type": case.case_type.name,
            "location": case.location_text,
            "answers": " ".join(str(a.get("answer", "")) for a in case.answers or []),
            "timeline": " ".join(event.message for event in case.events.all() if event.message),
        }

    def index_cases(self, case_ids: list[int]) -> None:
        cases = (
            Case.objects.filter(pk__in=case_ids)
            .select_related("customer", "case_type")
            .prefetch_related("events")
        )
        for case in cases:
            self.client.index(index=self.index, id=str(case.pk), document=self.build_document(case))

    def search(
        self,
        text: str,
        visible_team_ids: list[int] | None,
        *,
        assigned_to_id: int | None = None,
        limit: int = 50,
    ) -> list[int]:
        body = self.build_query(text, visible_team_ids, assigned_to_id=assigned_to_id, limit=limit)
        response = self.client.search(index=self.index, **body)
        return [int(hit["_id"]) for hit in response["hits"]["hits"]]


def elasticsearch_backend() -> CaseSearchBackend | None:
    url = getattr(settings, "ELASTICSEARCH_URL", "")
    if not url:
        return None
    index = getattr(settings, "DOORSTEP_CASE_SEARCH_INDEX", "") or "doorstep-cases"
    return CaseSearchBackend(url, index)
