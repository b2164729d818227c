"""The pages around the questions: check your answers, confirmation and "your answers are saved".

A sent form leaves a small record in the session (its case reference, and for a form that books
or pays, the case's and payment's uuids and the booking's date), which the confirmation and pay
pages show and which tells a resubmitted page that the form has already been sent.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from crm.bookings.selectors import booking_label, bookings_for_case
from crm.payments.enums import PAID_STATES
from crm.payments.selectors import format_amount, get_payment

from .assisted import assisted_channel
from .payment import line_rows, payment_due, payment_lines, total
from .selectors import draft_for_form, get_live_form

COMPLETED_SESSION_KEY = "eforms_completed"


def mark_completed(request, slug: str, case, *, assisted=None, payment=None, booking=None) -> None:
    completed = dict(request.session.get(COMPLETED_SESSION_KEY, {}))
    customer = case.customer
    completed[slug] = {
        "reference": case.reference,
        "email": customer.email if customer is not None and not assisted else "",
        "assisted": str(assisted or ""),
        "case": str(case.uuid),
        "payment": str(payment.uuid) if payment is not None else "",
        "booking": booking_label(booking) if booking is not None else "",
        "booking_status": str(booking.get_status_display()) if booking is not None else "",
    }
    request.session[COMPLETED_SESSION_KEY] = completed


def set_completed_payment(request, slug: str, payment) -> None:
    """A new attempt (after a decline or cancel) is the payment the pages now follow."""
    completed = dict(request.session.get(COMPLETED_SESSION_KEY, {}))
    if slug in completed:
        completed[slug] = {**completed[slug], "payment": str(payment.uuid)}
        request.session[COMPLETED_SESSION_KEY] = completed


def was_completed(request, slug: str) -> dict | None:
    return request.session.get(COMPLETED_SESSION_KEY, {}).get(slug)


def pop_completed(request, slug: str) -> None:
    completed = dict(request.session.get(COMPLETED_SESSION_KEY, {}))
    if completed.pop(slug, None) is not None:
        request.session[COMPLETED_SESSION_KEY] = completed


class CheckAnswersMixin:
    """For the wizard view: the check your answers page and the context every page shares."""

    def page_context(self, **extra) -> dict:
        channel = self.assisted_channel
        context = {
            "eform": self.eform,
            "assisted_channel": channel,
            "assisted_label": channel.label if channel else "",
            "view": self,
            # No token (so no csrftoken cookie) before a run starts: see runs.py.
            "csrf_needed": self.csrf_needed,
        }
        context.update(extra)
        return context

    def check_answers(self, error: str | None = None, status: int | None = None):
        missing = self.first_incomplete_step()
        if missing:
            return redirect(self.get_step_url(missing))
        sections = []
        answered = []
        for key in self.get_form_list():
            step = self.definition.step(key)
            cleaned = self.get_cleaned_data_for_step(key)
            answered.extend((question, cleaned) for question in step.questions)
            change_url = self.get_step_url(key) + "?change=1"
            rows = [
                {
                    "label": question.label,
                    "lines": question.answer_lines(cleaned),
                    "change_url": change_url,
                }
                for question in step.questions
            ]
            # Steps of one question need no heading of their own: consecutive ones share a list.
            title = None if step.single_question else step.title
            if title is None and sections and sections[-1]["title"] is None:
                sections[-1]["rows"].extend(rows)
            else:
                sections.append({"title": title, "rows": rows})
        last = list(self.get_form_list())[-1]
        lines = payment_lines(self.eform, answered)
        due = payment_due(self.eform, lines)
        return TemplateResponse(
            self.request,
            "eforms/check_answers.html",
            self.page_context(
                sections=sections,
                payment_due=due,
                payment_rows=line_rows(lines) if due else [],
                payment_total=format_amount(total(lines)),
                back_url=self.get_step_url(last),
                error=error,
                errors=[{"href": "#send", "text": error}] if error else [],
                page_title=_("Check your answers before sending your form"),
            ),
            status=status or (400 if error else 200),
        )


def confirmation(request, slug):
    eform = get_live_form(slug)
    completed = was_completed(request, slug)
    if not completed:
        return redirect(eform.get_absolute_url())
    amount_paid = ""
    booking = completed.get("booking", "")
    booking_status = completed.get("booking_status", "")
    if completed.get("payment"):
        payment = get_payment(completed["payment"])
        if payment.state not in PAID_STATES:
            return redirect("eforms:pay", slug=slug)
        amount_paid = format_amount(payment.amount)
        bookings = bookings_for_case(payment.case)
        if bookings:
            booking = booking_label(bookings[0])
            booking_status = str(bookings[0].get_status_display())
    return TemplateResponse(
        request,
        "eforms/confirmation.html",
        {
            "eform": eform,
            "amount_paid": amount_paid,
            "booking": booking,
            "booking_status": booking_status,
            "reference": completed["reference"],
            "email": completed.get("email", ""),
            "assisted": completed.get("assisted", ""),
            "assisted_start_url": reverse("eforms_assisted_start")
            if completed.get("assisted")
            else "",
        },
    )


@login_required
def draft_saved(request, slug):
    eform = get_live_form(slug)
    if assisted_channel(request, slug):
        raise Http404
    draft = draft_for_form(request.user, eform)
    if draft is None:
        raise Http404
    return TemplateResponse(request, "eforms/draft_saved.html", {"eform": eform, "draft": draft})
