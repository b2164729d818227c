"""The audit log of staff looking at cases: every view of personal data is written down."""

from django.contrib.auth.base_user import AbstractBaseUser

from ..models import Case, CaseAccessLog, CaseAttachment
from ._common import display_name

USER_NAME_LENGTH = CaseAccessLog._meta.get_field("user_name").max_length


def record_case_access(
    case: Case,
    *,
    user: AbstractBaseUser,
    action: CaseAccessLog.Action | str = CaseAccessLog.Action.VIEWED,
    attachment: CaseAttachment | None = None,
) -> CaseAccessLog:
    """Write that this member of staff viewed the case (or downloaded `attachment`, or exported
    it for a subject access request).

    The case's reference and the viewer's name are copied in as they are now, so the entry still
    says who looked at what after the case is deleted or the account renamed or removed."""
    action = CaseAccessLog.Action(action)
    viewer = user if user is not None and user.is_authenticated else None
    return CaseAccessLog.objects.create(
        case=case,
        case_reference=case.reference,
        user=viewer,
        user_name=display_name(viewer)[:USER_NAME_LENGTH] if viewer is not None else "",
        action=action,
        attachment=attachment,
    )
