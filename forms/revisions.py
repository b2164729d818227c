"""Which version of an eForm a resident's run uses.

A run records the published revision it started on (`RUN_REVISION_KEY` in the wizard's extra
data). If an editor publishes a new version while the resident is half-way through, the run keeps
the questions of the revision it started on until it is sent; the next run gets the new version.
"""

from wagtail.models import Revision

from .definition import FormDefinition

RUN_REVISION_KEY = "revision_id"


def run_revision_id(session, prefix: str) -> int | None:
    """The revision the wizard run stored under `prefix` started on, without creating a session
    (formtools keeps a run's data under "wizard_<prefix>")."""
    run = session.get(f"wizard_{prefix}") or {}
    revision_id = (run.get("extra_data") or {}).get(RUN_REVISION_KEY)
    return revision_id if isinstance(revision_id, int) else None


def definition_for_run(eform, revision_id: int | None) -> FormDefinition:
    """The steps and questions of the version a run started on: the live form's own rows unless
    the run began on an earlier published revision of this same form."""
    if revision_id is None or revision_id == eform.live_revision_id:
        return eform.definition
    revision = Revision.objects.for_instance(eform).filter(pk=revision_id).first()
    if revision is None:  # pruned, or from another form: the live version is all there is
        return eform.definition
    return revision.as_object().definition
