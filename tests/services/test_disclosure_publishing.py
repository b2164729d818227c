"""Staff publish a case's response to the disclosure log from the case page: a DRAFT entry with
personal data removed and the public files they tick, reviewed and published by an editor; a
second entry for the same case, staff without page permissions, case types no log publishes and
a site without a log are refused with a message."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from crm.cases.services import add_case_attachment, add_public_update
from services.disclosure import remove_personal_data
from services.models import DisclosureLogEntryPage, DisclosureLogPage
from tests.crm.factories import CaseFactory, CaseTypeFactory, CustomerFactory, TeamFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" + b"\x00" * 64
PANEL_HEADING = "Disclosure log"


def pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def staff_user(*, editor: bool, **kwargs):
    """Staff who may use the admin; `editor` adds Wagtail's Editors group (may add pages)."""
    user = UserFactory(**kwargs)
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    if editor:
        user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def officer(db):
    return staff_user(editor=True, username="foi-officer", first_name="Fay", last_name="Officer")


@pytest.fixture
def team(officer):
    return TeamFactory(name="Information governance", members=[officer])


@pytest.fixture
def foi_type(team):
    return CaseTypeFactory(name="Freedom of Information request", slug="foi", team=team)


@pytest.fixture
def log(home_page, foi_type):
    log = DisclosureLogPage(title="Disclosure log", slug="disclosure-log", live=True)
    home_page.add_child(instance=log)
    log.case_types.set([foi_type])
    log.save_revision().publish()
    return log


@pytest.fixture
def customer(db):
    return CustomerFactory(
        name="Jane Fletcher",
        email="jane.fletcher@example.com",
        phone="01632 960111",
        address_line_1="14 Orchard Way",
        address_line_2="Little Fernleigh",
        town="Fernleigh",
        postcode="FN2 3BD",
    )


@pytest.fixture
def case(foi_type, customer, officer):
    case = CaseFactory(
        case_type=foi_type,
        customer=customer,
        reference="FOI-2026-000042",
        created_at=timezone.now() - timedelta(days=25),
        answers=[
            {"question": "Your name", "answer": "Jane Fletcher", "key": "name"},
            {"question": "Email address", "answer": "jane.fletcher@example.com", "key": "email"},
            {
                "question": "What information do you want?",
                "answer": "How many potholes were reported on Orchard Way in 2025? I live at "
                "14 Orchard Way, FN2 3BD; call me on 01632 960111 or +44 1632 960 111.",
                "key": "request",
            },
        ],
    )
    add_public_update(
        case,
        actor=officer,
        text="Dear Jane Fletcher,\n\nWe received 17 reports in 2025.\nSee the attached list.",
    )
    return case


@pytest.fixture
def files(case, officer):
    public = add_case_attachment(case, uploaded_file=pdf("pothole-list.pdf"), uploaded_by=officer)
    private = add_case_attachment(
        case, uploaded_file=pdf("internal-memo.pdf"), uploaded_by=officer, is_public=False
    )
    return {"public": public, "private": private}


def case_page(case) -> str:
    return f"/admin/cases/{case.uuid}/"


def prepare_url(case) -> str:
    return f"/admin/disclosure-log/case/{case.uuid}/prepare/"


def messages_of(response) -> list[str]:
    return [str(message).strip() for message in response.context["messages"]]


def panel(page_soup):
    heading = page_soup.find("h2", string=PANEL_HEADING)
    return heading.find_parent("section") if heading else None


# --- Redaction ----------------------------------------------------------------------------------


def test_personal_data_is_removed_in_any_case_and_spacing(customer):
    text = (
        "From JANE  FLETCHER (jane.Fletcher@Example.com), 14 orchard way, Little Fernleigh, "
        "fn23bd. Phone 01632-960-111, +44 (0)1632 960111 or 0044 1632960111. Mrs Fletcher "
        "asked about Fernleigh's parks."
    )

    redacted = remove_personal_data(text, customer)

    for personal in (
        "JANE",
        "FLETCHER",
        "Fletcher",
        "xample",
        "orchard",
        "Little",
        "fn23bd",
        "960",
    ):
        assert personal not in redacted, personal
    assert redacted.count("[personal data removed]") >= 9
    # The council's town and the rest of the sentence stay.
    assert "Fernleigh's parks" in redacted
    assert redacted.startswith("From [personal data removed] ([personal data removed])")


def test_other_numbers_and_words_are_left_alone(customer):
    text = "We received 1632 reports and 960111 pages; Janet Fletchers-Smith is a councillor."
    assert remove_personal_data(text, customer) == text


# --- The panel and the action -------------------------------------------------------------------


def test_the_panel_offers_the_public_files_on_a_case_a_log_publishes(
    client, officer, log, case, files, soup
):
    client.force_login(officer)

    section = panel(soup(client.get(case_page(case))))

    assert section is not None
    assert section.find("button", string="Prepare a disclosure log entry")
    labels = [label.get_text(strip=True) for label in section.find_all("label")]
    assert "pothole-list.pdf" in labels
    assert "internal-memo.pdf" not in labels


def test_no_panel_on_a_case_type_no_log_publishes(client, officer, log, team, soup):
    other = CaseFactory(case_type=CaseTypeFactory(team=team, name="Missed bin"))
    client.force_login(officer)

    assert panel(soup(client.get(case_page(other)))) is None


