"""Editors' definitions are checked before they are saved, with messages that say what to fix."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from forms.models import EForm, EFormStep
from tests.forms import factories as f


def unsaved_form(case_type, *steps: dict) -> EForm:
    eform = EForm(
        title="Report fly-tipping",
        slug="report-fly-tipping",
        case_type=case_type,
        confirmation_text="<p>Thanks.</p>",
    )
    eform.steps = [EFormStep(sort_order=i, **definition) for i, definition in enumerate(steps)]
    return eform


def problems(eform: EForm) -> list[str]:
    with pytest.raises(ValidationError) as raised:
        eform.clean()
    return raised.value.messages


HAZARD_STEPS = (
    f.step("what", "What is there", f.checkboxes()),
    f.step(
        "hazard", "Hazard", f.long_text("details"), condition_key="hazardous", condition_value="yes"
    ),
    f.step("hazardous", "Is anything hazardous", f.yes_no()),
)


@pytest.mark.django_db
def test_a_valid_definition_passes(case_type):
    eform = unsaved_form(
        case_type,
        f.step("what", "What is there", f.checkboxes(), f.yes_no()),
        f.step("hazard", "Hazard", f.long_text(), condition_key="hazardous", condition_value="yes"),
        f.step("you", "You", f.short_text(prefill="name"), f.email(prefill="email")),
    )
    eform.clean()


@pytest.mark.django_db
def test_a_condition_on_a_later_question_is_refused(case_type):
    assert problems(unsaved_form(case_type, *HAZARD_STEPS)) == [
        "Step “Hazard”: A step can only depend on a question on an earlier step; “hazardous” "
        "is on a later step (“Is anything hazardous”)"
    ]


@pytest.mark.django_db
def test_a_condition_on_the_same_step_or_an_unknown_question_is_refused(case_type):
    same_step = f.step("what", "What", f.yes_no(), condition_key="hazardous", condition_value="yes")
    unknown = f.step(
        "hazard", "Hazard", f.long_text(), condition_key="risky", condition_value="yes"
    )
    assert problems(unsaved_form(case_type, same_step, unknown)) == [
        "Step “What”: A step can only depend on a question on an earlier step; “hazardous” is "
        "on this step",
        "Step “Hazard”: No earlier question has the key “risky”",
    ]


@pytest.mark.django_db
def test_a_condition_needs_a_question_and_an_answer_that_exists(case_type):
    first = f.step("what", "What", f.yes_no())
    no_value = f.step("a", "A", f.long_text("a"), condition_key="hazardous")
    no_key = f.step("b", "B", f.long_text("b"), condition_value="yes")
    wrong_value = f.step(
        "c", "C", f.long_text("c"), condition_key="hazardous", condition_value="maybe"
    )
    label = f.step("d", "D", f.long_text("d"), condition_key="hazardous", condition_value="Yes")
    assert problems(unsaved_form(case_type, first, no_value, no_key, wrong_value, label)) == [
        "Step “A”: Enter the answer that shows this step",
        "Step “B”: Choose the question whose answer shows this step",
        "Step “C”: “maybe” is not an answer to “Is anything hazardous?”; use one of: yes, no",
    ]


@pytest.mark.django_db
def test_keys_must_be_unique_and_not_clash_with_the_forms_pages(case_type):
    eform = unsaved_form(
        case_type,
        f.step("about", "About", f.short_text("name"), f.address("home")),
        f.step("about", "Again", f.short_text("name", "Name again")),
        f.step("check-your-answers", "Check", f.short_text("home_postcode", "Postcode")),
    )
    assert problems(eform) == [
        "Step “Again”: Each step needs its own key: “about” is already used",
        "Step “Check”: “check-your-answers” is the address of one of the form's own pages; "
        "choose another",
        "Step “Again”: Each question needs its own key: “name” is already used on step “About”",
        "Step “Check”: Each question needs its own key: “home_postcode” is already used on step "
        "“About”",
    ]


@pytest.mark.django_db
def test_one_location_and_one_question_per_prefill(case_type):
    eform = unsaved_form(
        case_type,
        f.step(
            "where",
            "Where",
            f.long_text("where", is_location=True),
            f.address("site", is_location=True),
            f.short_text("name", prefill="name"),
            f.short_text("other_name", "Other name", prefill="name"),
        ),
    )
    assert problems(eform) == [
        "Step “Where”: Only one question can be the location; “where” already is",
        "Step “Where”: Only one question can be filled in with their name; “name” already is",
    ]


@pytest.mark.django_db
def test_a_form_needs_a_step_with_a_question(case_type):
    assert problems(unsaved_form(case_type)) == ["Add at least one step with a question"]
    assert problems(unsaved_form(case_type, f.step("empty", "Empty"))) == [
        "Step “Empty”: Add at least one question"
    ]


@pytest.mark.django_db
def test_saved_definitions_are_checked_too(case_type):
    eform = f.EFormFactory(case_type=case_type, steps=list(HAZARD_STEPS))
    with pytest.raises(ValidationError, match="on a later step"):
        EForm.objects.get(pk=eform.pk).full_clean()


# --- In the admin -------------------------------------------------------------------------------


def admin_post_data(case_type, steps: list[dict]) -> dict:
    def question_value(question):
        value = dict(question["value"])
        value["required"] = "on" if value.get("required") else ""
        if "options" in value:
            value["options"] = {
                "count": len(value["options"]),
                **{
                    str(i): {"value": option, "deleted": "", "order": str(i), "id": ""}
                    for i, option in enumerate(value["options"])
                },
            }
        return question["type"], value

    return nested_form_data(
        {
            "title": "Report fly-tipping",
            "slug": "report-fly-tipping",
            "case_type": case_type.pk,
            "sign_in": "optional",
            "intro": rich_text(""),
            "confirmation_text": rich_text("<p>We will clear it.</p>"),
            "steps": inline_formset(
                [
                    {
                        "title": s["title"],
                        "key": s["key"],
                        "condition_key": s["condition_key"],
                        "condition_value": s["condition_value"],
                        "fields": streamfield([question_value(q) for q in s["fields"]]),
                    }
                    for s in steps
                ]
            ),
        }
    )


ADD_URL = "/admin/snippets/eforms/eform/add/"


@pytest.mark.django_db
def test_editors_build_a_form_in_the_admin(client, superuser, case_type):
    client.force_login(superuser)
    assert client.get(ADD_URL).status_code == 200
    steps = [
        f.step("what", "What is there", f.checkboxes(), f.yes_no()),
        f.step("hazard", "Hazard", f.long_text(), condition_key="hazardous", condition_value="yes"),
    ]
    response = client.post(ADD_URL, admin_post_data(case_type, steps))
    assert response.status_code == 302, response.context["form"].errors
    eform = EForm.objects.get(slug="report-fly-tipping")
    assert [step.key for step in eform.steps.all()] == ["what", "hazard"]
    assert eform.steps.all()[0].fields[0].value["options"][0]["value"] == "bags"
    assert client.get(f"/admin/snippets/eforms/eform/edit/{eform.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_admin_shows_definition_problems_where_they_are(client, superuser, case_type, soup):
    client.force_login(superuser)
    steps = [
        f.step("what", "What", f.short_text("name"), f.short_text("name", "Again")),
        f.step("hazard", "Hazard", f.long_text(), condition_key="later", condition_value="yes"),
        f.step("later", "Later", f.yes_no("later")),
    ]
    response = client.post(ADD_URL, admin_post_data(case_type, steps))
    assert response.status_code == 200
    assert not EForm.objects.exists()
    text = soup(response).get_text(" ")
    assert "on a later step (“Later”)" in text
    step_errors = response.context["form"].formsets["steps"].forms[0].errors["fields"]
    assert "Each question needs its own key: “name” is already used on step “What”" in str(
        step_errors.as_data()[0].block_errors[1].block_errors["key"].messages
    )
