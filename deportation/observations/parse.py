"""`parse_observations`: one export in, every row accounted for."""

from __future__ import annotations

import datetime as dt
import io

from .results import (
    Observation,
    ParseResult,
    RowError,
    RowWarning,
    SkippedRow,
)
from .table import (
    KNOWN_NAMES,
    PAIRED_COLUMNS,
    REQUIRED_COLUMNS,
    SINGLE_COLUMNS,
    QuotingError,
    column_letter,
    decode,
    find_header,
    norm_name,
    records_after,
)
from .values import (
    AIRPORT_CODE,
    COUNT,
    FLIGHT_NUMBER,
    NO_FLIGHT,
    SECONDARY_COUNTS,
    TAIL_NUMBER,
    clean_text,
    parse_count,
    parse_date,
)


def parse_observations(data: bytes | str, *, filename: str) -> ParseResult:
    """Parse one flight-observation export. Never raises for bad content; see ParseResult."""
    result = ParseResult()
    text, error = decode(data, filename)
    if error:
        result.errors.append(error)
        return result
    lines = io.StringIO(text, newline="").readlines()
    header, error = find_header(
        lines, KNOWN_NAMES, filename, "Date, Flight number, Tail number, ..."
    )
    if error:
        result.errors.append(error)
        return result
    header_line = header.index + 1

    columns, labels, problems = _map_columns(header.names)
    result.columns = frozenset(columns)
    missing = [label for key, label in REQUIRED_COLUMNS.items() if key not in columns]
    if missing:
        problems.insert(0, "missing required column(s): " + ", ".join(missing))
    if problems:
        result.errors.append(RowError(filename, header_line, "; ".join(problems)))
        return result

    ncols = len(header.names)
    first_seen: dict[tuple[dt.date, str], int] = {}
    summary_start = summary_end = None
    saw_row = False
    try:
        for line, end_line, cells in records_after(lines, header):
            if not any(c.strip() for c in cells):
                continue
            saw_row = True

            def cell(key: str, cells: list[str] = cells) -> str:
                i = columns.get(key)
                return cells[i] if i is not None and i < len(cells) else ""

            if summary_start is not None:
                summary_end = end_line
                try:
                    parse_date(cell("date"), warnings=[])
                except ValueError:
                    continue
                result.errors.append(
                    RowError(
                        filename,
                        line,
                        f"a dated row appears below the 'Totals' row on line {summary_start}; "
                        "move it above the totals (rows below them are treated as notes)",
                    )
                )
                continue
            if not cell("date").strip() and any(
                c.strip().casefold() in ("totals", "total") for c in cells
            ):
                summary_start, summary_end = line, end_line
                continue
            if len(cells) > ncols and any(c.strip() for c in cells[ncols:]):
                result.errors.append(
                    RowError(
                        filename,
                        line,
                        f"this row has {len(cells)} cells but the header has {ncols}; "
                        "a separator inside an unquoted value may have split it",
                    )
                )
                continue
            note = _no_flight_note(cell)
            if note is not None:
                result.skipped.append(
                    SkippedRow(filename, line, f"the row notes that no flight took place: {note!r}")
                )
                continue
            obs, row_problems, row_warnings = _observation(cell, labels, line)
            if obs is not None:
                key = obs.identity_key
                if key in first_seen:
                    row_problems.append(
                        f"flight {obs.flight_number} on {obs.date.isoformat()} is already on "
                        f"line {first_seen[key]}; if it was entered twice, delete one row; if "
                        "two different flights really used this number that day, the two "
                        "cannot be told apart and the file cannot be imported as it is"
                    )
                else:
                    first_seen[key] = line
            if row_problems:
                result.errors.extend(RowError(filename, line, p) for p in row_problems)
            else:
                result.records.append(obs)
                result.warnings.extend(RowWarning(filename, line, w) for w in row_warnings)
    except QuotingError as exc:
        result.errors.append(
            RowError(
                filename,
                exc.line,
                f"the quoting is broken from this line on ({exc.detail}); "
                "a value containing a quote mark must be quoted and the quote doubled",
            )
        )
        return result

    if summary_start is not None:
        result.skipped.append(
            SkippedRow(
                filename,
                summary_start,
                f"lines {summary_start}-{summary_end} are the summary below the table "
                "(totals and notes), not observations",
            )
        )
    if not saw_row:
        result.errors.append(RowError(filename, header_line, "there are no rows below the header"))
    return result


