"""The "Information request" section of the staff case page (through `CASE_PANELS_HOOK`), on
cases that follow the `information-request` workflow only: the law, the due date under the FOI
rule, and the forms to record exemptions, extend the deadline, send the response and record an
internal review's outcome. A refused form comes back through `errors` with what was typed."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString

from crm.cases.workflows import case_state

from ..models import InformationRequest
from ..services import (
    INTERNAL_REVIEW,
    can_send_response,
    default_regime,
    is_information_request,
    statutory_due_date,
)
from .forms import (
    EXEMPTIONS_KEY,
    EXTENSION_KEY,
    RESPONSE_KEY,
    REVIEW_KEY,
    ExemptionsForm,
    ExtensionForm,
    ResponseForm,
    ReviewOutcomeForm,
)


def information_panel(request, case, errors: dict) -> SafeString | str:
    if not is_information_request(case):
        return ""
    info = InformationRequest.objects.filter(case=case).first()
    if info is None:  # nothing recorded yet: created by the first action (services)
        info = InformationRequest(case=case, regime=default_regime(case))
    state = case_state(case)
    exemptions_form = errors.get(EXEMPTIONS_KEY) or ExemptionsForm(
        prefix=EXEMPTIONS_KEY,
        initial={
            "regime": info.regime,
            "foia": [code for code in info.exemptions if code.startswith("foia-")],
            "eir": [code for code in info.exemptions if code.startswith("eir-")],
        },
    )
    extension_form = errors.get(EXTENSION_KEY)
    if extension_form is None and case.is_open and not case.clock_stopped:
        extension_form = ExtensionForm(prefix=EXTENSION_KEY)
    response_form = errors.get(RESPONSE_KEY)
    if response_form is None and can_send_response(case):
        response_form = ResponseForm(prefix=RESPONSE_KEY)
    review_form = errors.get(REVIEW_KEY)
    if review_form is None and (case.state or case.status) == INTERNAL_REVIEW:
        review_form = ReviewOutcomeForm(prefix=REVIEW_KEY)
    urls = {
        name: reverse(f"information_admin:{name}", kwargs={"case_uuid": case.uuid})
        for name in ("exemptions", "extend", "respond", "review_outcome")
    }
    return render_to_string(
        "information/admin/case_panel.html",
        {
            "case": case,
            "info": info,
            "state": state,
            "due_date": statutory_due_date(case),
            "exemptions_form": exemptions_form,
            "extension_form": extension_form,
            "response_form": response_form,
            "review_form": review_form,
            "urls": urls,
        },
        request=request,
    )