def test_preparing_makes_a_draft_without_personal_data_and_opens_the_editor(
    client, officer, log, case, files
):
    client.force_login(officer)

    response = client.post(
        prepare_url(case), {"disclosure-log-attachments": [str(files["public"].pk)]}
    )

    entry = DisclosureLogEntryPage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{entry.pk}/edit/"
    assert entry.get_parent().pk == log.pk
    assert not entry.live
    assert entry.reference == "FOI-2026-000042"
    assert entry.date_received == timezone.localdate(case.created_at)
    # The street alone is where the potholes are; the address with its number is removed.
    assert "How many potholes were reported on Orchard Way in 2025? I live at [personal data " in (
        entry.request_text
    )
    for personal in ("Jane", "Fletcher", "jane.fletcher", "14 Orchard", "FN2", "960111", "960 111"):
        assert personal not in entry.request_text, personal
        assert personal not in entry.response, personal
    assert "We received 17 reports in 2025." in entry.response
    assert "<p>Dear [personal data removed],</p>" in entry.response
    assert [d.document.title for d in entry.documents.all()] == ["pothole-list.pdf"]
    assert entry.get_latest_revision() is not None
    # The editor opens with the draft, and the site does not show it.
    editor = client.get(response["Location"])
    assert editor.status_code == 200
    client.logout()
    assert client.get(log.url).content.count(b"FOI-2026-000042") == 0


def test_copied_files_are_public_only_while_the_entry_is_published(
    client, officer, log, case, files
):
    client.force_login(officer)
    client.post(prepare_url(case), {"disclosure-log-attachments": [str(files["public"].pk)]})
    entry = DisclosureLogEntryPage.objects.get()
    document = entry.documents.get().document
    client.logout()

    before = client.get(document.url)
    entry.save_revision().publish()
    after = client.get(document.url)

    entry.refresh_from_db()  # live now: publishing worked on the revision's copy
    entry.unpublish()
    withdrawn = client.get(document.url)

    assert before.status_code in (302, 403)  # sign-in asked, never the file
    assert after.status_code == 200
    assert b"".join(after.streaming_content) == PDF_BYTES
    assert withdrawn.status_code in (302, 403)


def test_the_panel_shows_the_entry_and_refuses_a_second_one(client, officer, log, case, soup):
    client.force_login(officer)
    client.post(prepare_url(case), {})
    entry = DisclosureLogEntryPage.objects.get()

    draft_panel = panel(soup(client.get(case_page(case))))
    second = client.post(prepare_url(case), {})
    entry.save_revision().publish()
    live_panel = panel(soup(client.get(case_page(case))))

    assert "Draft: not on the website" in draft_panel.get_text()
    assert draft_panel.find("a", href=f"/admin/pages/{entry.pk}/edit/")
    assert draft_panel.find("button") is None
    assert second.status_code == 200
    assert "This case already has a disclosure log entry." in panel(soup(second)).get_text()
    assert DisclosureLogEntryPage.objects.count() == 1
    assert "Live" in live_panel.get_text()
    site_link = live_panel.find("a", href=lambda href: href.startswith("http"))
    assert site_link["href"].endswith("/disclosure-log/foi-2026-000042/")


def test_staff_who_may_not_add_pages_are_refused(client, log, case, team, soup):
    clerk = staff_user(editor=False, username="clerk")
    team.members.add(clerk)
    client.force_login(clerk)

    shown = panel(soup(client.get(case_page(case))))
    response = client.post(prepare_url(case), {})

    assert "You do not have permission to add pages to Disclosure log" in shown.get_text()
    assert shown.find("button")["disabled"] is not None
    assert response.status_code == 200
    assert "You do not have permission to add pages to Disclosure log." in (
        panel(soup(response)).get_text()
    )
    assert not DisclosureLogEntryPage.objects.exists()


def test_a_case_type_no_log_publishes_is_refused(client, officer, log, team, soup):
    other = CaseFactory(case_type=CaseTypeFactory(team=team, name="Missed bin"))
    client.force_login(officer)

    response = client.post(prepare_url(other), {})

    assert response.status_code == 200
    assert "No disclosure log publishes Missed bin cases." in panel(soup(response)).get_text()
    assert not DisclosureLogEntryPage.objects.exists()


def test_without_a_log_page_it_is_refused(client, officer, case, soup):
    client.force_login(officer)

    response = client.post(prepare_url(case), {})

    assert response.status_code == 200
    assert "There is no disclosure log page on the website yet." in (
        panel(soup(response)).get_text()
    )
    assert messages_of(response)[0].startswith("The case has not been changed.")
    assert not DisclosureLogEntryPage.objects.exists()


def test_staff_who_cannot_see_the_case_get_a_404(client, log, case):
    outsider = staff_user(editor=True, username="outsider")
    client.force_login(outsider)

    assert client.post(prepare_url(case), {}).status_code == 404
    assert not DisclosureLogEntryPage.objects.exists()


def test_a_private_file_cannot_be_smuggled_in(client, officer, log, case, files):
    client.force_login(officer)

    response = client.post(
        prepare_url(case), {"disclosure-log-attachments": [str(files["private"].pk)]}
    )

    assert response.status_code == 200  # the form refuses a choice it did not offer
    assert not DisclosureLogEntryPage.objects.exists()


def test_editors_choose_the_published_case_types_in_the_log_settings(client, log, foi_type, soup):
    other = CaseTypeFactory(name="Missed bin")
    client.force_login(UserFactory(username="admin", superuser=True))

    form = soup(client.get(f"/admin/pages/{log.pk}/edit/")).find("form", id="page-edit-form")

    ticked = {box["value"] for box in form.select('input[name="case_types"][checked]')}
    offered = {box["value"] for box in form.select('input[name="case_types"]')}
    assert ticked == {str(foi_type.pk)}
    assert {str(foi_type.pk), str(other.pk)} <= offered
