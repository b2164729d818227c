"""factory_boy factories for payments: payment services and payments in each state.

Payments built here skip the services (no history, no provider, no email); use
`sandbox_payment()` when a test needs a payment the sandbox provider knows about, made and sent
to its page through `crm.payments.services` as the forms journey does. Traits on
`PaymentFactory`: `submitted`, `paid`, `failed`, `cancelled`.
"""

import factory
from django.utils import timezone

from crm.payments.enums import LineKind, PaymentState, Provider
from crm.payments.models import Payment, PaymentService
from crm.payments.services import start_payment, submit_payment
from tests.crm.factories import CaseFactory

RETURN_URL = "http://testserver/forms/bulky-waste/pay/return/"


class PaymentServiceFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Bulky waste collections {n}")
    provider = Provider.SANDBOX
    fund_code = "F100"
    cost_code = "CC-2040"
    active = True

    class Meta:
        model = PaymentService


def fee_lines(amount: int = 2500, *, label: str = "Collection fee") -> list[dict]:
    return [{"label": label, "quantity": 1, "unit_amount": amount, "amount": amount, "kind": "fee"}]


class PaymentFactory(factory.django.DjangoModelFactory):
    case = factory.SubFactory(CaseFactory)
    service = factory.SubFactory(PaymentServiceFactory)
    provider = factory.SelfAttribute("service.provider")
    fund_code = factory.SelfAttribute("service.fund_code")
    cost_code = factory.SelfAttribute("service.cost_code")
    amount = 2500
    description = "Bulky waste collection"
    line_items = factory.LazyAttribute(
        lambda payment: [
            {
                "label": "Collection fee",
                "quantity": 1,
                "unit_amount": payment.amount,
                "amount": payment.amount,
                "kind": LineKind.FEE.value,
            }
        ]
    )
    state = PaymentState.CREATED

    class Meta:
        model = Payment

    class Params:
        submitted = factory.Trait(
            state=PaymentState.SUBMITTED,
            provider_id=factory.Sequence(lambda n: f"prov_{n}"),
            submitted_at=factory.LazyFunction(timezone.now),
        )
        paid = factory.Trait(
            state=PaymentState.SUCCESS,
            provider_id=factory.Sequence(lambda n: f"prov_paid_{n}"),
            submitted_at=factory.LazyFunction(timezone.now),
            paid_at=factory.LazyFunction(timezone.now),
        )
        failed = factory.Trait(state=PaymentState.FAILED)
        cancelled = factory.Trait(state=PaymentState.CANCELLED)


def sandbox_payment(*, case=None, service=None, amount: int = 2500, lines=None) -> Payment:
    """A payment made by `start_payment` and sent to the sandbox's page by `submit_payment`
    (state SUBMITTED, with its SandboxCharge)."""
    payment = start_payment(
        case=case or CaseFactory(),
        service=service or PaymentServiceFactory(),
        line_items=lines or fee_lines(amount),
        description="Bulky waste collection",
    )
    submit_payment(payment, return_url=RETURN_URL)
    return payment
