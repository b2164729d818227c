"""Link the resident's customer record to their account once they verify the email address."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from crm.cases.services import link_customer_to_user


@receiver(email_confirmed, dispatch_uid="myaccount.link_customer_on_email_confirmed")
def link_customer_on_email_confirmed(sender, email_address, **kwargs):
    link_customer_to_user(email_address.user, email=email_address.email)
