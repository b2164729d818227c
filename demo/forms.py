"""Demo eForms for the Fernleigh demo council: fly-tipping, damaged street furniture and noise.

`load_demo_forms()` is safe to run again: it finds the teams, case types and forms by slug and
creates only what is missing. The crm app has no service for creating teams or case
types (they are configuration that staff set up in the admin), so they are created here directly.
Each form gets one revision, published, as if an editor had pressed "Publish".
"""

from django.db import transaction
from wagtail.models import Locale

from crm.cases.models import CaseType, Team
from forms.blocks import QuestionsBlock
from forms.enums import SignIn
from forms.models import EForm, EFormStep

from .content.eforms import FORMS

TEAMS = {
    "street-scene": {"name": "Street scene", "email": "street.scene@fernleigh.example"},
    "environmental-health": {
        "name": "Environmental health",
        "email": "environmental.health@fernleigh.example",
    },
}

CASE_TYPES = {
    "fly-tipping": {
        "name": "Fly-tipping",
        "team": "street-scene",
        "sla_working_days": 5,
        "public_description": "Rubbish dumped on public land.",
    },
    "street-furniture": {
        "name": "Damaged street furniture",
        "team": "street-scene",
        "sla_working_days": 5,
        "public_description": "Broken benches, bins, bollards, signs and railings.",
    },
    "noise": {
        "name": "Noise problem",
        "team": "environmental-health",
        "sla_working_days": 10,
        "public_description": "Noise from homes, businesses, alarms and building work.",
    },
}


@transaction.atomic
def load_demo_forms() -> None:
    """Create the demo teams, case types and eForms that are missing.

    Like the demo pages, anything already there is left alone: staff may have changed it.
    """
    locale = Locale.get_default()
    existing = set(
        EForm.objects.filter(locale=locale, slug__in=[form["slug"] for form in FORMS]).values_list(
            "slug", flat=True
        )
    )
    if len(existing) == len(FORMS):
        return
    teams = {
        slug: Team.objects.get_or_create(slug=slug, defaults=values)[0]
        for slug, values in TEAMS.items()
    }
    case_types = {
        slug: CaseType.objects.get_or_create(
            slug=slug, defaults={**values, "team": teams[values["team"]]}
        )[0]
        for slug, values in CASE_TYPES.items()
    }
    for definition in FORMS:
        if definition["slug"] in existing:
            continue
        eform = EForm.objects.create(
            slug=definition["slug"],
            locale=locale,
            title=definition["title"],
            case_type=case_types[definition["case_type"]],
            sign_in=SignIn.OPTIONAL,
            intro=definition["intro"],
            confirmation_text=definition["confirmation_text"],
            live=False,
        )
        for order, step in enumerate(definition["steps"]):
            EFormStep.objects.create(
                form=eform,
                sort_order=order,
                key=step["key"],
                title=step["title"],
                condition_key=step.get("condition_key", ""),
                condition_value=step.get("condition_value", ""),
                fields=as_saved_by_the_admin(step["fields"]),
            )
        eform = EForm.objects.get(pk=eform.pk)
        eform.clean()  # a broken demo definition fails loudly
        eform.save_revision().publish()  # as an editor would: one revision, published


def as_saved_by_the_admin(fields: list[dict]) -> list[dict]:
    """The questions cleaned by their blocks, as the admin saves them: optional texts left out of
    a definition become "" rather than missing, which wagtail-localize needs to translate them."""
    block = QuestionsBlock()
    return block.get_prep_value(block.clean(block.to_python(fields)))
