"""Staff case search: what finds a case, in what order, for whom, and how the index keeps up.

Cases built by factories skip the services, so tests index them with `update_case_search` (or
the rebuild command); the service tests run the on-commit callbacks the services queue.
"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from crm.cases.models import Case
from crm.cases.search import (
    CaseSearchBackend,
    fallback_search,
    normalise_phone,
    parse_query,
    search_case_ids,
    update_case_search,
)
from crm.cases.selectors import search_cases_for_staff
from crm.cases.services import (
    add_internal_note,
    add_public_update,
    anonymise_case,
    change_case_status,
    merge_customers,
    open_case,
    update_customer,
)
from tests.crm.factories import (
    CaseFactory,
    CaseTypeFactory,
    CustomerFactory,
    TeamFactory,
    UserFactory,
)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tsvector search needs PostgreSQL"
)


def index(*cases):
    update_case_search([case.pk for case in cases])


def refs(cases) -> list[str]:
    return [case.reference for case in cases]


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def other_type(db):
    return CaseTypeFactory(name="Missed bin", team=TeamFactory(name="Waste"))


# --- What a query means -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "token"),
    [
        ("  Ria@Example.COM ", "email", "ria@example.com"),
        ("+44 7700 900123", "phone", "07700900123"),
        ("07700-900 123", "phone", "07700900123"),
        ("sw1a1aa", "postcode", "sw1a1aa"),
        ("SW1A 1AA", "postcode", "sw1a1aa"),
        ("pothole on mill lane", "words", ""),
        ("2026", "words", ""),
    ],
)
def test_emails_phones_and_postcodes_are_normalised(typed, kind, token):
    parsed = parse_query(typed)

    assert (parsed.kind, parsed.token) == (kind, token)


def test_phone_numbers_are_compared_by_their_digits():
    assert normalise_phone("(01632) 960 000") == normalise_phone("01632960000") == "01632960000"


# --- Finding cases (PostgreSQL) -----------------------------------------------------------------


@postgres_only
@pytest.mark.parametrize(
    "typed",
    [
        "Ria Resident",
        "resident",
        "RIA@example.com",
        "07700 900123",
        "+447700900123",
        "07700900123",
        "ds1 1aa",
        "DS11AA",
        "mattress",  # an answer
        "mattresses",  # stemmed
        "Mill Lane",  # the location
        "scaffolding",  # an internal note
        "cleared",  # a public update
    ],
)
def test_a_case_is_found_by_each_of_its_fields(officer, case_type, typed):
    customer = CustomerFactory(
        name="Ria Resident", email="ria@example.com", phone="07700 900123", postcode="DS1 1AA"
    )
    case = CaseFactory(
        case_type=case_type,
        customer=customer,
        answers=[{"question": "What was dumped?", "answer": "A mattress", "key": "what"}],
        location_text="Outside 12 Mill Lane",
    )
    add_internal_note(case, actor=officer, text="Scaffolding blocks the way")
    add_public_update(case, actor=officer, text="The rubbish was cleared")
    someone_else = CustomerFactory(name="Sam Other", phone="01632 960000", postcode="DS2 2BB")
    CaseFactory(case_type=case_type, customer=someone_else, answers=[], location_text="Station Rd")
    index(*Case.objects.all())

    assert refs(search_cases_for_staff(officer, typed)) == [case.reference]


@postgres_only
def test_the_question_labels_do_not_match_every_case(officer, case_type):
    CaseFactory(
        case_type=case_type,
        answers=[{"question": "What was dumped?", "answer": "Sofa", "key": "what"}],
    )
    index(*Case.objects.all())

    assert search_cases_for_staff(officer, "dumped") == []


@postgres_only
def test_a_reference_typed_in_full_comes_first(officer, case_type):
    wanted = CaseFactory(case_type=case_type, reference="DS-2026-000042")
    mentions = CaseFactory(case_type=case_type)
    add_internal_note(mentions, actor=officer, text="Duplicate of DS-2026-000042, closing")
    index(wanted, mentions)

    found = search_cases_for_staff(officer, "ds-2026-000042")

    assert refs(found)[0] == wanted.reference


@postgres_only
def test_matches_in_the_customer_name_rank_above_matches_in_the_timeline(officer, case_type):
    in_timeline = CaseFactory(case_type=case_type, customer=CustomerFactory(name="Ann Other"))
    add_internal_note(in_timeline, actor=officer, text="Spoke to Mr Hargreaves next door")
    in_name = CaseFactory(case_type=case_type, customer=CustomerFactory(name="Tom Hargreaves"))
    index(in_timeline, in_name)

    assert refs(search_cases_for_staff(officer, "hargreaves")) == [
        in_name.reference,
        in_timeline.reference,
    ]


@postgres_only
def test_websearch_syntax_excludes_words(officer, case_type):
    keep = CaseFactory(case_type=case_type, location_text="Mill Lane by the school")
    CaseFactory(case_type=case_type, location_text="Mill Lane by the church")
    index(*Case.objects.all())

    assert refs(search_cases_for_staff(officer, "mill -church")) == [keep.reference]


@postgres_only
def test_results_stop_at_the_limit(officer, case_type):
    for _ in range(4):
        CaseFactory(case_type=case_type, location_text="Green Lane")
    index(*Case.objects.all())

    assert len(search_cases_for_staff(officer, "green", limit=3)) == 3


@postgres_only
def test_an_empty_query_finds_nothing(officer, case_type):
    index(CaseFactory(case_type=case_type))

    assert search_cases_for_staff(officer, "   ") == []


# --- Who sees what ------------------------------------------------------------------------------


@postgres_only
def test_staff_only_find_their_teams_cases_and_those_assigned_to_them(
    officer, case_type, other_type
):
    own = CaseFactory(case_type=case_type, location_text="Quarry Road")
    hidden = CaseFactory(case_type=other_type, location_text="Quarry Road")
    assigned = CaseFactory(case_type=other_type, location_text="Quarry Road", assigned_to=officer)
    index(own, hidden, assigned)

    found = refs(search_cases_for_staff(officer, "quarry"))

    assert sorted(found) == sorted([own.reference, assigned.reference])
    assert hidden.reference not in refs(search_cases_for_staff(officer, hidden.reference))


@postgres_only
def test_superusers_find_every_case(superuser, case_type, other_type):
    cases = [CaseFactory(case_type=t, location_text="Quarry Road") for t in (case_type, other_type)]
    index(*cases)

    assert sorted(refs(search_cases_for_staff(superuser, "quarry"))) == sorted(refs(cases))


@postgres_only
def test_staff_in_no_team_and_inactive_accounts_find_nothing(officer, case_type):
    index(CaseFactory(case_type=case_type, location_text="Quarry Road"))
    outsider = UserFactory(is_staff=True)
    officer.is_active = False
    officer.save()

    assert search_cases_for_staff(outsider, "quarry") == []
    assert search_cases_for_staff(officer, "quarry") == []
    assert search_cases_for_staff(None, "quarry") == []


# --- Keeping the index current ------------------------------------------------------------------


@postgres_only
def test_a_case_opened_by_the_service_is_found_after_commit(
    officer, case_type, customer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = open_case(
            case_type=case_type,
            customer=customer,
            answers=[{"question": "What?", "answer": "Burnt-out moped", "key": "what"}],
        )

    assert refs(search_cases_for_staff(officer, "moped")) == [case.reference]
    assert refs(search_cases_for_staff(officer, case.reference)) == [case.reference]


@postgres_only
def test_notes_updates_and_status_messages_are_found_after_commit(
    officer, case_type, django_capture_on_commit_callbacks
):
    case = CaseFactory(case_type=case_type)
    index(case)
    assert search_cases_for_staff(officer, "hedgehog") == []

    with django_capture_on_commit_callbacks(execute=True):
        add_internal_note(case, actor=officer, text="Hedgehog nest under the sofa")
    assert refs(search_cases_for_staff(officer, "hedgehog")) == [case.reference]

    with django_capture_on_commit_callbacks(execute=True):
        change_case_status(
            case, to_status="in_progress", actor=officer, public_message="Crew booked for Tuesday"
        )
    assert refs(search_cases_for_staff(officer, "crew booked")) == [case.reference]


@postgres_only
def test_a_rolled_back_note_never_reaches_the_index(officer, case_type):
    case = CaseFactory(case_type=case_type)
    index(case)

    with pytest.raises(RuntimeError), transaction.atomic():
        add_internal_note(case, actor=officer, text="Zeppelin overhead")
        raise RuntimeError

    assert search_cases_for_staff(officer, "zeppelin") == []


@postgres_only
def test_a_corrected_customer_is_found_by_the_new_details_only(
    officer, case_type, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(name="Jon Smyth", phone="01632 960001")
    case = CaseFactory(case_type=case_type, customer=customer)
    index(case)

    with django_capture_on_commit_callbacks(execute=True):
        update_customer(customer, actor=officer, name="John Smith", phone="07700 900777")

    assert refs(search_cases_for_staff(officer, "john smith")) == [case.reference]
    assert refs(search_cases_for_staff(officer, "07700900777")) == [case.reference]
    assert search_cases_for_staff(officer, "smyth") == []
    assert search_cases_for_staff(officer, "01632 960001") == []


@postgres_only
def test_merged_cases_are_found_by_the_kept_record(
    officer, case_type, django_capture_on_commit_callbacks
):
    keep = CustomerFactory(name="Ria Resident", phone="")
    duplicate = CustomerFactory(name="R. Resident", phone="07700 900555")
    kept_case = CaseFactory(case_type=case_type, customer=keep)
    moved_case = CaseFactory(case_type=case_type, customer=duplicate)
    index(kept_case, moved_case)

    with django_capture_on_commit_callbacks(execute=True):
        merge_customers(keep, duplicate, actor=officer)

    # The kept record took the duplicate's phone number, so both cases are found by it.
    assert sorted(refs(search_cases_for_staff(officer, "07700900555"))) == sorted(
        [kept_case.reference, moved_case.reference]
    )


@postgres_only
def test_an_anonymised_case_is_no_longer_found_by_personal_data(
    officer, case_type, django_capture_on_commit_callbacks
):
    customer = CustomerFactory(name="Ria Resident", email="ria@example.com")
    case = CaseFactory(case_type=case_type, customer=customer, closed=True)
    add_internal_note(case, actor=officer, text="Ria rang about the mattress")
    index(case)
    assert refs(search_cases_for_staff(officer, "ria@example.com")) == [case.reference]

    with django_capture_on_commit_callbacks(execute=True):
        anonymise_case(case)

    assert search_cases_for_staff(officer, "ria@example.com") == []
    assert search_cases_for_staff(officer, "mattress") == []
    assert refs(search_cases_for_staff(officer, case.reference)) == [case.reference]


@postgres_only
def test_rebuild_command_indexes_existing_cases_in_batches(officer, case_type, capsys):
    cases = [CaseFactory(case_type=case_type, location_text="Orchard Close") for _ in range(5)]
    assert search_cases_for_staff(officer, "orchard") == []

    call_command("rebuild_case_search", "--batch-size", "2")

    assert sorted(refs(search_cases_for_staff(officer, "orchard"))) == sorted(refs(cases))
    assert "Indexed 5 case(s)" in capsys.readouterr().out


@postgres_only
def test_rebuild_command_can_fill_only_the_missing_vectors(case_type, capsys):
    index(CaseFactory(case_type=case_type))
    CaseFactory(case_type=case_type)

    call_command("rebuild_case_search", "--missing")

    assert "Indexed 1 case(s)" in capsys.readouterr().out
    assert not Case.objects.filter(search_vector__isnull=True).exists()


def test_rebuild_command_refuses_a_batch_size_below_one(db):
    with pytest.raises(CommandError):
        call_command("rebuild_case_search", "--batch-size", "0")


# --- The SQLite fallback ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["ria", "RIA@EXAMPLE.COM", "07700900123", "ds11aa", "mattress", "scaffold"]
)
def test_the_fallback_finds_the_same_fields_with_icontains(officer, case_type, typed):
    customer = CustomerFactory(
        name="Ria Resident", email="ria@example.com", phone="07700 900123", postcode="DS1 1AA"
    )
    case = CaseFactory(
        case_type=case_type,
        customer=customer,
        answers=[{"question": "What?", "answer": "A mattress", "key": "what"}],
    )
    add_internal_note(case, actor=officer, text="Scaffolding in the way")
    someone_else = CustomerFactory(name="Sam Other", phone="01632 960000", postcode="DS2 2BB")
    CaseFactory(case_type=case_type, customer=someone_else, answers=[])

    found = fallback_search(Case.objects.all(), parse_query(typed))

    assert refs(found) == [case.reference]


# --- Elasticsearch 8 (no server: the query and document are checked as data) --------------------


def test_elasticsearch_query_keeps_to_the_searchers_teams_and_cases():
    backend = CaseSearchBackend("http://search.invalid:9200", "doorstep-cases")

    body = backend.build_query("mattress Mill Lane", [7, 3], assigned_to_id=12, limit=20)

    assert body["size"] == 20
    assert body["sort"] == ["_score", {"created_at": "desc"}]
    query = body["query"]["bool"]
    assert query["minimum_should_match"] == 1
    assert query["filter"] == [
        {
            "bool": {
                "should": [{"terms": {"team_id": [3, 7]}}, {"term": {"assigned_to_id": 12}}],
                "minimum_should_match": 1,
            }
        }
    ]
    words = next(clause["multi_match"] for clause in query["should"] if "multi_match" in clause)
    assert words["query"] == "mattress Mill Lane"
    assert words["operator"] == "and"
    assert "customer_name^8" in words["fields"] and "timeline" in words["fields"]
    assert {"term": {"reference.keyword": {"value": "MATTRESS MILL LANE", "boost": 100}}} in (
        query["should"]
    )


def test_elasticsearch_query_for_a_superuser_has_no_access_filter():
    body = CaseSearchBackend("http://x", "i").build_query("pothole", None)

    assert "filter" not in body["query"]["bool"]


@pytest.mark.parametrize(
    ("typed", "term"),
    [
        ("Ria@Example.com", {"customer_email.keyword": {"value": "ria@example.com", "boost": 10}}),
        ("+44 7700 900123", {"customer_phone_digits": {"value": "07700900123", "boost": 10}}),
        ("ds1 1aa", {"customer_postcode_compact": {"value": "ds11aa", "boost": 10}}),
    ],
)
def test_elasticsearch_query_matches_normalised_contact_details(typed, term):
    body = CaseSearchBackend("http://x", "i").build_query(typed, [1])

    assert {"term": term} in body["query"]["bool"]["should"]


def test_elasticsearch_document_holds_the_searchable_fields(officer, case_type):
    customer = CustomerFactory(name="Ria Resident", phone="07700 900123", postcode="DS1 1AA")
    case = CaseFactory(
        case_type=case_type,
        customer=customer,
        answers=[{"question": "What?", "answer": "A mattress", "key": "what"}],
    )
    add_internal_note(case, actor=officer, text="Scaffolding in the way")

    document = CaseSearchBackend("http://x", "i").build_document(case)

    assert document["reference"] == case.reference
    assert document["team_id"] == case_type.team_id
    assert document["customer_phone_digits"] == "07700900123"
    assert document["customer_postcode_compact"] == "ds11aa"
    assert document["answers"] == "A mattress"
    assert "Scaffolding in the way" in document["timeline"]


def test_with_elasticsearch_configured_hits_the_searcher_may_not_see_are_dropped(
    officer, case_type, other_type, settings, monkeypatch
):
    settings.ELASTICSEARCH_URL = "http://search.invalid:9200"
    own = CaseFactory(case_type=case_type)
    hidden = CaseFactory(case_type=other_type)
    asked = {}

    def fake_search(self, text, visible_team_ids, *, assigned_to_id=None, limit=50):
        asked.update(text=text, teams=visible_team_ids, officer=assigned_to_id)
        return [hidden.pk, own.pk]  # an index lagging behind a reassignment

    monkeypatch.setattr(CaseSearchBackend, "search", fake_search)

    found = search_cases_for_staff(officer, "pothole")

    assert refs(found) == [own.reference]
    assert asked == {"text": "pothole", "teams": [case_type.team_id], "officer": officer.pk}


def test_search_case_ids_needs_words(case_type):
    CaseFactory(case_type=case_type)

    assert search_case_ids(Case.objects.all(), "", limit=10) == []


@postgres_only
def test_only_the_newest_matches_are_ranked_so_common_words_stay_fast(
    officer, case_type, monkeypatch
):
    from datetime import timedelta

    from django.utils import timezone

    from crm.cases import search

    now = timezone.now()
    old = CaseFactory(
        case_type=case_type,
        customer=CustomerFactory(name="Tom Hargreaves"),
        created_at=now - timedelta(days=30),
    )
    newer = [
        CaseFactory(case_type=case_type, created_at=now - timedelta(days=days)) for days in (1, 2)
    ]
    for case in newer:
        add_internal_note(case, actor=officer, text="Spoke to Mr Hargreaves next door")
    index(old, *newer)
    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)

    assert refs(search_cases_for_staff(officer, "hargreaves")) == refs(newer)
    monkeypatch.setattr(search, "RANK_CANDIDATES", 3)
    assert refs(search_cases_for_staff(officer, "hargreaves"))[0] == old.reference
