"""The migration to versioned eForms keeps today's live forms live, with a first revision."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale, Revision

from forms.models import EForm
from tests.crm.factories import CaseTypeFactory

BEFORE = [("eforms", "0001_initial")]
AFTER = [("eforms", "0002_eform_drafts_and_revisions")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return [node for node in executor.loader.graph.leaf_nodes() if node[0] == "eforms"]


@pytest.mark.django_db(transaction=True)
def test_live_forms_stay_live_and_the_others_become_drafts():
    case_type = CaseTypeFactory()
    # A transactional test may start from a flushed database, without the locale migrations made.
    locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    old_apps = migrate(BEFORE)
    try:
        OldEForm = old_apps.get_model("eforms", "EForm")
        OldStep = old_apps.get_model("eforms", "EFormStep")
        fields = [{"type": "short_text", "value": {"key": "name", "label": "Full name"}}]
        for slug, is_live in (("live-form", True), ("hidden-form", False)):
            eform = OldEForm.objects.create(
                title=slug,
                slug=slug,
                case_type_id=case_type.pk,
                confirmation_text="<p>Thanks.</p>",
                is_live=is_live,
                locale_id=locale.pk,
            )
            OldStep.objects.create(
                form=eform, sort_order=0, key="you", title="You", fields=fields, locale_id=locale.pk
            )
    finally:
        migrate(AFTER)
        # Then on to the latest eForms migration, which the model below reads (payment fields).
        migrate(latest())

    live = EForm.objects.get(slug="live-form")
    assert live.live and not live.has_unpublished_changes
    assert live.live_revision_id == live.latest_revision_id
    assert live.live_revision.as_object().definition.steps[0].questions[0].label == "Full name"
    hidden = EForm.objects.get(slug="hidden-form")
    assert not hidden.live and hidden.has_unpublished_changes and hidden.live_revision is None
    assert Revision.objects.for_instance(hidden).get() == hidden.latest_revision
