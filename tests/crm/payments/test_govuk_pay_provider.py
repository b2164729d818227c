"""GOV.UK Pay through its public REST API, with only the HTTP transport stubbed.

A `requests` adapter mounted on the session `make_session()` returns answers with GOV.UK Pay's
documented shapes (docs.payments.service.gov.uk/api_reference) and keeps the requests we sent,
so these tests check the method, URL, headers and JSON body GOV.UK Pay would receive.
"""

import json

import pytest
import requests
from django.core.exceptions import ValidationError
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from crm.payments.enums import PaymentState, Provider, RefundState
from crm.payments.models import Payment, PaymentService
from crm.payments.providers import ProviderError, get_provider, govuk_pay
from crm.payments.providers.govuk_pay import GovukPayProvider
from crm.payments.services import submit_payment, sync_payment
from tests.crm.factories import CaseFactory

API = "https://publicapi.payments.service.gov.uk"
PAYMENT_ID = "hu20sqlact5260q2nanm0q8u93"
NEXT_URL = "https://www.payments.service.gov.uk/secure/bb0a272c-8eaf-468d-b3xf-ae5e000d2231"


class StubPayAdapter(BaseAdapter):
    """Answers from `routes` ({(method, path): answer}); an answer is (status, body) or a list
    of them used in turn, or an exception to raise. Keeps every request sent in `sent`."""

    def __init__(self, routes: dict | None = None):
        super().__init__()
        self.routes = dict(routes or {})
        self.sent: list[requests.PreparedRequest] = []
        self.timeouts: list = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.sent.append(request)
        self.timeouts.append(timeout)
        path = request.path_url.split("?")[0]
        answer = self.routes.get((request.method, path), (404, _error("P0200", "Not found")))
        if isinstance(answer, list):
            answer = answer.pop(0) if len(answer) > 1 else answer[0]
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        response = requests.Response()
        response.status_code = status
        response._content = b"" if body is None else json.dumps(body).encode()
        response.headers = CaseInsensitiveDict({"Content-Type": "application/json"})
        response.url = request.url
        response.request = request
        response.encoding = "utf-8"
        return response

    def close(self):
        pass

    def body(self, index: int = -1) -> dict:
        return json.loads(self.sent[index].body)


def _error(code, description):
    return {"code": code, "description": description}


def payment_json(status="created", finished=False, code=None, message=None, **fields) -> dict:
    """A payment as GOV.UK Pay's "Get information about a payment" documents it."""
    state = {"status": status, "finished": finished}
    if code:
        state.update(code=code, message=message or "")
    data = {
        "amount": 5000,
        "description": "Bulky waste collection",
        "reference": "TS-2026-000001",
        "language": "en",
        "metadata": {},
        "email": None,
        "state": state,
        "payment_id": PAYMENT_ID,
        "payment_provider": "sandbox",
        "created_date": "2026-12-01T14:00:00.000Z",
        "refund_summary": {"status": "pending", "amount_available": 5000, "amount_submitted": 0},
        "settlement_summary": {},
        "delayed_capture": False,
        "moto": False,
        "return_url": "https://doorstep.example/forms/bulky/pay/return/",
        "_links": {
            "self": {"href": f"{API}/v1/payments/{PAYMENT_ID}", "method": "GET"},
            "next_url": {"href": NEXT_URL, "method": "GET"},
            "cancel": {"href": f"{API}/v1/payments/{PAYMENT_ID}/cancel", "method": "POST"},
        },
    }
    data.update(fields)
    return data


def refund_json(status="submitted", amount=1500) -> dict:
    return {
        "refund_id": "act4c33g40j3edfmi8jknab84x",
        "created_date": "2026-12-01T15:00:00.000Z",
        "amount": amount,
        "status": status,
        "settlement_summary": {"settled_date": None},
        "_links": {
            "self": {"href": f"{API}/v1/payments/{PAYMENT_ID}/refunds/act4c33g40j3edfmi8jknab84x"},
            "payment": {"href": f"{API}/v1/payments/{PAYMENT_ID}"},
        },
    }


