"""Import of the ICE detention facility list (ERO, November 2017, as cleaned by UWCHR).

Rules (also in the README):
1. Pipe-separated with a header row; only the columns below are read.
2. Rows whose code reads "Redacted" are Office of Refugee Resettlement sites with no code,
   name or address: they cannot be identified, so they are skipped and counted in the report.
3. Every other row must have a code and a name; a circuit must be 1..11; numbers must parse.
   Any error rejects the whole file: nothing is written.
4. The location code is the identity: a second import updates changed rows and creates
   nothing twice.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from caseworks.imports import ImportRejected, ImportReport, read_text

from .models import Facility

REQUIRED_COLUMNS = (
    "detloc",
    "name",
    "address",
    "city",
    "county",
    "state",
    "zip",
    "circuit",
    "aor",
    "type",
    "type_detailed",
    "facility_operator",
    "fy18_alos",
)
FIELD_OF_COLUMN = {
    "name": "name",
    "address": "address",
    "city": "city",
    "county": "county",
    "state": "state",
    "zip": "zip_code",
    "aor": "aor",
    "type": "type",
    "type_detailed": "type_detailed",
    "facility_operator": "operator",
}
MISSING = {"", "nan", "NaN", "None"}
REDACTED = "Redacted"


def _text(value: str | None) -> str:
    value = (value or "").strip()
    return "" if value in MISSING else value


def _circuit(value: str) -> int | None:
    text = _text(value)
    if not text:
        return None
    number = float(text)
    if not number.is_integer() or not 1 <= number <= 11:
        raise ValueError(f"circuit {text!r} is not a federal circuit 1-11")
    return int(number)


def _decimal(value: str) -> Decimal | None:
    text = _text(value)
    if not text:
        return None
    try:
        return Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation as exc:
        raise ValueError(f"average length of stay {text!r} is not a number") from exc


def _too_long(values: dict) -> str:
    """The first text value longer than its column (the database would refuse the import)."""
    for name, value in values.items():
        limit = getattr(Facility._meta.get_field(name), "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            return f"{name} is longer than {limit} characters"
    return ""


def parse_facilities(text: str, report: ImportReport) -> dict[str, dict]:
    """Return {code: field values}; record skips and errors in `report`."""
    reader = csv.DictReader(io.StringIO(text), delimiter="|")
    missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append((1, f"missing column(s): {', '.join(missing)}"))
        return {}
    rows: dict[str, dict] = {}
    for row in reader:
        line = reader.line_num
        if None in row:
            report.errors.append((line, "more fields than the header has"))
            continue
        if any("\x00" in value for value in row.values() if value):
            # PostgreSQL refuses NUL in text; a NUL means a damaged file, not a facility.
            report.errors.append((line, "a field holds a NUL byte (damaged file?)"))
            continue
        code = _text(row["detloc"])
        if code == REDACTED:
            report.skipped.append((line, "redacted Office of Refugee Resettlement site"))
            continue
        if not code or not _text(row["name"]):
            report.errors.append((line, "a location code and a name are required"))
            continue
        try:
            values = {field: _text(row[col]) for col, field in FIELD_OF_COLUMN.items()}
            values["circuit"] = _circuit(row["circuit"])
            values["average_stay_days"] = _decimal(row["fy18_alos"])
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            continue
        too_long = _too_long({"code": code, **values})
        if too_long:
            report.errors.append((line, too_long))
            continue
        if len(values["state"]) > 2:
            report.errors.append((line, f"state {values['state']!r} is not a 2-letter code"))
            continue
        if code in rows:
            report.errors.append((line, f"location code {code} appears twice"))
            continue
        rows[code] = values
    return rows


def import_facilities(path: Path, *, dry_run: bool = False) -> ImportReport:
    """Import the file whole or not at all (raises ImportRejected with the report)."""
    report = ImportReport(source=path.name, dry_run=dry_run)
    try:
        text = read_text(path)
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        report.errors.append((0, f"cannot read the file: {exc}"))
        raise ImportRejected(report) from exc
    rows = parse_facilities(text, report)
    if report.errors:
        raise ImportRejected(report)
    with transaction.atomic():
        existing = {f.code: f for f in Facility.objects.select_for_update().filter(code__in=rows)}
        to_create, to_update, changed_fields = [], [], set()
        for code, values in rows.items():
            facility = existing.get(code)
            if facility is None:
                to_create.append(Facility(code=code, **values))
                continue
            changed = [name for name, value in values.items() if getattr(facility, name) != value]
            if changed:
                for name in changed:
                    setattr(facility, name, values[name])
                to_update.append(facility)
                changed_fields.update(changed)
            else:
                report.unchanged += 1
        report.created, report.updated = len(to_create), len(to_update)
        if dry_run:
            return report
        Facility.objects.bulk_create(to_create, batch_size=500)
        if to_update:
            Facility.objects.bulk_update(to_update, sorted(changed_fields), batch_size=500)
    return report
