"""Retention and erasure: removing a person's data from cases while keeping the figures.

UK GDPR Article 5(1)(e) (kept no longer than needed) and Article 17 (erasure on request) apply the
same rule, `anonymise_case`: the answers, location, customer link, files, timeline wording and
emails go; the case type, team, officer, channel, status, dates, due date and reference stay, so
reports still count the work. Closed cases are anonymised `CaseType.retention_months` after they
closed; cases resolved and never closed count from when they were resolved. See
docs/data-protection.md for the decisions.
"""

import calendar
import logging
from datetime import datetime
from functools import partial

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.notifications.models import OutboxMessage

from ..enums import OPEN_STATUSES, CaseStatus, EventKind
from ..models import Case, CaseType, Customer, new_tracking_nonce
from ..search import update_case_search_on_commit

logger = logging.getLogger(__name__)

CUSTOMER_PERSONAL_FIELDS = (
    "name",
    "email",
    "phone",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
)


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last
    day), so "72 months" means six years to the day, not 72 x 30 days."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def cases_past_retention(*, now: datetime | None = None):
    """Finished cases not yet anonymised whose case type's retention period has run out: closed
    ones counted from `closed_at`, resolved-but-never-closed ones from `resolved_at`."""
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for case_type in CaseType.objects.only("pk", "retention_months"):
        cutoff = months_before(now, case_type.retention_months)
        condition |= Q(case_type=case_type) & (
            Q(status=CaseStatus.CLOSED, closed_at__lte=cutoff)
            | Q(status=CaseStatus.RESOLVED, resolved_at__lte=cutoff)
        )
    return Case.objects.filter(condition, anonymised_at__isnull=True)


def anonymise_case(case: Case, *, now: datetime | None = None) -> bool:
    """Remove the personal data from one finished case; False if it was already anonymised.

    One transaction, under the case's row lock: an open case (even one reopened a moment ago)
    is refused with a `ValidationError`. Files leave storage only once the rows are gone for good.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().filter(pk=case.pk).first()
        if locked is None or locked.anonymised_at is not None:
            return False
        if locked.status in OPEN_STATUSES:
            raise ValidationError(
                _("Case %(reference)s is still open, so its data cannot be removed yet."),
                code="open",
                params={"reference": locked.reference},
            )
        files = [(a.file.storage, a.file.name) for a in locked.attachments.all() if a.file.name]
        locked.attachments.all().delete()
        # What the resident wrote, what staff wrote about them, the status messages and file
        # names: all wording goes. Kinds, statuses, dates and staff actors stay for reports.
        locked.events.update(message="")
        locked.events.filter(kind=EventKind.RESIDENT_MESSAGE).update(actor=None)
        OutboxMessage.objects.filter(case=locked).delete()
        locked.answers = []
        locked.location_text = ""
        locked.customer = None
        locked.submission_key = None
        locked.tracking_nonce = new_tracking_nonce()  # any tracking link still about stops working
        locked.anonymised_at = now
        locked.save(
            update_fields=[
                "answers",
                "location_text",
                "customer",
                "submission_key",
                "tracking_nonce",
                "anonymised_at",
                "updated_at",
            ]
        )
        transaction.on_commit(partial(_delete_files, files))
        update_case_search_on_commit([locked.pk])  # its words go from search too
    case.refresh_from_db()
    return True


def _delete_files(files) -> None:
    for storage, name in files:
        try:
            storage.delete(name)
        except OSError as error:  # the nightly job must go on; the row is already gone
            logger.warning("Could not delete a case file (%s)", type(error).__name__)


def anonymise_expired_cases(*, now: datetime | None = None, limit: int | None = None) -> int:
    """The nightly retention job: anonymise the cases past their retention period (at most
    `limit`, oldest first); returns how many. Idempotent, and each case is its own transaction,
    so a failure loses no other case."""
    now = now or timezone.now()
    done = 0
    case_ids = list(
        cases_past_retention(now=now).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    for case in Case.objects.filter(pk__in=case_ids).only("pk").iterator():
        try:
            done += anonymise_case(case, now=now)
        except ValidationError:  # reopened since the query: it is no longer due
            continue
    if done:
        logger.info("Retention: anonymised %s case(s)", done)
    return done


ERASE_PERMISSION = "cases.delete_customer"


def can_erase_customer(user: AbstractBaseUser | None) -> bool:
    """Erasure cannot be undone: only staff allowed to delete customer records (and superusers)
    may do it."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(ERASE_PERMISSION)
    )


def access_customer_for_erasure(user: AbstractBaseUser | None, customer_id: int) -> Customer:
    """The customer record, for staff who may erase it; PermissionDenied for other staff."""
    if not can_erase_customer(user):
        raise PermissionDenied
    return get_object_or_404(Customer, pk=customer_id)


def erase_customer(customer: Customer, *, actor: AbstractBaseUser | None) -> Customer:
    """Right to erasure (Article 17): anonymise all of the person's cases whatever their age,
    including those of duplicate records merged into this one, then blank the record itself.

    Refused with a `ValidationError` naming them while any of the cases is still open: staff
    finish (or close) that work first, then erase. Erasing twice does nothing more.
    """
    with transaction.atomic():
        records = list(
            Customer.objects.select_for_update()
            .filter(Q(pk=customer.pk) | Q(merged_into=customer.pk))
            .order_by("pk")
        )
        cases = Case.objects.filter(customer__in=records).order_by("created_at", "pk")
        still_open = list(
            cases.filter(status__in=OPEN_STATUSES).values_list("reference", flat=True)
        )
        if still_open:
            raise ValidationError(
                _(
                    "These cases are still open: %(references)s. Close them before erasing "
                    "this person's data."
                ),
                code="open_cases",
                params={"references": ", ".join(still_open)},
            )
        now = timezone.now()
        for case in cases:
            anonymise_case(case, now=now)
        for record in records:
            for field in CUSTOMER_PERSONAL_FIELDS:
                setattr(record, field, "")
            record.email_verified = False
            record.user = None
            record.erased_at = record.erased_at or now
            record.save()
    logger.info(
        "Erasure: customer %s erased by user %s",
        customer.pk,
        getattr(actor, "pk", None),
    )
    customer.refresh_from_db()
    return customer


def unlink_customer_from_user(user: AbstractBaseUser) -> None:
    """Before a resident's account is deleted: their customer record stops pointing at it. The
    cases stay with the council under the retention rule; emails about them then carry tracking
    links instead of My Account links."""
    if user is None or user.pk is None:
        return
    with transaction.atomic():
        Customer.objects.filter(user=user).update(user=None, updated_at=timezone.now())