@pytest.fixture
def pay_settings(settings):
    settings.GOVUK_PAY_API_URL = API
    settings.GOVUK_PAY_API_KEY = "api_test_doorstep123"
    settings.GOVUK_PAY_WEBHOOK_SECRET = "webhook_live_secret_doorstep"
    return settings


@pytest.fixture
def stub_pay(monkeypatch, pay_settings):
    """Every GovukPayProvider (also those `get_provider` makes) talks to this stub."""
    adapter = StubPayAdapter()

    def make_session():
        session = requests.Session()
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        return session

    monkeypatch.setattr(govuk_pay, "make_session", make_session)
    return adapter


@pytest.fixture
def pay_payment(db):
    service = PaymentService.objects.create(
        name="Planning documents", provider=Provider.GOVUK_PAY, fund_code="F1", cost_code="C1"
    )
    return Payment.objects.create(
        case=CaseFactory(),
        service=service,
        provider=Provider.GOVUK_PAY,
        amount=5000,
        description="Bulky waste collection",
        line_items=[{"label": "Fee", "quantity": 1, "unit_amount": 5000, "amount": 5000}],
        state=PaymentState.SUBMITTED,
        provider_id=PAYMENT_ID,
    )


def test_get_provider_gives_the_govuk_pay_provider():
    provider = get_provider(Provider.GOVUK_PAY)
    assert isinstance(provider, GovukPayProvider)
    assert provider.name == "govuk_pay"


def test_create_payment_sends_the_documented_request(stub_pay, pay_payment):
    stub_pay.routes[("POST", "/v1/payments")] = (201, payment_json())

    created = GovukPayProvider().create_payment(
        pay_payment, return_url="https://doorstep.example/forms/bulky/pay/return/"
    )

    assert created.provider_id == PAYMENT_ID
    assert created.next_url == NEXT_URL
    (sent,) = stub_pay.sent
    assert sent.method == "POST"
    assert sent.url == f"{API}/v1/payments"
    assert sent.headers["Authorization"] == "Bearer api_test_doorstep123"
    assert sent.headers["Content-Type"] == "application/json"
    assert sent.headers["Accept"] == "application/json"
    assert stub_pay.body() == {
        "amount": 5000,
        "reference": pay_payment.case.reference,
        "description": "Bulky waste collection",
        "return_url": "https://doorstep.example/forms/bulky/pay/return/",
        "language": "en",
        "metadata": {"payment_uuid": str(pay_payment.uuid)},
    }
    assert stub_pay.timeouts[0] == govuk_pay.TIMEOUT


def test_the_api_url_setting_is_honoured(stub_pay, pay_payment, settings):
    settings.GOVUK_PAY_API_URL = "https://pay.example.test/"
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (200, payment_json())

    GovukPayProvider().fetch_status(pay_payment)

    assert stub_pay.sent[0].url == f"https://pay.example.test/v1/payments/{PAYMENT_ID}"


