"""`parse_airports`: the reference list of foreign airports."""

from __future__ import annotations

import csv
import io
import math
import re

from .results import (
    Airport,
    AirportFileError,
    RowError,
)
from .table import (
    decode,
    find_header,
    norm_name,
)
from .values import (
    AIRPORT_CODE,
)

_AIRPORT_COLUMNS = {
    "airport code": "code",
    "code": "code",
    "country": "country",
    "state": "region",
    "region": "region",
    "city": "city",
    "latitude": "latitude",
    "longitude": "longitude",
}
_COUNTRY = re.compile(r"[A-Z]{2}")


def parse_airports(data: bytes | str, *, filename: str = "airports-foreign.csv") -> list[Airport]:
    """Parse airports-foreign.csv; raise AirportFileError listing every bad row.

    The header's first name is ' "Airport Code"' (a space before the quote, so the quotes
    are part of the value); names are compared without spaces and quotes. One row reads
    ``""Sana'a""`` (quotes doubled outside a quoted value); quote marks left at either end
    of a text value are removed, giving ``Sana'a``. Country codes are checked for shape
    (two letters) only; the file uses "KS" for Kosovo (not an ISO code; XK is the usual
    user-assigned one) and "NA" for Namibia, which stays the string "NA".
    """
    text, error = decode(data, filename)
    if error:
        raise AirportFileError([error])
    lines = io.StringIO(text, newline="").readlines()
    header, error = find_header(
        lines, set(_AIRPORT_COLUMNS), filename, "Airport Code, Country, State, City, ..."
    )
    if error:
        raise AirportFileError([error])
    columns: dict[str, int] = {}
    for i, raw in enumerate(header.names):
        key = _AIRPORT_COLUMNS.get(norm_name(raw))
        if key and key not in columns:
            columns[key] = i
    missing = [
        k
        for k in ("code", "country", "region", "city", "latitude", "longitude")
        if k not in columns
    ]
    if missing:
        raise AirportFileError(
            [RowError(filename, header.index + 1, "missing column(s): " + ", ".join(missing))]
        )

    airports: list[Airport] = []
    errors: list[RowError] = []
    first_seen: dict[str, int] = {}
    reader = csv.reader(iter(lines[header.index + 1 :]), delimiter=header.delimiter)
    consumed = 0
    for cells in reader:
        line = header.index + 2 + consumed
        consumed = reader.line_num
        if not any(c.strip() for c in cells):
            continue

        def get(key: str, cells: list[str] = cells) -> str:
            i = columns[key]
            return cells[i].strip().strip('"').strip() if i < len(cells) else ""

        problems: list[str] = []
        code = get("code").upper()
        if not AIRPORT_CODE.fullmatch(code):
            problems.append(f"airport code '{code}' is not 3-4 letters or digits")
        elif code in first_seen:
            problems.append(f"airport {code} is already on line {first_seen[code]}")
        else:
            first_seen[code] = line
        country = get("country").upper()
        if not _COUNTRY.fullmatch(country):
            problems.append(f"country '{country}' is not a two-letter code")
        coords = {}
        for key, limit in (("latitude", 90.0), ("longitude", 180.0)):
            raw = get(key)
            try:
                value = float(raw)
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or abs(value) > limit:
                problems.append(f"{key} '{raw}' is not a number between -{limit:g} and {limit:g}")
            coords[key] = value
        if problems:
            errors.extend(RowError(filename, line, p) for p in problems)
            continue
        airports.append(
            Airport(
                code, country, get("region"), get("city"), coords["latitude"], coords["longitude"]
            )
        )
    if errors:
        raise AirportFileError(errors)
    if not airports:
        raise AirportFileError(
            [RowError(filename, header.index + 1, "there are no rows below the header")]
        )
    return airports
