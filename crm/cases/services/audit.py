"""The audit log of staff looking at cases: every view of personal data is written down."""

from django.contrib.auth.base_user import AbstractBaseUser

from ..models import Case, CaseAccessLog, CaseAttachment


def record_case_access(
    case: Case,
    *,
    user: AbstractBaseUser,
    action: CaseAccessLog.Action | str = CaseAccessLog.Action.VIEWED,
    attachment: CaseAttachment | None = None,
) -> CaseAccessLog:
    """Write that this member of staff viewed the case (or downloaded `attachment`)."""
    action = CaseAccessLog.Action(action)
    return CaseAccessLog.objects.create(
        case=case,
        user=user if user is not None and user.is_authenticated else None,
        action=action,
        attachment=attachment,
    )
