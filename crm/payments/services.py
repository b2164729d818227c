"""The life of a payment: every write to a payment goes through here (docs/payments.md).

One state machine (`_apply_state`) whichever provider and whichever path the news came by: the
resident's return (`sync_payment`), a provider notification (`handle_webhook`) or the sweep's
status check (`sweep_unfinished_payments`). A state only moves forward (`enums.STATE_RANK`), so a
late, repeated or out-of-order report changes nothing. Each change is a `PaymentEvent` on the
payment's history and a `payment_state_changed` signal inside the transaction (bookings listens).
"""

import logging
from datetime import datetime, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crm.cases.services import email_resident
from crm.notifications.enums import EmailKind

from .enums import (
    PAID_STATES,
    STATE_RANK,
    EventSource,
    LineKind,
    PaymentState,
    RefundKind,
    RefundState,
)
from .models import Payment, PaymentEvent, Refund, WebhookEvent
from .providers import (
    ProviderError,
    ProviderEvent,
    ProviderStatus,
    WebhookSignatureError,
    get_provider,
)
from .selectors import format_amount, pending_refund_amount
from .signals import payment_state_changed

logger = logging.getLogger(__name__)

__all__ = [
    "ProviderError",
    "WebhookSignatureError",
    "handle_webhook",
    "refund_payment",
    "retry_payment",
    "start_payment",
    "submit_payment",
    "sweep_unfinished_payments",
    "sync_payment",
]

# The sweep asks the provider about payments sent to its page this long ago with no news since
# (the resident closed the tab and the notification never came).
SUBMITTED_CHECK_AFTER = timedelta(minutes=15)
# A payment nobody sent to a payment page (the resident left at "check your answers").
CREATED_EXPIRE_AFTER = timedelta(days=1)
# Payments looked at per sweep run: the next run (every 5 minutes) picks up the rest.
SWEEP_BATCH = 200

# Refunds whose email bookings does not send itself (it words its own for the other kinds).
_REFUND_EMAIL_KINDS = frozenset({RefundKind.STAFF, RefundKind.DEPOSIT})


def _provider_unavailable() -> ValidationError:
    return ValidationError(
        _(
            "The payment service is not available at the moment. Your answers have been kept. "
            "Try again in a few minutes."
        ),
        code="provider_unavailable",
    )


# --- Starting a payment ------------------------------------------------------------------------


def _clean_lines(line_items: list[dict]) -> list[dict]:
    lines = []
    for line in line_items:
        quantity = int(line.get("quantity", 1))
        unit_amount = int(line.get("unit_amount", line.get("amount", 0)))
        amount = int(line.get("amount", quantity * unit_amount))
        if quantity < 0 or amount < 0:
            raise ValidationError(_("An amount to pay cannot be negative."), code="negative")
        lines.append(
            {
                "label": str(line["label"]),
                "quantity": quantity,
                "unit_amount": unit_amount,
                "amount": amount,
                "kind": str(LineKind(line.get("kind", LineKind.FEE))),
            }
        )
    return lines


def start_payment(*, case, service, line_items: list[dict], description: str) -> Payment:
    """A new payment on `case` for what `line_items` add up to, in state CREATED.

    The provider, fund and cost codes are copied from the service now, so changing the service
    later never changes a payment already under way."""
    if not service.active:
        raise ValidationError(
            _("This service is not taking payments at the moment."), code="service_inactive"
        )
    lines = _clean_lines(line_items)
    amount = sum(line["amount"] for line in lines)
    if amount <= 0:
        raise ValidationError(_("There is nothing to pay."), code="nothing_to_pay")
    with transaction.atomic():
        payment = Payment.objects.create(
            case=case,
            service=service,
            provider=service.provider,
            fund_code=service.fund_code,
            cost_code=service.cost_code,
            amount=amount,
            description=(description or service.name)[:255],
            line_items=lines,
            state=PaymentState.CREATED,
        )
        PaymentEvent.objects.create(
            payment=payment, from_state="", to_state=PaymentState.CREATED, source=EventSource.SYSTEM
        )
    return payment


