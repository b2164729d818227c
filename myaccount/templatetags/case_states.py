"""A case's state as residents are told it, for every page that shows one (My Account and the
tracking link's pages, which share `myaccount/includes/case_public.html`).

With workflows a case's `status` is only what its state counts as ("in progress"); residents read
the state's own label ("Stage 2: being reviewed"). The labels come from the CRM's selectors.
"""

from django import template

from crm.cases.selectors import event_state_label, state_label

register = template.Library()


@register.filter
def case_state_label(case) -> str:
    """The case's state label (a query for its workflow version unless it was selected with it:
    lists select it, see `myaccount.views.dashboard`)."""
    return state_label(case)


@register.filter
def event_state(event) -> str:
    """The state a status change moved the case to, as the resident was told it then."""
    return event_state_label(event)
