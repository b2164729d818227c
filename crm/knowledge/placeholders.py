"""The placeholders a canned reply may use, and the one safe way to fill them.

A reply's body is text editors type, so it is never given to `str.format` or a template engine:
`{reference.__class__}` would reach attributes, `{{ }}` would run template code. A regular
expression finds `{name}` and swaps in a value for the known names only, in one pass (a value
that itself looks like a placeholder, say a resident called "{officer_name}", is left as typed).
Anything else in braces is refused when the reply is saved (`unknown_placeholders`).
"""

import re
from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

# Every name a reply may use, with what it becomes (shown to editors under the body field and in
# docs/staff-knowledge-base.md). The values are made by `crm.knowledge.services.placeholder_values`.
PLACEHOLDERS: dict[str, str] = {
    "reference": _("the case reference, for example FDC-2026-000123"),
    "first_name": _(
        'the resident\'s first name, or "resident" while their email address is not verified'
    ),
    "case_type": _("the case type, for example Report a pothole"),
    "team_name": _("the team working the case"),
    "status": _("the case's status, for example In progress"),
    "due_date": _("the case's due date, for example 4 December 2026"),
    "officer_name": _("your name: the member of staff sending the reply"),
    "council_name": _("the council's name (the site name in Settings > Sites)"),
}

# `{` then anything but braces then `}`: "{reference}", "{ first_name }", "{foo.bar}", "{}".
PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")


def placeholder_names(text: str) -> list[str]:
    """The names in braces in `text`, in order, each once (spaces around a name ignored)."""
    seen: dict[str, None] = {}
    for match in PLACEHOLDER_RE.finditer(text or ""):
        seen.setdefault(match.group(1).strip(), None)
    return list(seen)


def unknown_placeholders(text: str) -> list[str]:
    """The names in braces that are not in `PLACEHOLDERS`, as typed, for the error message."""
    return [name for name in placeholder_names(text) if name not in PLACEHOLDERS]


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """`text` with each known `{name}` replaced by `values[name]`; anything else left as it is.

    One `re.sub` pass: replaced values are never scanned again, and no name is looked up on an
    object, so nothing but the strings in `values` can come out."""

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        if name in PLACEHOLDERS and name in values:
            return str(values[name])
        return match.group(0)

    return PLACEHOLDER_RE.sub(replace, text or "")
