"""Customer records: one per person, matched by email address."""

from typing import TypedDict

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import Customer, normalise_email


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
