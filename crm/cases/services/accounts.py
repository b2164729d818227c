"""Linking customer records to residents' accounts once they prove they own the email address."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from ..models import Customer, normalise_email


def link_customer_to_user(user: AbstractBaseUser, *, email: str) -> Customer | None:
    """Link the customer record for `email` to `user`, now that they have verified the address
    (My Account calls this when allauth confirms an email address). Idempotent.

    The record's email is marked verified. Nothing is linked, and None returned, when there is no
    record for the address or it belongs to another account. An account links to one record: if
    the user already has one, this record is only marked verified, and its cases still reach the
    resident through their verified address (see `selectors.cases_for_resident`).
    """
    email = normalise_email(email)
    if not email or user is None or user.pk is None:
        return None
    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(email=email).first()
        if customer is None or customer.user_id not in (None, user.pk):
            return None
        changed = []
        if not customer.email_verified:
            customer.email_verified = True
            changed.append("email_verified")
        if customer.user_id is None and not Customer.objects.filter(user=user).exists():
            customer.user = user
            changed.append("user")
        if changed:
            customer.save(update_fields=[*changed, "updated_at"])
    return customer
