"""CSV exports that a spreadsheet cannot turn into a formula.

Every CSV the app writes goes through `csv_response`, so no cell starting with = + - @ (or a
tab / carriage return that some spreadsheets skip before one) reaches Excel or LibreOffice as
a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """Prefix a text cell that a spreadsheet would evaluate with a quote; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow([csv_safe(h) for h in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return response
