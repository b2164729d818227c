"""Keep the resident's customer record linked to their account only while it holds the address.

Access to cases never depends on this link (it comes from the addresses verified on the account
now, see `crm.cases.selectors.cases_for_resident`), but emails and form prefill do: an address
the account no longer holds must not keep its record, its details or its tracking links.
"""

from allauth.account.models import EmailAddress
from allauth.account.signals import email_changed, email_confirmed, email_removed
from django.dispatch import receiver

from crm.cases.services import link_customer_to_user, unlink_customer_email


@receiver(email_confirmed, dispatch_uid="myaccount.link_customer_on_email_confirmed")
def link_customer_on_email_confirmed(sender, email_address, **kwargs):
    link_customer_to_user(email_address.user, email=email_address.email)


@receiver(email_removed, dispatch_uid="myaccount.unlink_customer_on_email_removed")
def unlink_customer_on_email_removed(sender, user, email_address, **kwargs):
    unlink_customer_email(user, email=email_address.email)
    _link_primary(user)


@receiver(email_changed, dispatch_uid="myaccount.relink_customer_on_email_changed")
def relink_customer_on_email_changed(sender, user, from_email_address, to_email_address, **kwargs):
    """A new primary address: the account's record becomes that address's (when there is one).
    The old address's cases stay visible only while it is still verified on the account."""
    if from_email_address is not None:
        unlink_customer_email(user, email=from_email_address.email)
    _link_primary(user)


def _link_primary(user) -> None:
    primary = EmailAddress.objects.filter(user=user, primary=True, verified=True).first()
    if primary is not None:
        link_customer_to_user(user, email=primary.email)
