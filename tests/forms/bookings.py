"""Booking and paying forms for the tests: the priced items and booking slot questions in the
shape a StreamField stores, a bulky waste form (items, address, date, details) and helpers that
walk it and pay in the sandbox the way a browser would."""

from urllib.parse import urlsplit

from tests.crm.payments.factories import PaymentServiceFactory
from tests.forms import factories as f
from tests.forms.steps import answer, url


def priced_items(key="items", label="What do you want collected?", items=None, **options):
    items = items or [
        {"value": "fridge", "label": "Fridges", "price": "25.00", "max_quantity": 2},
        {"value": "sofa", "label": "Sofas", "price": "30.00", "max_quantity": 3},
    ]
    return f.question("priced_items", key, label, items=items, **options)


def booking_slot(key="collection_date", label="Choose a collection date", **options):
    options.setdefault("resource_kind", "collection_round")
    options.setdefault("resource", None)
    options.setdefault("quantity_from", "items")
    value = {"key": key, "label": label, "hint": "", **options}
    return {"type": "booking_slot", "value": value}


def bulky_waste_form(case_type, *, payment_service=None, fee="0", slug="bulky-waste", **extra):
    return f.EFormFactory(
        title="Book a bulky waste collection",
        slug=slug,
        case_type=case_type,
        payment_service=payment_service or PaymentServiceFactory(),
        fee=fee,
        steps=[
            f.step("items", "Items", priced_items()),
            f.step("address", "Address", f.address()),
            f.step("date", "Date", booking_slot()),
            f.step("you", "Your details", f.short_text(prefill="name"), f.email(prefill="email")),
        ],
        **extra,
    )


ADDRESS = {
    "address_line_1": "1 High Street",
    "address_town": "Doorstep",
    "address_postcode": "DS1 4AB",
}


def slot_options(client, eform, query=""):
    response = client.get(url(eform, "date") + query)
    return response, response.context["questions"][0]["options"]


def fill_in(client, eform, *, fridges="2", sofas="", postcode="DS1 4AB", slot=0):
    """Answer every step up to check your answers; returns the chosen slot's key."""
    answer(client, eform, "items", {"items__fridge": fridges, "items__sofa": sofas})
    answer(client, eform, "address", {**ADDRESS, "address_postcode": postcode})
    _response, options = slot_options(client, eform)
    key = options[slot]["value"]
    answer(client, eform, "date", {"collection_date": key})
    answer(client, eform, "you", {"name": "Ann Other", "email": "ann@example.com"})
    return key


def path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def press_pay(client, eform) -> str:
    """The pay page's "Pay" button: returns the sandbox page's path."""
    response = client.post(url(eform, "pay"))
    assert response.status_code == 302, response.content
    return path(response.url)


def on_sandbox(client, sandbox_path: str, action: str):
    """Press Pay, Decline or Cancel on the sandbox page, then come back as the browser would."""
    response = client.post(sandbox_path, {"action": action})
    assert response.status_code == 302
    return client.get(path(response.url))
