"""The case page's panel contract, public for the apps built on the CRM (crm/README.md).

Another app adds a section to the staff case page by registering a function
`(request, case, errors) -> str` (safe HTML, "" for nothing) with the Wagtail hook
`CASE_PANELS_HOOK`; its forms post to a `CasePanelActionView` subclass, whose refusals come back
to the panel through `errors` keyed by `panel_form_key`. `case_url(case)` is the case page.
"""

from .admin.case_views import CASE_PANELS_HOOK, CasePanelActionView, case_url

__all__ = ["CASE_PANELS_HOOK", "CasePanelActionView", "case_url"]