def submit_payment(payment: Payment, *, return_url: str) -> str:
    """Start the payment with its provider and return the page where the resident pays.

    A payment already sent to its page returns the same page (a double click, or Back then
    Continue); one that is finished is refused."""
    provider = get_provider(payment.provider)
    with transaction.atomic():
        locked = _lock(payment)
        if locked.state == PaymentState.SUBMITTED and locked.next_url:
            return locked.next_url
        if locked.state != PaymentState.CREATED:
            raise ValidationError(
                _("This payment has already finished. Start again to pay."), code="finished"
            )
        locked.return_url = return_url
        try:
            started = provider.create_payment(locked, return_url=return_url)
        except ProviderError as error:
            logger.warning(
                "Provider %s refused payment %s (%s)",
                locked.provider,
                locked.uuid,
                type(error).__name__,
            )
            raise _provider_unavailable() from None
        locked.provider_id = started.provider_id
        locked.next_url = started.next_url
        locked.submitted_at = timezone.now()
        locked.save(update_fields=["return_url", "provider_id", "next_url", "submitted_at"])
        _apply_state(locked, PaymentState.SUBMITTED, source=EventSource.SYSTEM)
    _copy(locked, payment)
    return payment.next_url


def retry_payment(payment: Payment) -> Payment:
    """A new payment for the same case, service and lines, after a decline or a cancel.

    Refused if the case already has a paid payment for that service. A payment still open at
    its provider is closed first (cancelled there), so the resident can never pay twice."""
    if _has_paid_payment(payment):
        raise ValidationError(_("This has already been paid."), code="already_paid")
    if payment.state == PaymentState.SUBMITTED:
        sync_payment(payment, cancelled=True)
    elif payment.state == PaymentState.CREATED:
        _apply_state(payment, PaymentState.CANCELLED, source=EventSource.SYSTEM, note="Retried")
    if payment.state in PAID_STATES or _has_paid_payment(payment):
        raise ValidationError(_("This has already been paid."), code="already_paid")
    if payment.state == PaymentState.SUBMITTED:
        raise _provider_unavailable()  # could not close it: it might still be paid
    return start_payment(
        case=payment.case,
        service=payment.service,
        line_items=payment.line_items,
        description=payment.description,
    )


def _has_paid_payment(payment: Payment) -> bool:
    return Payment.objects.filter(
        case_id=payment.case_id, service_id=payment.service_id, state__in=PAID_STATES
    ).exists()


# --- Learning what happened -------------------------------------------------------------------


def sync_payment(payment: Payment, *, cancelled: bool = False) -> Payment:
    """Ask the provider how the payment stands (the resident is back from its page).

    `cancelled`: they came back by the provider's cancel link. The provider's payment is closed
    so it can no longer be paid, and ours becomes CANCELLED unless the provider says it was paid
    after all. If the provider cannot be reached the payment is left as it is (the sweep and the
    notification will tell us later)."""
    if payment.state not in (PaymentState.CREATED, PaymentState.SUBMITTED):
        return payment
    if payment.state == PaymentState.CREATED or not payment.provider_id:
        if cancelled:
            _apply_state(payment, PaymentState.CANCELLED, source=EventSource.RETURN)
        return payment
    provider = get_provider(payment.provider)
    try:
        if cancelled:
            provider.cancel_payment(payment)
        status = provider.fetch_status(payment)
    except ProviderError as error:
        logger.warning(
            "Could not check payment %s with %s (%s)",
            payment.uuid,
            payment.provider,
            type(error).__name__,
        )
        return payment
    if cancelled and status.state in (PaymentState.CREATED, PaymentState.SUBMITTED):
        status = ProviderStatus(state=PaymentState.CANCELLED)
    _apply_status(payment, status, source=EventSource.RETURN)
    return payment


def _apply_status(payment: Payment, status: ProviderStatus, *, source: EventSource) -> bool:
    return _apply_state(
        payment,
        _not_refund_state(status.state),
        source=source,
        failure_code=status.failure_code,
        failure_message=status.failure_message,
    )


def handle_webhook(provider: str, body: bytes, headers) -> int:
    """Apply a provider's notification; the number of changes it made.

    Raises `WebhookSignatureError` (nothing written) if its signature is missing or wrong. Each
    event is applied once, by its id (a repeated delivery changes nothing), and in any order:
    the state machine ignores a report older than what we know."""
    events = get_provider(provider).parse_webhook(body, headers)
    return sum(_apply_event(provider, event) for event in events)


