"""The only way to change cases and customers. Every function is one transaction.

Each function checks that the case may make the change (raising `ValidationError`, or its
subclass `CaseTransitionError` for the workflow, with a message fit to show the user), saves,
writes the timeline event and queues emails in the outbox, which Celery sends after the commit.
Access is the caller's job: fetch the case with `crm.cases.selectors.get_case_for_staff` or
`get_case_for_resident` first. Import from this package, not its modules:

    from crm.cases.services import open_case, change_case_status
"""

from ..exceptions import CaseTransitionError
from ._common import email_resident, removing_files_on_rollback
from .accounts import link_customer_to_user, unlink_customer_email
from .audit import record_case_access
from .clocks import extend_deadline, restart_clock, resume_clock, stop_clock
from .customers import Address, get_or_create_customer, merge_customers, update_customer
from .duplicates import link_cases, merge_cases, unlink_cases
from .opening import clean_answers, open_case
from .privacy import (
    access_customer_for_erasure,
    anonymise_case,
    anonymise_expired_cases,
    can_erase_customer,
    erase_customer,
    unlink_customer_from_user,
)
from .subject_access import (
    access_customer_for_export,
    can_export_subject_access,
    export_subject_access,
)
from .timeline import (
    TrackingReplyAccess,
    add_case_attachment,
    add_internal_note,
    add_public_update,
    add_resident_message,
    reply_requested,
)
from .tracking_codes import check_tracking_code, request_tracking_code
from .tracking_links import revoke_tracking_links
from .workflow import assign_case, change_case_status, move_on_resident_reply

__all__ = [
    "TrackingReplyAccess",
    "reply_requested",
    "move_on_resident_reply",
    "stop_clock",
    "resume_clock",
    "restart_clock",
    "extend_deadline",
    "Address",
    "CaseTransitionError",
    "access_customer_for_erasure",
    "access_customer_for_export",
    "add_case_attachment",
    "add_internal_note",
    "add_public_update",
    "add_resident_message",
    "anonymise_case",
    "anonymise_expired_cases",
    "assign_case",
    "can_erase_customer",
    "can_export_subject_access",
    "change_case_status",
    "check_tracking_code",
    "clean_answers",
    "email_resident",
    "erase_customer",
    "export_subject_access",
    "get_or_create_customer",
    "link_customer_to_user",
    "merge_customers",
    "open_case",
    "record_case_access",
    "removing_files_on_rollback",
    "request_tracking_code",
    "revoke_tracking_links",
    "unlink_customer_email",
    "unlink_customer_from_user",
    "update_customer",
    "link_cases",
    "merge_cases",
    "unlink_cases",
]
