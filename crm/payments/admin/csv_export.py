"""CSV downloads from the staff screens (the reconciliation export, the crews' manifests, the
satisfaction and complaints reports).

A cell that begins with = + - @ (or a tab or carriage return) is prefixed with a quote, so a
spreadsheet opens a case reference or an address typed by a resident as text, never as a
formula (CSV injection). Amounts are written by us as plain numbers and are left alone.
"""

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float | Decimal:
    """The value as a spreadsheet will read it: text that could start a formula is quoted."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A downloadable CSV (UTF-8 with a byte order mark, so Excel shows £ and accents)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return response
