"""Sending a form is all or nothing: a case that fails to open leaves no customer record and no
files behind, and two browsers never send two sets of answers into one case."""

import pytest
from django.test import Client

from crm.cases.models import Case, CaseAttachment, Customer
from crm.cases.storage import private_storage
from forms.models import FormDraft
from tests.forms import factories as f
from tests.forms.steps import answer, url, where_photos_you_form
from tests.forms.uploads import jpeg

pytestmark = pytest.mark.django_db


@pytest.fixture
def eform(case_type):
    return where_photos_you_form(case_type, title="Report graffiti", slug="report-graffiti")


def complete(client, eform, *, where="On the bridge", photos=()):
    answer(client, eform, "where", {"where": where})
    client.post(url(eform, "photos"), {"photos-photos": list(photos)})
    answer(client, eform, "you", {"name": "Ann Other", "email": "ann@example.com"})


def case_files() -> list[str]:
    storage = private_storage()
    if not storage.exists("cases"):
        return []
    names = []
    for folder in storage.listdir("cases")[0]:
        names += storage.listdir(f"cases/{folder}")[1]
    return names


def test_a_case_that_fails_to_open_leaves_no_customer_behind(client, eform, monkeypatch):
    def failing_open_case(**kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("forms.services.open_case", failing_open_case)
    complete(client, eform)
    with pytest.raises(RuntimeError):
        client.post(url(eform, "check-your-answers"))

    assert not Customer.objects.exists()
    assert not Case.objects.exists()


def test_a_failed_send_leaves_no_files_on_the_case_folder(client, eform, monkeypatch):
    def broken_outbox(*args, **kwargs):
        raise RuntimeError("the outbox table is locked")

    monkeypatch.setattr("crm.cases.services.opening.email_resident", broken_outbox)
    complete(client, eform, photos=[jpeg("graffiti.jpg")])
    with pytest.raises(RuntimeError):
        client.post(url(eform, "check-your-answers"))

    assert case_files() == []
    assert not CaseAttachment.objects.exists()
    assert not Customer.objects.exists()

    # The resident's answers and file are still there to send again.
    monkeypatch.undo()
    assert client.post(url(eform, "check-your-answers")).url == url(eform, "confirmation")
    attachment = CaseAttachment.objects.get()
    assert attachment.original_name == "graffiti.jpg"
    assert len(case_files()) == 1


def test_a_draft_resumed_in_two_browsers_sends_two_cases(eform, resident):
    laptop = Client()
    laptop.force_login(resident)
    answer(laptop, eform, "where", {"where": "On the bridge"})
    answer(laptop, eform, "photos", save_draft="1")
    draft = FormDraft.objects.get()

    phone = Client()
    phone.force_login(resident)
    assert phone.get(draft.resume_url).url == url(eform, "photos")
    answer(phone, eform, "where", {"where": "Under the bridge"})
    answer(phone, eform, "photos")
    answer(phone, eform, "you", {"name": "Jane Fletcher", "email": "jane@example.com"})
    assert phone.post(url(eform, "check-your-answers")).url == url(eform, "confirmation")

    # The laptop still has its own answers, and sends them.
    answer(laptop, eform, "photos")
    answer(laptop, eform, "you", {"name": "Jane Fletcher", "email": "jane@example.com"})
    assert laptop.post(url(eform, "check-your-answers")).url == url(eform, "confirmation")

    assert sorted(Case.objects.values_list("location_text", flat=True)) == [
        "On the bridge",
        "Under the bridge",
    ]


def test_resuming_twice_in_one_browser_still_sends_one_case(client, eform, resident):
    client.force_login(resident)
    answer(client, eform, "where", {"where": "On the bridge"})
    answer(client, eform, "photos", save_draft="1")
    draft = FormDraft.objects.get()
    client.get(draft.resume_url)
    client.get(draft.resume_url)
    answer(client, eform, "photos")
    answer(client, eform, "you", {"name": "Jane Fletcher", "email": "jane@example.com"})
    check = url(eform, "check-your-answers")
    assert client.post(check).url == url(eform, "confirmation")
    assert client.post(check).url == url(eform, "confirmation")
    assert Case.objects.count() == 1


def test_a_double_click_leaves_one_customer_even_without_an_email(client, case_type):
    """Without an email there is nothing to match a customer on, so each attempt makes a record;
    the one made by the attempt that found the case already open is rolled back."""
    eform = f.EFormFactory(
        slug="report-a-streetlight",
        case_type=case_type,
        steps=[f.step("you", "You", f.short_text(prefill="name"))],
    )
    answer(client, eform, "you", {"name": "Ann Other"})
    check = url(eform, "check-your-answers")
    run_before = dict(client.session.items())
    assert client.post(check).url == url(eform, "confirmation")
    session = client.session
    session.update(run_before)  # the second click still carries the run
    session.save()
    assert client.post(check).url == url(eform, "confirmation")

    assert Case.objects.count() == 1
    assert Customer.objects.count() == 1
