"""Sent after a case's status changes (inside the transaction that changed it).

`crm.surveys` listens, to send the closure survey when a case is closed. Receivers get `case`,
`from_status`, `to_status` (`CaseStatus` values: what the states count as), `actor` (the member
of staff, or None: a resident's reply moved it), `state` (the workflow state's internal name) and
`send_survey` (the state asks for the closure survey).
Work they do joins the transaction: if it fails the status change rolls back with it, and an
email they queue goes only once it commits.
"""

from django.dispatch import Signal

case_status_changed = Signal()
