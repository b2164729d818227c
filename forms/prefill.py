"""What we know about a signed-in resident: for prefilling questions and naming the customer.

The account's verified email comes from allauth when it is installed (My Account adds it); without
it no address counts as verified.
"""

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist

from .enums import Prefill


def verified_email(user) -> str:
    """The resident's verified email address (their primary one first), or ''."""
    if not (user and user.is_authenticated) or not apps.is_installed("allauth.account"):
        return ""
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.filter(user=user, verified=True).order_by("-primary", "pk").first()
    )
    return address.email if address else ""


def linked_customer(user):
    """The CRM customer record linked to the account (read only), or None."""
    try:
        return user.customer
    except (ObjectDoesNotExist, AttributeError):
        return None


def resident_details(user) -> dict:
    """{"name", "email", "phone", "address"} for prefilling; empty values are left out."""
    if not (user and user.is_authenticated):
        return {}
    customer = linked_customer(user)
    details = {
        Prefill.NAME: (customer.name if customer else "") or user.get_full_name(),
        Prefill.EMAIL: verified_email(user) or user.email or (customer.email if customer else ""),
        Prefill.PHONE: customer.phone if customer else "",
    }
    if customer and (customer.address_line_1 or customer.postcode):
        details[Prefill.ADDRESS] = {
            "address_line_1": customer.address_line_1,
            "address_line_2": customer.address_line_2,
            "town": customer.town,
            "postcode": customer.postcode,
        }
    return {key: value for key, value in details.items() if value}