def _apply_event(provider: str, event: ProviderEvent) -> int:
    payment = (
        Payment.objects.filter(provider=provider, provider_id=event.provider_id)
        .order_by("-pk")
        .first()
        if event.provider_id
        else None
    )
    if payment is None:
        logger.info("Notification %s from %s is for no payment of ours", event.event_id, provider)
        return 0
    if not event.event_id:
        logger.info("Notification from %s without an event id ignored", provider)
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                WebhookEvent.objects.create(
                    provider=provider,
                    event_id=event.event_id,
                    event_type=event.event_type[:100],
                    payment=payment,
                )
        except IntegrityError:
            return 0  # applied already (a repeated delivery)
        if event.refund_state is not None:
            refunds = _refunds_reported(payment, event)
            if not refunds:
                logger.info("Notification %s is for no refund of ours", event.event_id)
            return sum(
                _settle_refund(
                    refund, event.refund_state, source=EventSource.WEBHOOK, event_id=event.event_id
                )
                for refund in refunds
            )
        if event.state is None:
            return 0
        return int(
            _apply_state(
                payment,
                _not_refund_state(event.state),
                source=EventSource.WEBHOOK,
                event_id=event.event_id,
                failure_code=event.failure_code,
                failure_message=event.failure_message,
            )
        )


def _refunds_reported(payment: Payment, event: ProviderEvent) -> list[Refund]:
    """The refunds a notification is about: by the provider's refund id where it gives one
    (Stripe), else the oldest refunds under way that the reported total covers (GOV.UK Pay
    reports the payment's refunded total), else the oldest one under way."""
    if event.refund_id:
        return list(Refund.objects.filter(payment=payment, provider_refund_id=event.refund_id))
    under_way = list(
        Refund.objects.filter(payment=payment, state=RefundState.SUBMITTED).order_by(
            "created_at", "pk"
        )
    )
    total = event.extra.get("refunded_amount")
    if total is None:
        matching = [r for r in under_way if r.amount == event.refund_amount]
        return (matching or under_way)[:1]
    return _covered_by_total(payment, under_way, int(total))


def _covered_by_total(payment: Payment, under_way: list[Refund], total: int) -> list[Refund]:
    settled = Payment.objects.values_list("refunded_amount", flat=True).get(pk=payment.pk)
    covered = []
    for refund in under_way:
        if settled + refund.amount > total:
            break
        settled += refund.amount
        covered.append(refund)
    return covered


def _not_refund_state(state: PaymentState) -> PaymentState:
    """Refunds are recorded from our own Refund rows, not from a status report: a payment the
    provider says is refunded was at least paid."""
    if state in (PaymentState.PARTLY_REFUNDED, PaymentState.REFUNDED):
        return PaymentState.SUCCESS
    return state


def sweep_unfinished_payments(*, now: datetime | None = None) -> int:
    """Every few minutes (beat): ask the provider about payments sent to its page more than 15
    minutes ago that we have heard nothing of (and about refunds still under way after 15
    minutes), and expire payments never sent to a payment page after a day. The number of
    payments and refunds that changed.

    A provider that cannot be reached is logged (by class name) and asked again next time."""
    now = now or timezone.now()
    changed = 0
    submitted = Payment.objects.filter(
        state=PaymentState.SUBMITTED, submitted_at__lt=now - SUBMITTED_CHECK_AFTER
    ).order_by("submitted_at")[:SWEEP_BATCH]
    for payment in submitted:
        status = _fetch_status_for_sweep(payment)
        if status is not None:
            changed += _apply_status(payment, status, source=EventSource.POLL)
    refunding = (
        Payment.objects.filter(
            refunds__state=RefundState.SUBMITTED,
            refunds__created_at__lt=now - SUBMITTED_CHECK_AFTER,
        )
        .distinct()
        .order_by("pk")[:SWEEP_BATCH]
    )
    for payment in refunding:
        status = _fetch_status_for_sweep(payment)
        if status is None or status.refunded_amount is None:
            continue
        under_way = list(
            payment.refunds.filter(state=RefundState.SUBMITTED).order_by("created_at", "pk")
        )
        for refund in _covered_by_total(payment, under_way, status.refunded_amount):
            changed += _settle_refund(refund, RefundState.SUCCESS, source=EventSource.POLL)
    created = Payment.objects.filter(
        state=PaymentState.CREATED, created_at__lt=now - CREATED_EXPIRE_AFTER
    ).order_by("created_at")[:SWEEP_BATCH]
    for payment in created:
        changed += _apply_state(payment, PaymentState.EXPIRED, source=EventSource.SYSTEM)
    return changed


