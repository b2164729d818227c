"""The demo loader and the workflows other apps' migrations create: made again after a flush (as
the browser tests leave the database) by the migration's own code, never invented."""

import pytest
from django.core.management.base import CommandError

from crm.cases.models import CaseType, Workflow, WorkflowVersion
from demo import forms as demo_forms


def remove(*slugs):
    WorkflowVersion.objects.filter(workflow__slug__in=slugs).delete()
    Workflow.objects.filter(slug__in=slugs).delete()


@pytest.mark.django_db
def test_a_missing_workflow_is_made_again_by_its_own_migration():
    """A flushed database (as the browser tests leave it) has lost what migrations made."""
    remove("complaint", "feedback")
    assert demo_forms.workflow_for("feedback").versions.get().number == 1
    assert Workflow.objects.filter(slug="complaint").exists()


@pytest.mark.django_db
def test_a_workflow_no_migration_makes_stops_the_loader(monkeypatch):
    remove("information-request")
    monkeypatch.setattr(demo_forms, "_migration_making", lambda slug: None)
    with pytest.raises(CommandError, match="'information-request' workflow is missing"):
        demo_forms.load_demo_forms()
    assert not CaseType.objects.filter(slug="freedom-of-information-request").exists()
