"""Confirming an email address safely when two confirmations race.

allauth checks that no other account has the address verified, then saves; two accounts
confirming the same address at the same moment both pass the check, and the second save breaks
allauth's unique constraint on verified addresses (an IntegrityError, a 500 page). Here the
confirmation runs in one transaction, and the loser is told the address is already confirmed by
another account, as if it had come second.
"""

from django.contrib import messages
from django.db import IntegrityError, transaction


class SafeEmailConfirmationMixin:
    """For the account adapter (ACCOUNT_ADAPTER): `confirm_email` never raises on a race."""

    def confirm_email(self, request, email_address) -> bool:
        try:
            with transaction.atomic():
                return super().confirm_email(request, email_address)
        except IntegrityError:
            # Nothing was saved: show the address as it is (not verified, so the confirmation
            # page says another account has it).
            try:
                email_address.refresh_from_db()
            except email_address.DoesNotExist:  # added in the rolled-back transaction
                email_address.verified = email_address.primary = False
            self.add_message(
                request,
                messages.ERROR,
                "account/messages/email_confirmation_failed.txt",
                {"email": email_address.email},
            )
            return False
