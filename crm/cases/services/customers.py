"""Customer records: one per person, matched by email address; corrected and merged by staff."""

from collections.abc import Iterable
from typing import TypedDict

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..enums import EventKind
from ..models import Case, CaseEvent, Customer, normalise_email
from ..search import update_case_search_on_commit
from ._common import display_name


class Address(TypedDict, total=False):
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str


ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")


# --- Customers ----------------------------------------------------------------------------------


def get_or_create_customer(
    *,
    name: str,
    email: str,
    phone: str = "",
    address: Address | None = None,
    verified: bool = False,
) -> Customer:
    """The one customer record for this email address (matched case-insensitively), or a new one.

    Anyone can type any address into a form, so an unverified submission never changes an existing
    record; a verified one (the resident proved they own the address) updates the details given.
    Without an email there is nothing to match on, so each call makes a new record.
    """
    email = normalise_email(email)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Enter a name."), code="required")
    if email:
        validate_email(email)
    details = {"name": name, "phone": (phone or "").strip()}
    details.update({field: (address or {}).get(field, "").strip() for field in ADDRESS_FIELDS})
    if not email:
        return Customer.objects.create(**details)

    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(email=email).first()
        if customer is None:
            try:
                with transaction.atomic():
                    return Customer.objects.create(email=email, email_verified=verified, **details)
            except IntegrityError:  # created by a concurrent submission: use theirs
                customer = Customer.objects.select_for_update().get(email=email)
        if verified:
            for field, value in details.items():
                if value:
                    setattr(customer, field, value)
            customer.email_verified = True
            customer.save()
    return customer


# --- Corrections and merges by staff ------------------------------------------------------------

CORRECTABLE_FIELDS = ("name", "email", "phone", *ADDRESS_FIELDS)


def update_customer(
    customer: Customer, *, actor: AbstractBaseUser, **changes: str
) -> tuple[Customer, list[str]]:
    """Correct a customer record's details (name, email, phone, address), as staff were asked
    to. Returns the record and the fields that changed.

    Each of the person's cases gets an internal note naming what was corrected and by whom, so
    the case's history explains why its customer details changed. A new email address is not
    verified (staff typed it), and it must not belong to another record: merge them instead.
    """
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValueError(f"Cannot change {sorted(unknown)}; use one of {CORRECTABLE_FIELDS}")
    cleaned = {field: (value or "").strip() for field, value in changes.items()}
    if "name" in cleaned and not cleaned["name"]:
        raise ValidationError({"name": _("Enter a name.")}, code="required")
    if "email" in cleaned:
        cleaned["email"] = normalise_email(cleaned["email"])
        if cleaned["email"]:
            try:
                validate_email(cleaned["email"])
            except ValidationError:
                raise ValidationError(
                    {"email": _("Enter an email address in the correct format.")}, code="invalid"
                ) from None
    with transaction.atomic():
        locked = Customer.objects.select_for_update().get(pk=customer.pk)
        _check_editable(locked)
        changed = [field for field, value in cleaned.items() if getattr(locked, field) != value]
        if not changed:
            return locked, []
        if "email" in changed and cleaned["email"]:
            duplicate = Customer.objects.filter(email=cleaned["email"]).exclude(pk=locked.pk)
            if duplicate.exists():
                raise ValidationError(
                    {
                        "email": _(
                            "Another customer record has this email address. Merge the two "
                            "records instead."
                        )
                    },
                    code="duplicate_email",
                )
        for field in changed:
            setattr(locked, field, cleaned[field])
        if "email" in changed:
            locked.email_verified = False
        locked.save()
        labels = ", ".join(str(Customer._meta.get_field(field).verbose_name) for field in changed)
        note = _("Customer details corrected by %(actor)s: %(fields)s.") % {
            "actor": display_name(actor),
            "fields": labels,
        }
        cases = Case.objects.filter(customer=locked).only("pk")
        _note_on_cases(cases, actor=actor, text=note, data={"customer_fields": changed})
    return locked, changed