def _fetch_status_for_sweep(payment: Payment) -> ProviderStatus | None:
    try:
        return get_provider(payment.provider).fetch_status(payment)
    except ProviderError as error:
        logger.warning(
            "Sweep could not check payment %s with %s (%s)",
            payment.uuid,
            payment.provider,
            type(error).__name__,
        )
        return None


# --- The state machine -------------------------------------------------------------------------


def _lock(payment: Payment) -> Payment:
    return Payment.objects.select_for_update().select_related("case").get(pk=payment.pk)


def _copy(source: Payment, target: Payment) -> None:
    if source is target:
        return
    for field in (
        "state",
        "provider_id",
        "next_url",
        "return_url",
        "failure_code",
        "failure_message",
        "refunded_amount",
        "submitted_at",
        "paid_at",
        "updated_at",
    ):
        setattr(target, field, getattr(source, field))


def _apply_state(
    payment: Payment,
    to_state: PaymentState | str,
    *,
    source: EventSource | str,
    event_id: str = "",
    note: str = "",
    actor: AbstractBaseUser | None = None,
    amount: int | None = None,
    failure_code: str = "",
    failure_message: str = "",
) -> bool:
    """Move the payment to `to_state` if that is forward (`STATE_RANK`); False if it is not
    (a repeated or out-of-order report), and then nothing is written.

    Locks the payment's row, records the change on its history, stamps `paid_at`, sends
    `payment_state_changed` and, on SUCCESS, emails the resident a receipt; all in one
    transaction. `payment` is updated in place."""
    to_state = PaymentState(to_state)
    with transaction.atomic():
        locked = _lock(payment)
        from_state = locked.state
        if STATE_RANK[to_state] <= STATE_RANK[from_state]:
            _copy(locked, payment)
            return False
        locked.state = to_state
        fields = ["state", "updated_at"]
        if to_state == PaymentState.SUCCESS and locked.paid_at is None:
            locked.paid_at = timezone.now()
            fields.append("paid_at")
        if to_state == PaymentState.FAILED:
            locked.failure_code = (failure_code or "")[:50]
            locked.failure_message = (failure_message or "")[:255]
            fields += ["failure_code", "failure_message"]
        locked.save(update_fields=fields)
        PaymentEvent.objects.create(
            payment=locked,
            from_state=from_state,
            to_state=to_state,
            source=source,
            provider_event_id=event_id[:255],
            amount=amount,
            note=note[:300],
            actor=actor if actor is not None and actor.is_authenticated else None,
        )
        payment_state_changed.send(
            sender=Payment, payment=locked, from_state=from_state, to_state=to_state
        )
        if to_state == PaymentState.SUCCESS:
            email_resident(
                locked.case,
                EmailKind.PAYMENT_RECEIVED,
                extra={"amount": format_amount(locked.amount), "description": locked.description},
            )
        # A receiver may have changed the payment again (bookings refunds a late payment).
        locked.refresh_from_db()
        _copy(locked, payment)
    return True


# --- Refunds -----------------------------------------------------------------------------------