def _map_columns(names: list[str]) -> tuple[dict[str, int], dict[str, str], list[str]]:
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    problems: list[str] = []
    seen: dict[str, list[int]] = {}
    for i, raw in enumerate(names):
        seen.setdefault(norm_name(raw), []).append(i)
    for name, positions in seen.items():
        where = ", ".join(column_letter(i) for i in positions)
        if name in PAIRED_COLUMNS:
            if len(positions) > 2:
                problems.append(
                    f"column '{names[positions[0]].strip()}' appears {len(positions)} times "
                    f"(columns {where}); expected at most two (community count, city report)"
                )
                continue
            sources = (", community count", ", City Passenger Report")
            for key, i, who in zip(PAIRED_COLUMNS[name], positions, sources, strict=False):
                columns[key] = i
                labels[key] = f"'{names[i].strip()}' (column {column_letter(i)}{who})"
        elif name in SINGLE_COLUMNS:
            if len(positions) > 1:
                problems.append(
                    f"column '{names[positions[0]].strip()}' appears {len(positions)} times "
                    f"(columns {where}); cannot tell which one to use"
                )
                continue
            key = SINGLE_COLUMNS[name]
            columns[key] = positions[0]
            labels[key] = f"'{names[positions[0]].strip()}' (column {column_letter(positions[0])})"
    return columns, labels, problems


def _no_flight_note(cell) -> str | None:
    flight_count = cell("flight_count").strip()
    if COUNT.fullmatch(flight_count):
        return None
    for key in ("date", "flight_count", "flight_number", "tail_number", "operator"):
        value = cell(key).strip()
        if NO_FLIGHT.search(value):
            return clean_text(value)
    return None


def _observation(
    cell, labels: dict[str, str], line: int
) -> tuple[Observation | None, list[str], list[str]]:
    """(observation or None, problems that make the row an error, warnings)."""
    problems: list[str] = []
    warnings: list[str] = []

    date_warnings: list[str] = []
    try:
        date = parse_date(cell("date"), warnings=date_warnings)
    except ValueError as exc:
        date = None
        problems.append(f"Date: {exc}")
    warnings.extend(f"Date: {w}" for w in date_warnings)

    flight_count = cell("flight_count").strip()
    if flight_count and not COUNT.fullmatch(flight_count):
        problems.append(
            f"Flight count is '{flight_count}', which is not a number "
            "(a row saying that no flight took place should say 'no flight' or 'cancelled')"
        )

    flight_number = cell("flight_number").strip().upper()
    if not flight_number:
        problems.append("Flight number is missing")
    elif not FLIGHT_NUMBER.fullmatch(flight_number):
        problems.append(
            f"Flight number '{flight_number}' is not a flight number "
            "(letters and digits only, e.g. SWQ3501)"
        )

    tail_number = cell("tail_number").strip().upper()
    if tail_number in ("?", "-"):
        tail_number = ""
    if tail_number and not TAIL_NUMBER.fullmatch(tail_number):
        problems.append(
            f"Tail number '{tail_number}' is not a tail number "
            "(letters, digits and hyphens, e.g. N529AU; leave blank or ? if not seen)"
        )

    airports = {}
    for key, label in (("previous_airport", "Previous Airport"), ("next_airport", "Next Airport")):
        code = cell(key).strip().upper()
        if code and not AIRPORT_CODE.fullmatch(code):
            problems.append(
                f"{label} '{code}' is not an airport code (3-4 letters or digits, e.g. KIWA)"
            )
        airports[key] = code

    counts = {}
    for key in ("boarded", "deplaned", "city_boarded", "city_deplaned", "buses"):
        counts[key], wrong = parse_count(cell(key), labels.get(key, key))
        if wrong and key in SECONDARY_COUNTS:
            warnings.append(f"{wrong}; stored as not known")
        elif wrong:
            problems.append(f"{wrong} (leave it blank or write ? when the number is not known)")

    if problems:
        return None, problems, warnings
    return (
        Observation(
            date=date,
            flight_number=flight_number,
            tail_number=tail_number,
            operator=clean_text(cell("operator")),
            owner=clean_text(cell("owner")),
            previous_airport=airports["previous_airport"],
            next_airport=airports["next_airport"],
            observations=clean_text(cell("observations")),
            link=clean_text(cell("link")),
            line=line,
            **counts,
        ),
        problems,
        warnings,
    )
