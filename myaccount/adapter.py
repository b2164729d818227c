"""allauth's account adapter (ACCOUNT_ADAPTER): account emails leave the request."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from .confirmation import SafeEmailConfirmationMixin
from .tasks import send_account_email

# What Celery may print about a queued email (worker logs, monitoring): never the address or body.
HIDDEN_PAYLOAD = "{'to': '[hidden]', 'subject': '[hidden]', 'body': '[hidden]'}"


class AccountAdapter(SafeEmailConfirmationMixin, DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render the email now (it needs the request), send it from a worker after commit.

        allauth's own send_mail sends inside the request, so a slow SMTP relay would hold up
        sign-up or a password reset, and an unreachable one would turn it into an error page.
        """
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request)}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        payload = {
            "subject": str(message.subject),
            "body": str(message.body),
            "from_email": str(message.from_email),
            "to": [str(address) for address in message.to],
            "alternatives": [
                (str(content), str(mimetype))
                for content, mimetype in getattr(message, "alternatives", [])
            ],
            "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
            "content_subtype": message.content_subtype,
        }
        transaction.on_commit(
            lambda: send_account_email.apply_async(kwargs=payload, kwargsrepr=HIDDEN_PAYLOAD)
        )
