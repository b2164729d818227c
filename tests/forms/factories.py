"""factory_boy factories for eForms, and helpers that build questions and steps in the shape a
StreamField stores, so a test can describe a whole form in a few lines:

    EFormFactory(steps=[step("about", "About you", short_text("name", "Full name"))])
"""

import factory

from forms.enums import SignIn
from forms.models import EForm, EFormStep, FormDraft
from tests.crm.factories import CaseTypeFactory, UserFactory

# --- Questions ----------------------------------------------------------------------------------


def question(kind: str, key: str, label: str, **options) -> dict:
    value = {"key": key, "label": label, "hint": "", "required": True, "required_message": ""}
    value.update(options)
    return {"type": kind, "value": value}


def short_text(key="name", label="Full name", **options) -> dict:
    return question("short_text", key, label, **options)


def long_text(key="description", label="Describe the problem", **options) -> dict:
    return question("long_text", key, label, **options)


def email(key="email", label="Email address", **options) -> dict:
    return question("email", key, label, **options)


def phone(key="phone", label="Phone number", **options) -> dict:
    return question("uk_phone", key, label, **options)


def number(key="count", label="How many?", **options) -> dict:
    return question("number", key, label, **options)


def date_question(key="when", label="When did it happen?", **options) -> dict:
    options.setdefault("rule", "any")
    return question("date", key, label, **options)


def options(*labels: str) -> list[dict]:
    return [{"label": label, "value": label.lower().replace(" ", "-")} for label in labels]


def radios(key="colour", label="Which colour?", choices=("Red", "Blue"), **extra) -> dict:
    return question("single_choice", key, label, options=options(*choices), **extra)


def checkboxes(key="waste", label="What has been dumped?", choices=("Bags", "Tyres"), **extra):
    return question("multiple_choice", key, label, options=options(*choices), **extra)


def select(key="size", label="What size?", choices=("Small", "Large"), **extra) -> dict:
    return question("select", key, label, options=options(*choices), **extra)


def yes_no(key="hazardous", label="Is anything hazardous?", **options) -> dict:
    return question("yes_no", key, label, **options)


def address(key="address", label="Your address", **options) -> dict:
    return question("uk_address", key, label, **options)


def upload(key="photos", label="Photos", **options) -> dict:
    options.setdefault("max_files", 3)
    options.setdefault("max_size_mb", 10)
    options.setdefault("file_kinds", ["jpeg", "png", "heic", "pdf"])
    return question("file_upload", key, label, **options)


def declaration(key="declaration", label="Declaration", **options) -> dict:
    options.setdefault("statement", "I confirm that the information I have given is correct")
    value = {"key": key, "label": label, "hint": "", "required_message": "", **options}
    return {"type": "declaration", "value": value}


def step(key: str, title: str, *questions: dict, condition_key="", condition_value="") -> dict:
    return {
        "key": key,
        "title": title,
        "fields": list(questions),
        "condition_key": condition_key,
        "condition_value": condition_value,
    }


# --- Models -------------------------------------------------------------------------------------


class EFormFactory(factory.django.DjangoModelFactory):
    """A published form with one step asking for a name, unless `steps=[step(...), ...]` says
    more. It has one revision, published, as if an editor had pressed "Publish" in the admin;
    `EFormFactory(draft=True)` is saved as a draft only (never published)."""

    title = factory.Sequence(lambda n: f"Report a problem {n}")
    slug = factory.Sequence(lambda n: f"report-a-problem-{n}")
    case_type = factory.SubFactory(CaseTypeFactory)
    sign_in = SignIn.OPTIONAL
    intro = ""
    confirmation_text = "<p>We will look into it within 5 working days.</p>"
    live = False  # until the revision is published, as in the admin

    class Meta:
        model = EForm
        skip_postgeneration_save = True

    class Params:
        draft = factory.Trait(publish=False)
        sign_in_required = factory.Trait(sign_in=SignIn.REQUIRED)
        sign_in_off = factory.Trait(sign_in=SignIn.OFF)

    @factory.post_generation
    def steps(self, create, extracted, **kwargs):
        if not create:
            return
        for index, definition in enumerate(
            extracted or [step("about-you", "About you", short_text())]
        ):
            EFormStep.objects.create(form=self, sort_order=index, **definition)

    @factory.post_generation
    def publish(self, create, extracted, **kwargs):
        if not create:
            return
        revision = self.save_revision(clean=False)
        if extracted is not False:
            revision.publish()
            self.refresh_from_db()


class FormDraftFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(UserFactory)
    form = factory.SubFactory(EFormFactory)
    data = factory.LazyFunction(dict)
    current_step = "about-you"

    class Meta:
        model = FormDraft
