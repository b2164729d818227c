"""Revoking a case's tracking links: rotating the nonce signed into them (see `tracking`)."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from ..enums import EventKind
from ..models import Case, new_tracking_nonce
from ._common import lock, record_event


def revoke_tracking_links(case: Case, *, actor: AbstractBaseUser | None) -> Case:
    """Make every tracking link sent so far for this case stop working (one was forwarded or
    leaked). The next email the resident gets carries a new link. Written on the staff timeline."""
    with transaction.atomic():
        lock(case)
        case.tracking_nonce = new_tracking_nonce()
        case.save(update_fields=["tracking_nonce", "updated_at"])
        record_event(
            case,
            kind=EventKind.INTERNAL_NOTE,
            is_public=False,
            actor=actor,
            message=_("Tracking links revoked: the links in emails sent so far no longer work."),
            data={"action": "tracking_links_revoked"},
        )
    return case


def rotate_tracking_nonces(case_ids: Iterable[int]) -> None:
    """Give each case a new nonce of its own, in one query, inside the caller's transaction."""
    cases = [Case(pk=case_id, tracking_nonce=new_tracking_nonce()) for case_id in set(case_ids)]
    Case.objects.bulk_update(cases, ["tracking_nonce"])
