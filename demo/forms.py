"""Demo eForms for the Fernleigh demo council: fly-tipping, damaged street furniture, noise,
Freedom of Information and Environmental Information requests, complaints, compliments and
comments.

`load_demo_forms()` is safe to run again: it finds the teams, case types and forms by slug and
creates only what is missing. The crm app has no service for creating teams or case
types (they are configuration that staff set up in the admin), so they are created here directly.
Each form gets one revision, published, as if an editor had pressed "Publish".

Information requests, complaints, compliments and comments follow the workflows the CRM's
migrations create (`information-request` in crm.information, `complaint` and `feedback` in
crm.complaints), found by slug: the loader stops with an error if one is missing rather than
invent its own.
"""

import importlib
import inspect
import pkgutil

from django.apps import apps as django_apps
from django.core.management.base import CommandError
from django.db import transaction
from wagtail.models import Locale

from crm.cases.calendar import Rule
from crm.cases.models import CaseType, Team, Workflow
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
    "information-governance": {
        "name": "Information governance",
        "email": "foi@fernleigh.example",
    },
    "customer-feedback": {
        "name": "Customer feedback",
        "email": "complaints@fernleigh.example",
    },
}

INFORMATION_REQUEST = {
    "team": "information-governance",
    "workflow": "information-request",
    "clock_rule": Rule.FOI,
    "sla_working_days": 20,
    "max_extension_working_days": 20,
}
FEEDBACK = {"team": "customer-feedback", "workflow": "feedback", "sla_working_days": 10}

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
    "freedom-of-information-request": {
        **INFORMATION_REQUEST,
        "name": "Freedom of Information request",
        "public_description": "Requests for recorded information the council holds.",
    },
    "environmental-information-request": {
        **INFORMATION_REQUEST,
        "name": "Environmental Information request",
        "public_description": "Requests for information about the environment.",
    },
    "complaint": {
        "name": "Complaint",
        "team": "customer-feedback",
        "workflow": "complaint",
        "sla_working_days": 10,
        "acknowledge_working_days": 5,
        "max_extension_working_days": 10,
        "public_description": "Complaints about a council service.",
    },
    "compliment": {
        **FEEDBACK,
        "name": "Compliment",
        "public_description": "Compliments about our staff and services.",
    },
    "comment": {
        **FEEDBACK,
        "name": "Comment",
        "public_description": "Ideas and comments about our services.",
    },
}


# Which app's migrations create each workflow the demo's case types follow.
WORKFLOW_APPS = {
    "information-request": "crm.information",
    "complaint": "crm.complaints",
    "feedback": "crm.complaints",
}


def workflow_for(slug: str) -> Workflow:
    """The workflow a migration made. A flushed test database (the browser tests flush it) has
    lost it: that migration's own `forwards` makes it again, as the loader rebuilds what other
    migrations made. If no migration makes it, stop with an error rather than invent one."""
    workflow = Workflow.objects.filter(slug=slug).first()
    if workflow is None:
        forwards = _migration_making(slug)
        if forwards is not None:
            forwards(django_apps, None)
            workflow = Workflow.objects.filter(slug=slug).first()
    if workflow is None:
        raise CommandError(
            f"The '{slug}' workflow is missing: the {WORKFLOW_APPS.get(slug, 'crm')} migrations "
            "create it. Run `manage.py migrate`, then load the demo again."
        )
    return workflow


def _migration_making(slug: str):
    """The `forwards` function of the migration (of the app in WORKFLOW_APPS) that creates the
    workflow `slug`, or None."""
    app = WORKFLOW_APPS.get(slug)
    if app is None:
        return None
    try:
        package = importlib.import_module(f"{app}.migrations")
    except ImportError:
        return None
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        forwards = getattr(module, "forwards", None)
        if forwards is not None and f'"{slug}"' in inspect.getsource(module):
            return forwards
    return None


def ensure_case_type(slug: str, teams: dict[str, Team]) -> CaseType:
    """The case type by slug, created with its team and workflow if missing (an existing one is
    left as staff set it)."""
    case_type = CaseType.objects.filter(slug=slug).first()
    if case_type is not None:
        return case_type
    values = dict(CASE_TYPES[slug])
    values["team"] = teams[values["team"]]
    if "workflow" in values:
        values["workflow"] = workflow_for(values["workflow"])
    return CaseType.objects.create(slug=slug, **values)


@transaction.atomic
def load_demo_forms() -> set[str]:
    """Create the demo teams, case types and eForms that are missing; return the new forms'
    slugs (their service pages get "Start now" buttons).

    Like the demo pages, anything already there is left alone: staff may have changed it.
    """
    locale = Locale.get_default()
    existing = set(
        EForm.objects.filter(locale=locale, slug__in=[form["slug"] for form in FORMS]).values_list(
            "slug", flat=True
        )
    )
    have_types = CaseType.objects.filter(slug__in=CASE_TYPES).count() == len(CASE_TYPES)
    if len(existing) == len(FORMS) and have_types:
        return set()
    teams = {
        slug: Team.objects.get_or_create(slug=slug, defaults=values)[0]
        for slug, values in TEAMS.items()
    }
    # Every case type, even with every form there: the demo cases and the disclosure log use them.
    case_types = {slug: ensure_case_type(slug, teams) for slug in CASE_TYPES}
    created = set()
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
        created.add(definition["slug"])
    return created


def as_saved_by_the_admin(fields: list[dict]) -> list[dict]:
    """The questions cleaned by their blocks, as the admin saves them: optional texts left out of
    a definition become "" rather than missing, which wagtail-localize needs to translate them."""
    block = QuestionsBlock()
    return block.get_prep_value(block.clean(block.to_python(fields)))