@pytest.mark.parametrize(
    ("state", "expected", "code"),
    [
        ({"status": "created"}, PaymentState.SUBMITTED, ""),
        ({"status": "started"}, PaymentState.SUBMITTED, ""),
        ({"status": "submitted"}, PaymentState.SUBMITTED, ""),
        ({"status": "capturable"}, PaymentState.SUBMITTED, ""),
        ({"status": "success", "finished": True}, PaymentState.SUCCESS, ""),
        (
            {
                "status": "failed",
                "finished": True,
                "code": "P0010",
                "message": "Payment method rejected",
            },
            PaymentState.FAILED,
            "P0010",
        ),
        (
            {"status": "failed", "finished": True, "code": "P0020", "message": "Payment expired"},
            PaymentState.EXPIRED,
            "P0020",
        ),
        (
            {
                "status": "failed",
                "finished": True,
                "code": "P0030",
                "message": "Payment was cancelled by the user",
            },
            PaymentState.CANCELLED,
            "P0030",
        ),
        (
            {
                "status": "cancelled",
                "finished": True,
                "code": "P0040",
                "message": "Payment was cancelled by the service",
            },
            PaymentState.CANCELLED,
            "P0040",
        ),
        (
            {
                "status": "error",
                "finished": True,
                "code": "P0050",
                "message": "Payment provider returned an error",
            },
            PaymentState.FAILED,
            "P0050",
        ),
    ],
)
def test_fetch_status_maps_each_documented_state(stub_pay, pay_payment, state, expected, code):
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (
        200,
        payment_json(
            status=state["status"],
            finished=state.get("finished", False),
            code=state.get("code"),
            message=state.get("message"),
        ),
    )

    status = GovukPayProvider().fetch_status(pay_payment)

    assert status.state == expected
    assert status.failure_code == code
    assert status.failure_message == state.get("message", "")
    (sent,) = stub_pay.sent
    assert (sent.method, sent.url) == ("GET", f"{API}/v1/payments/{PAYMENT_ID}")
    assert sent.headers["Authorization"] == "Bearer api_test_doorstep123"
    assert sent.body is None


def test_fetch_status_reports_the_refunded_total(stub_pay, pay_payment):
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (
        200,
        payment_json(
            status="success",
            finished=True,
            refund_summary={
                "status": "available",
                "amount_available": 3500,
                "amount_submitted": 1500,
            },
        ),
    )

    status = GovukPayProvider().fetch_status(pay_payment)

    assert status.state == PaymentState.SUCCESS
    assert status.refunded_amount == 1500


def test_cancel_payment_posts_to_cancel(stub_pay, pay_payment):
    stub_pay.routes[("POST", f"/v1/payments/{PAYMENT_ID}/cancel")] = (204, None)

    GovukPayProvider().cancel_payment(pay_payment)

    (sent,) = stub_pay.sent
    assert (sent.method, sent.url) == ("POST", f"{API}/v1/payments/{PAYMENT_ID}/cancel")
    assert sent.headers["Authorization"] == "Bearer api_test_doorstep123"


def test_cancel_payment_twice_is_harmless(stub_pay, pay_payment):
    stub_pay.routes[("POST", f"/v1/payments/{PAYMENT_ID}/cancel")] = (
        400,
        _error("P0501", "Cancellation of payment failed"),
    )
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (
        200,
        payment_json(status="cancelled", finished=True, code="P0040"),
    )

    GovukPayProvider().cancel_payment(pay_payment)  # no error


def test_cancel_payment_refused_while_unfinished_is_an_error(stub_pay, pay_payment):
    stub_pay.routes[("POST", f"/v1/payments/{PAYMENT_ID}/cancel")] = (
        500,
        _error("P0598", "Downstream system error"),
    )
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (200, payment_json(status="started"))

    with pytest.raises(ProviderError, match="HTTP 500, code P0598"):
        GovukPayProvider().cancel_payment(pay_payment)


@pytest.mark.parametrize(
    ("pay_status", "state"),
    [
        ("submitted", RefundState.SUBMITTED),
        ("success", RefundState.SUCCESS),
        ("error", RefundState.FAILED),
    ],
)
def test_refund_sends_the_amount_and_what_is_available(stub_pay, pay_payment, pay_status, state):
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (
        200,
        payment_json(
            status="success",
            finished=True,
            refund_summary={
                "status": "available",
                "amount_available": 4000,
                "amount_submitted": 1000,
            },
        ),
    )
    stub_pay.routes[("POST", f"/v1/payments/{PAYMENT_ID}/refunds")] = (
        202,
        refund_json(status=pay_status),
    )

    refund = GovukPayProvider().refund(pay_payment, amount=1500, refund_uuid="r-1")

    assert refund.refund_id == "act4c33g40j3edfmi8jknab84x"
    assert refund.state == state
    sent = stub_pay.sent[-1]
    assert (sent.method, sent.url) == ("POST", f"{API}/v1/payments/{PAYMENT_ID}/refunds")
    assert sent.headers["Content-Type"] == "application/json"
    assert stub_pay.body() == {"amount": 1500, "refund_amount_available": 4000}


