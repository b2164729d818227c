"""Sending a canned reply to a resident, through the case services (`add_public_update`: a
public timeline entry from the officer and the "update on your request" email)."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from wagtail.models import Site

from crm.cases.enums import CaseStatus
from crm.cases.models import Case, CaseEvent
from crm.cases.services import add_public_update

from .models import CannedReply
from .placeholders import fill_placeholders


def officer_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or user.get_username()


def council_name() -> str:
    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return site.site_name if site is not None and site.site_name else ""


def resident_first_name(case: Case) -> str:
    """The first word of the customer's name, only once their email address is verified: until
    then the name is whatever the submitter typed, and `email_resident` keeps typed words out of
    the council's emails ("Dear resident"). The same rule holds here."""
    customer = case.customer
    if customer is not None and customer.email_verified and customer.name.strip():
        return customer.name.split()[0]
    return _("resident")


def placeholder_values(case: Case, *, officer: AbstractBaseUser | None) -> dict[str, str]:
    """What each placeholder becomes on this case, sent by this officer."""
    return {
        "reference": case.reference,
        "first_name": resident_first_name(case),
        "case_type": case.case_type.name,
        "team_name": case.team.name,
        "status": str(CaseStatus(case.status).label),
        "due_date": formats.date_format(case.due_date, "j F Y") if case.due_date else "",
        "officer_name": officer_name(officer),
        "council_name": council_name(),
    }


def reply_text_for_case(reply: CannedReply, case: Case, *, officer: AbstractBaseUser | None) -> str:
    """The reply's text with the placeholders filled, for staff to read and edit."""
    return fill_placeholders(reply.body, placeholder_values(case, officer=officer))


def check_reply_for_case(reply: CannedReply, case: Case) -> None:
    """Refuse a reply that is switched off, or meant for other case types (the list only offers
    the right ones, but it may have changed since the page was loaded)."""
    if not reply.is_active:
        raise ValidationError(
            _("The reply “%(title)s” is no longer in use. Choose another reply."),
            code="inactive",
            params={"title": reply.title},
        )
    types = set(reply.case_types.values_list("pk", flat=True))
    if types and case.case_type_id not in types:
        raise ValidationError(
            _("The reply “%(title)s” is not for %(case_type)s cases. Choose another reply."),
            code="wrong_case_type",
            params={"title": reply.title, "case_type": case.case_type.name},
        )


def send_canned_reply(
    case: Case, *, reply: CannedReply, text: str, actor: AbstractBaseUser
) -> CaseEvent:
    """Send the (possibly edited) text of a canned reply to the resident as a public update from
    `actor`. The caller fetched the case with `get_case_for_staff`, so the actor may work it.

    The text is sent as staff saw it: placeholders were filled when the reply was picked, and
    nothing typed afterwards is filled again (what is sent is what was on screen)."""
    check_reply_for_case(reply, case)
    if case.anonymised_at is not None:
        raise ValidationError(
            _("This case has been anonymised: there is no resident to write to."),
            code="anonymised",
        )
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Enter the text of the reply."), code="required")
    return add_public_update(case, actor=actor, text=text)