def merge_customers(keep: Customer, merge: Customer, *, actor: AbstractBaseUser) -> Customer:
    """Merge the duplicate record `merge` into `keep`: its cases move to `keep`, and it stays as
    a record pointing there (`merged_into`), so both histories are kept.

    Each moved case gets an internal note saying where it came from. Blank details on `keep`
    (email, phone, address) are filled from `merge`, and so is the resident's account link when
    only `merge` had one. Refused, with a message for staff, for the same record, a record
    already merged or erased, and two records linked to different residents' accounts.
    """
    if keep.pk == merge.pk:
        raise ValidationError(_("A customer record cannot be merged into itself."), code="same")
    with transaction.atomic():
        records = Customer.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
        locked = {record.pk: record for record in records.order_by("pk")}
        keep, merge = locked[keep.pk], locked[merge.pk]
        for record in (merge, keep):
            _check_mergeable(record)
        if keep.user_id and merge.user_id and keep.user_id != merge.user_id:
            raise ValidationError(
                _(
                    "“%(keep)s” and “%(merge)s” are linked to different resident accounts, so "
                    "they may be different people. They cannot be merged."
                ),
                code="different_accounts",
                params={"keep": keep.name, "merge": merge.name},
            )
        moved = list(Case.objects.select_for_update().filter(customer=merge).order_by("pk"))
        Case.objects.filter(pk__in=[case.pk for case in moved]).update(
            customer=keep, updated_at=timezone.now()
        )
        _fill_blanks(keep, merge)
        merge.merged_into = keep
        merge.save(update_fields=["merged_into", "updated_at"])
        # Records merged into the duplicate earlier now point at the kept one too (one level).
        Customer.objects.filter(merged_into=merge).update(merged_into=keep)
        note = _("Moved from customer record %(merged)s (merged into %(kept)s by %(actor)s).") % {
            "merged": f"#{merge.pk} {merge.name}",
            "kept": f"#{keep.pk} {keep.name}",
            "actor": display_name(actor),
        }
        data = {"merged_customer": merge.pk, "kept_customer": keep.pk}
        _note_on_cases(moved, actor=actor, text=note, data=data)
        # Details filled from the duplicate make the kept record's own cases findable by them.
        update_case_search_on_commit(
            Case.objects.filter(customer=keep).values_list("pk", flat=True)
        )
    return keep


def _check_editable(customer: Customer) -> None:
    if customer.erased_at is not None:
        raise ValidationError(
            _("This customer's details were erased, so they cannot be changed."), code="erased"
        )
    if customer.merged_into_id is not None:
        raise ValidationError(
            _("This record was merged into another one: correct that record instead."),
            code="merged",
        )


def _check_mergeable(customer: Customer) -> None:
    if customer.erased_at is not None:
        raise ValidationError(
            _("“%(name)s” was erased, so it cannot be merged."),
            code="erased",
            params={"name": customer.name},
        )
    if customer.merged_into_id is not None:
        raise ValidationError(
            _("“%(name)s” has already been merged into another record."),
            code="already_merged",
            params={"name": customer.name},
        )


def _fill_blanks(keep: Customer, merge: Customer) -> None:
    """Details only the duplicate had move to the kept record (the duplicate's row keeps its
    own copy, except its email and account link, which are unique and so move)."""
    changed = []
    for field in ("phone", *ADDRESS_FIELDS):
        if not getattr(keep, field) and getattr(merge, field):
            setattr(keep, field, getattr(merge, field))
            changed.append(field)
    moves = []
    if not keep.email and merge.email:
        moves.append(("email", merge.email, ""))
        keep.email_verified = merge.email_verified
        changed.append("email_verified")
    if keep.user_id is None and merge.user_id is not None:
        moves.append(("user_id", merge.user_id, None))
    if moves:
        for field, _value, empty in moves:
            setattr(merge, field, empty)
        merge.save(update_fields=[field.removesuffix("_id") for field, *_ in moves])
        for field, value, _empty in moves:
            setattr(keep, field, value)
            changed.append(field.removesuffix("_id"))
    if changed:
        keep.save(update_fields=[*changed, "updated_at"])


def _note_on_cases(cases: Iterable[Case], *, actor, text: str, data: dict) -> None:
    """One internal note, the same on each of `cases`, in one query."""
    events = CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=EventKind.INTERNAL_NOTE,
            is_public=False,
            actor=actor if actor is not None and actor.is_authenticated else None,
            message=text,
            data=data,
        )
        for case in cases
    )
    # The customer's details (or the record itself) changed: search finds them by the new ones.
    update_case_search_on_commit(event.case_id for event in events)