def refund_payment(
    payment: Payment,
    *,
    amount: int,
    reason: str,
    kind: RefundKind | str,
    actor: AbstractBaseUser | None = None,
) -> Refund:
    """Give back `amount` pence of a paid payment, through its provider.

    Refused (ValidationError) for a payment not paid, an amount of 0 or less or more than is
    left to refund (counting refunds still under way), and a blank reason. The payment's row is
    locked while the refund is checked and recorded, so two refunds at once cannot give back
    more than was paid. The refund is on the payment's history; staff and deposit refunds are
    emailed to the resident (bookings words its own email for the others)."""
    kind = RefundKind(kind)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Enter the reason for the refund."), code="required")
    amount = int(amount)
    if amount <= 0:
        raise ValidationError(_("Enter an amount to refund of more than £0."), code="too_small")
    # A resident's cancellation names them as the actor, but only a staff refund is "Staff".
    source = EventSource.STAFF if kind == RefundKind.STAFF else EventSource.SYSTEM
    with transaction.atomic():
        locked = _lock(payment)
        if locked.state not in PAID_STATES or locked.paid_at is None:
            raise ValidationError(_("Only a paid payment can be refunded."), code="not_paid")
        left = locked.amount - locked.refunded_amount - pending_refund_amount(locked)
        if amount > left:
            raise ValidationError(
                _("You can refund at most %(amount)s.") % {"amount": format_amount(max(left, 0))},
                code="too_much",
            )
        refund = Refund.objects.create(
            payment=locked,
            amount=amount,
            reason=reason[:300],
            kind=kind,
            requested_by=actor if actor is not None and actor.is_authenticated else None,
        )
        try:
            result = get_provider(locked.provider).refund(
                locked, amount=amount, refund_uuid=str(refund.uuid)
            )
        except ProviderError as error:
            logger.warning(
                "Provider %s refused refund %s (%s)",
                locked.provider,
                refund.uuid,
                type(error).__name__,
            )
            raise ValidationError(
                _("The payment service did not make the refund. Try again in a few minutes."),
                code="provider_unavailable",
            ) from None
        refund.provider_refund_id = result.refund_id[:255]
        refund.save(update_fields=["provider_refund_id"])
        if result.state == RefundState.SUBMITTED:
            # Under way at the provider: its notification settles it (_settle_refund).
            PaymentEvent.objects.create(
                payment=locked,
                from_state=locked.state,
                to_state=locked.state,
                source=source,
                amount=amount,
                note=_("Refund requested: %(reason)s") % {"reason": reason},
                actor=refund.requested_by,
            )
        else:
            _settle_refund(refund, result.state, source=source, payment=locked)
        if result.state != RefundState.FAILED and kind in _REFUND_EMAIL_KINDS:
            email_resident(
                locked.case,
                EmailKind.REFUND_ISSUED,
                message=(
                    reason if kind == RefundKind.STAFF else _("Your deposit has been returned.")
                ),
                extra={"amount": format_amount(amount), "description": locked.description},
            )
        _copy(locked, payment)
    if result.state == RefundState.FAILED:
        raise ValidationError(
            _("The payment service did not make the refund. Try again in a few minutes."),
            code="refund_failed",
        )
    return refund


def _settle_refund(
    refund: Refund,
    state: RefundState | str,
    *,
    source: EventSource | str,
    event_id: str = "",
    payment: Payment | None = None,
) -> bool:
    """Record what became of a refund: once it succeeds its amount counts as refunded and the
    payment is refunded in part or in full. A refund already settled is left as it is."""
    state = RefundState(state)
    if state == RefundState.SUBMITTED:
        return False
    with transaction.atomic():
        locked = _lock(payment or refund.payment)
        current = Refund.objects.select_for_update().get(pk=refund.pk)
        if current.state != RefundState.SUBMITTED:
            refund.state, refund.settled_at = current.state, current.settled_at
            return False
        refund.state = state
        refund.settled_at = timezone.now()
        refund.save(update_fields=["state", "settled_at"])
        if state == RefundState.FAILED:
            PaymentEvent.objects.create(
                payment=locked,
                from_state=locked.state,
                to_state=locked.state,
                source=source,
                provider_event_id=event_id,
                amount=refund.amount,
                note=_("Refund failed"),
            )
            return True
        locked.refunded_amount = min(locked.amount, locked.refunded_amount + refund.amount)
        locked.save(update_fields=["refunded_amount", "updated_at"])
        to_state = (
            PaymentState.REFUNDED
            if locked.refunded_amount >= locked.amount
            else PaymentState.PARTLY_REFUNDED
        )
        note = _("Refunded: %(reason)s") % {"reason": refund.reason}
        moved = _apply_state(
            locked,
            to_state,
            source=source,
            event_id=event_id,
            note=note,
            actor=refund.requested_by,
            amount=refund.amount,
        )
        if not moved:  # a second part refund: no new state, still on the history
            PaymentEvent.objects.create(
                payment=locked,
                from_state=locked.state,
                to_state=locked.state,
                source=source,
                provider_event_id=event_id,
                amount=refund.amount,
                note=note[:300],
                actor=refund.requested_by,
            )
        if payment is not None:
            _copy(locked, payment)
    return True