@pytest.mark.parametrize(
    "summary",
    [
        {"status": "pending", "amount_available": 5000, "amount_submitted": 0},
        {"status": "full", "amount_available": 0, "amount_submitted": 5000},
        {"status": "available", "amount_available": 1000, "amount_submitted": 4000},
    ],
)
def test_refund_not_available_is_refused_without_asking(stub_pay, pay_payment, summary):
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (
        200,
        payment_json(status="success", finished=True, refund_summary=summary),
    )

    with pytest.raises(ProviderError):
        GovukPayProvider().refund(pay_payment, amount=1500, refund_uuid="r-1")

    assert [r.method for r in stub_pay.sent] == ["GET"]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ((401, {"code": "P0900", "description": "Unauthorised"}), "HTTP 401, code P0900"),
        (
            (422, _error("P0102", "Invalid attribute value: reference. 12 Mill Lane, DS1 4AB")),
            "HTTP 422, code P0102",
        ),
        ((500, _error("P0198", "Downstream system error")), "HTTP 500, code P0198"),
        ((502, "<html>Bad gateway</html>"), "HTTP 502"),
        (requests.ConnectTimeout("publicapi timed out"), "ConnectTimeout"),
        (requests.ConnectionError("connection refused"), "ConnectionError"),
    ],
)
def test_errors_become_provider_errors_safe_to_log(stub_pay, pay_payment, answer, expected):
    stub_pay.routes[("POST", "/v1/payments")] = answer

    with pytest.raises(ProviderError) as caught:
        GovukPayProvider().create_payment(pay_payment, return_url="https://doorstep.example/r/")

    message = str(caught.value)
    assert expected in message
    assert "Mill Lane" not in message
    assert "api_test_doorstep123" not in message
    assert caught.value.__suppress_context__ or caught.value.__context__ is None


def test_a_response_without_a_next_url_is_an_error(stub_pay, pay_payment):
    body = payment_json()
    del body["_links"]["next_url"]
    stub_pay.routes[("POST", "/v1/payments")] = (201, body)

    with pytest.raises(ProviderError):
        GovukPayProvider().create_payment(pay_payment, return_url="https://doorstep.example/r/")


# --- Through the payments services --------------------------------------------------------------


def test_submit_payment_sends_the_resident_to_govuk_pay(stub_pay, pay_payment):
    pay_payment.state = PaymentState.CREATED
    pay_payment.provider_id = ""
    pay_payment.save()
    stub_pay.routes[("POST", "/v1/payments")] = (201, payment_json())

    next_url = submit_payment(pay_payment, return_url="https://doorstep.example/r/")

    assert next_url == NEXT_URL
    pay_payment.refresh_from_db()
    assert (pay_payment.state, pay_payment.provider_id) == (PaymentState.SUBMITTED, PAYMENT_ID)


def test_govuk_pay_down_keeps_the_payment_ready_to_try_again(stub_pay, pay_payment):
    pay_payment.state = PaymentState.CREATED
    pay_payment.provider_id = ""
    pay_payment.save()
    stub_pay.routes[("POST", "/v1/payments")] = (503, _error("P0999", "Service unavailable"))

    with pytest.raises(ValidationError, match="not available at the moment"):
        submit_payment(pay_payment, return_url="https://doorstep.example/r/")

    pay_payment.refresh_from_db()
    assert pay_payment.state == PaymentState.CREATED


def test_coming_back_declined_is_recorded_with_the_reason(stub_pay, pay_payment):
    stub_pay.routes[("GET", f"/v1/payments/{PAYMENT_ID}")] = (
        200,
        payment_json(
            status="failed", finished=True, code="P0010", message="Payment method rejected"
        ),
    )

    sync_payment(pay_payment)

    pay_payment.refresh_from_db()
    assert pay_payment.state == PaymentState.FAILED
    assert pay_payment.failure_code == "P0010"
