"""What the bookings tests share: paying in the sandbox, and the emails a case was sent."""

from crm.notifications.models import OutboxMessage
from crm.payments.models import Payment
from tests.crm.payments.factories import sandbox_payment


def pay_in_sandbox(client, payment: Payment, action: str = "pay") -> Payment:
    """Press a button on the sandbox's test payment page, as the resident does."""
    response = client.post(f"/payments/sandbox/{payment.provider_id}/", {"action": action})
    assert response.status_code == 302
    payment.refresh_from_db()
    return payment


def paid_case_payment(client, case, *, amount: int = 2500, lines=None, service=None) -> Payment:
    payment = sandbox_payment(case=case, amount=amount, lines=lines, service=service)
    return pay_in_sandbox(client, payment)


def emails(case) -> list[str]:
    """The kinds of email queued for the case, oldest first."""
    return list(
        OutboxMessage.objects.filter(case=case).order_by("pk").values_list("kind", flat=True)
    )


def email_of(case, kind) -> OutboxMessage:
    return OutboxMessage.objects.filter(case=case, kind=kind).latest("pk")
