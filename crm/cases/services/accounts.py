"""Linking customer records to residents' accounts while they hold the email address verified.

The link (`Customer.user`) is not what gives a resident access to cases: that is the addresses
verified on their account now (`selectors.cases_for_resident`). It says which account the record's
address belongs to, so emails about its cases carry the My Account link rather than a tracking
link, and forms can prefill the resident's details. My Account keeps it true: it links when allauth
confirms an address and unlinks when the address is removed or replaced.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from ..models import Customer, normalise_email
from .tracking_links import rotate_tracking_nonces


def link_customer_to_user(user: AbstractBaseUser, *, email: str) -> Customer | None:
    """Link the customer record for `email` to `user`, now that they have verified the address
    (My Account calls this when allauth confirms an email address). Idempotent, and safe when the
    same address is confirmed twice at once.

    The record's email is marked verified. Nothing is linked, and None returned, when there is no
    record for the address or it belongs to another account. An account links to one record: if
    the user already has one, this record is only marked verified, and its cases still reach the
    resident through their verified address (see `selectors.cases_for_resident`). Linking rotates
    the tracking nonce of the record's cases: the links in earlier emails stop working, and later
    emails link to My Account.
    """
    email = normalise_email(email)
    if not email or user is None or user.pk is None:
        return None
    with transaction.atomic():
        # The account's row first, then the record's: two confirmations for one account (of one
        # address or two) queue here instead of both linking a record (Customer.user is unique).
        list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk"))
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
        if not changed:
            return customer
        try:
            with transaction.atomic():
                customer.save(update_fields=[*changed, "updated_at"])
        except IntegrityError:
            # Linked to another record by a transaction the locks could not see (a different
            # account row lock order): keep the existing link, only mark the address verified.
            customer.user = None
            customer.save(update_fields=["email_verified", "updated_at"])
            return customer
        if "user" in changed:
            rotate_tracking_nonces(customer.cases.values_list("pk", flat=True))
    return customer


def unlink_customer_email(user: AbstractBaseUser, *, email: str) -> Customer | None:
    """Undo `link_customer_to_user` for an address the account no longer holds verified (removed,
    or replaced by a new primary address). Rotates the tracking nonce of the record's cases, so no
    link the account could have seen keeps working; returns the record, or None if it was not
    linked to this account."""
    email = normalise_email(email)
    if not email or user is None or user.pk is None:
        return None
    with transaction.atomic():
        customer = Customer.objects.select_for_update().filter(email=email, user=user).first()
        if customer is None:
            return None
        customer.user = None
        customer.save(update_fields=["user", "updated_at"])
        rotate_tracking_nonces(customer.cases.values_list("pk", flat=True))
    return customer
