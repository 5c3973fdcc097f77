"""Parse one export of a community log of ICE Air flights seen at an airport.

Pure parsing: standard library only (csv, dataclasses, re, datetime), no Django, no database.
An importer calls :func:`parse_observations` once per uploaded file and gets a
:class:`ParseResult`; if ``result.errors`` is not empty it rejects the whole file and shows
the errors (file name, line number as seen in an editor, plain-English message). Every
non-blank row below the header ends up in exactly one of ``records``, ``errors`` or
``skipped`` -- nothing is dropped silently. ``warnings`` name cells that were read with a
doubt (see "Warnings" below); their rows are still in ``records`` and the importer shows the
warnings in its report.

File shape (see /work/shared/data/flight-observations/, the Yakima (KYKM) logs 2019-2021)
----------------------------------------------------------------------------------------
* UTF-8, with or without a byte-order mark; CRLF, LF or CR line ends.
* Comma- or pipe-separated. The separator is sniffed from the header line alone: whichever
  of ``,`` and ``|`` occurs more often outside double quotes.
* Optionally ONE banner line above the header (``,,,,,,,,YIRN Observations,,City Passenger
  Report,,,,`` or ``...,,,``). The header is the first non-blank line naming at least two
  known columns; if that is not line 1 or the line after the banner, the file is refused.
* Required columns: Date, Flight number, Tail number, Previous Airport, Next Airport.
  Optional: Flight count, Operator, Owner, the two count pairs below, # Buses, Observations,
  Link. Other columns (Snoq Pass, White Pass: road conditions) are ignored. Names are matched
  ignoring case, surrounding spaces/quotes and repeated spaces.
* Quoted fields with doubled quotes and line breaks inside quotes (an Observations cell can
  span several lines; a record's ``line`` is the line where it starts).

The duplicated count columns
----------------------------
"From NWDC - Boarded Plane" and "From Plane - Boarded Bus to NWDC" each appear twice. The
banner of the 2019-2020 exports labels the first pair "YIRN Observations" (counted by the
community group on the tarmac) and the second pair "City Passenger Report" (figures the
City of Yakima got from the airport). So, by position:

* 1st "From NWDC - Boarded Plane"        -> ``boarded``       (people taken from the
  Northwest Detention Center in Tacoma onto the plane, community count)
* 1st "From Plane - Boarded Bus to NWDC" -> ``deplaned``      (people taken off the plane
  onto the bus to the NWDC, community count)
* 2nd of each                             -> ``city_boarded`` / ``city_deplaned``

A third copy of either name, or any other repeated column name, is a file-level error.
The 2020-10-07 export has only the first pair; the city fields are then ``None``.

Values
------
* Date: "Tuesday, May 7, 2019" (weekday optional; full or 3-letter month and weekday names),
  "2019-05-07" or "5/7/2019" (month first). A weekday name, when given, must be the real
  weekday of that date ("Monday, May 7, 2019" is an error: which of the two is wrong cannot
  be known). A word in the weekday's place that is no weekday name at all ("Tudsay, June 22,
  2021") is a typo of the weekday, not of the date: the date is read and a warning names the
  word. Impossible dates (February 30) are errors. Stray quote marks or a trailing full stop
  around the date are ignored: the logs contain "Tuesday, November 19, 2019'" and "Tuesday,
  May 26, 2020." whose meaning is not in doubt.
* Counts (boarded, deplaned, city_*, buses): whole numbers. Blank, "?" and "-" mean *not
  known* and become ``None``, never 0 ("-" is the same mark as blank: the cells written "-"
  in the 2019-10-16 export are blank in every later export). A number followed by "?"
  ("2?", the logger's guess) is also ``None``: we do not store a guess as a count. Anything
  else ("abc", "-3") is an error in the community counts (boarded, deplaned) and in buses.
  In the two City Passenger Report columns (``city_boarded``, ``city_deplaned``) such text is
  ``None`` plus a warning: those cells are a second, secondary source and the logs use them
  for remarks ("ICE Bearded" in the 2021-01-05 and 2021-06-25 exports, the flight of
  2020-11-17), so a remark there must not keep the flight itself out.
* Flight number: stripped, upper-cased, letters and digits only; required.
* Tail number: stripped, upper-cased; blank, "?" and "-" (tail not seen) become "".
* Previous/Next Airport: stripped, upper-cased ICAO (or 3-letter IATA, e.g. "IAH" in one
  row) code of 3-4 letters/digits, or blank.
* Operator, Owner, Observations, Link: stripped text; line breaks inside a cell become "\\n"
  so that a CRLF export and an LF export of the same row give equal records.

Rows that are not observations (reported in ``skipped``, not errors)
-------------------------------------------------------------------
* Rows of only separators / whitespace: skipped silently (not even listed).
* "No flight" notes: rows whose Flight count is not a number and whose Date, Flight count,
  Flight number, Tail number or Operator cell says "no flight" or "cancel(l)ed", e.g.
  ``"Tuesday, April 7, 2020",NO FLIGHT,,,`` or ``...|||"flight CANCELLED - holidays?"|...``.
  They record that nothing flew, so they are not flights. A row with a numeric Flight count
  is always treated as a flight, whatever its text says.
* The summary below the table: from a row whose Date is blank and which has a cell "Totals"
  to the end of the file (totals, tail-marking notes, a list of FlightAware alerts). One
  ``skipped`` entry covers it. A row in that section whose Date cell is a valid date is an
  error (a flight typed below the totals would otherwise be lost).
* A non-numeric Flight count that is not such a note is an error.

Identity: "the same flight seen in several exports is one flight"
-----------------------------------------------------------------
``Observation.identity_key == (date, flight_number)``.

A flight designator plus its date is how aviation itself names one flight, and the logs bear
it out: across the six exports there are 115 distinct (date, flight number) pairs, and for
every pair the tail number, previous airport and next airport are identical in every export
that has it, while Operator/Owner (Swift Air -> iAero Airways, rewritten for Dec 2019 rows),
counts ("-" -> blank) and Observations text (typo fixes) do change between exports. Tail and
airports therefore add nothing that tells flights apart, but putting them in the key would turn
a later correction (a "?" tail filled in, "IAH" fixed to "KIAH") into a second, phantom flight
and double-count the people on it. ``Flight count`` just numbers the flight rows of one export
(1..N; it would shift if a row were inserted or deleted above) and is not part of the identity;
it is only used to tell "no flight" notes from flights (below).

Within one file the key must be unique. In the six exports it is: the only days with two
flights (2021-04-27: SWQ3504 and SWQ3517; 2021-06-08: SWQ3502 and SWQ3608) have different
flight numbers. If a file ever repeats a (date, flight number) pair, the later row is an error
naming the earlier line, rather than merging two rows (losing one) or guessing which is right:
either it is the same flight entered twice (delete one row) or a real same-day double flight
that this key cannot tell apart, and a person has to decide. Caveat: a flight arriving under
one number and leaving under another ("Arriving as 3501 - departs as 3502") is logged under a
single number; if a later export switched which number it uses, the importer would see two
flights. That has not happened in these exports.

A corrected *date* does change the key, and it has happened once: the 2020-05-05 export
dates a flight "Wednesday, May 6, 2020" (SWQ3501, N529AU, 26 boarded, 4 deplaned, FlightAware
link .../history/20200505/...); every later export has the same row as "Tuesday, May 5,
2020". So the 115 keys are 114 real flights. A parser of one file cannot see this; the
importer (deportation.importers, "date corrections") recognises it across exports.

``departure_from_link`` reads the leg and UTC departure time out of a FlightAware history
link (.../history/20190507/1730Z/KYKM/KELP); the importer uses it to time the legs.

``parse_airports`` reads airports-foreign.csv (ICAO code, country, region, city, latitude,
longitude) and raises :class:`AirportFileError` listing every bad row.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field

__all__ = [
    "Airport",
    "AirportFileError",
    "Observation",
    "ParseResult",
    "RowError",
    "RowWarning",
    "SkippedRow",
    "LinkDeparture",
    "departure_from_link",
    "parse_airports",
    "parse_date",
    "parse_observations",
]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class RowError:
    """A problem that makes the file unacceptable as it stands."""

    filename: str
    line: int  # 1-based physical line, as an editor shows it
    message: str

    def __str__(self) -> str:
        return f"{self.filename}, line {self.line}: {self.message}"


@dataclass(frozen=True)
class RowWarning:
    """A cell read with a doubt; the row is still imported. Shown to the person importing."""

    filename: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.filename}, line {self.line}: warning: {self.message}"


@dataclass(frozen=True)
class SkippedRow:
    """A non-blank row (or block of rows) that is deliberately not an observation."""

    filename: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.filename}, line {self.line}: skipped, {self.reason}"


@dataclass(frozen=True)
class Observation:
    """One observed flight, normalized. See the module docstring for each field's rules."""

    date: dt.date
    flight_number: str
    tail_number: str
    operator: str
    owner: str
    previous_airport: str
    next_airport: str
    boarded: int | None
    deplaned: int | None
    city_boarded: int | None
    city_deplaned: int | None
    buses: int | None
    observations: str
    link: str
    line: int

    @property
    def identity_key(self) -> tuple[dt.date, str]:
        """(date, flight number): equal keys in different exports are the same flight."""
        return (self.date, self.flight_number)


@dataclass
class ParseResult:
    records: list[Observation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    # Observation fields the file has a column for. A field without a column is "" / None in
    # every record, which says nothing about its value: the 2020-10-07 export has no
    # Observations or Link column, and an importer must not read that as "cleared".
    columns: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Airport:
    code: str  # ICAO, upper case
    country: str  # ISO 3166 alpha-2 as given in the file
    region: str  # the file's "State" column: US state or foreign region
    city: str
    latitude: float
    longitude: float


class AirportFileError(ValueError):
    """Raised by parse_airports; ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


# --------------------------------------------------------------------------- columns

# normalized header name -> field
_SINGLE_COLUMNS = {
    "date": "date",
    "flight count": "flight_count",
    "flight number": "flight_number",
    "tail number": "tail_number",
    "operator": "operator",
    "owner": "owner",
    "previous airport": "previous_airport",
    "next airport": "next_airport",
    "# buses": "buses",
    "observations": "observations",
    "link": "link",
}
# names that appear twice: first copy (community group), second copy (City Passenger Report)
_PAIRED_COLUMNS = {
    "from nwdc - boarded plane": ("boarded", "city_boarded"),
    "from plane - boarded bus to nwdc": ("deplaned", "city_deplaned"),
}
_IGNORED_COLUMNS = {"snoq pass", "white pass"}
_REQUIRED = {
    "date": "Date",
    "flight_number": "Flight number",
    "tail_number": "Tail number",
    "previous_airport": "Previous Airport",
    "next_airport": "Next Airport",
}
_KNOWN_NAMES = set(_SINGLE_COLUMNS) | set(_PAIRED_COLUMNS) | _IGNORED_COLUMNS


def _norm_name(name: str) -> str:
    name = name.strip().strip('"').replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(name.split()).casefold()


def _column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as a spreadsheet shows columns)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


# --------------------------------------------------------------------------- values

_WEEKDAYS = {name.casefold(): i for i, name in enumerate(calendar.day_name)}
_WEEKDAYS.update({name.casefold(): i for i, name in enumerate(calendar.day_abbr)})
_WEEKDAYS.update({"tues": 1, "thur": 3, "thurs": 3})
_MONTHS = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

# "Tuesday, May 7, 2019" / "Tue., 2019-05-07" / "Tuesday May 7, 2019" (no comma, month follows)
_WEEKDAY_PREFIX = re.compile(
    r"(?P<wd>[A-Za-z]+)\.?\s*,\s*(?P<rest>.+)|(?P<wd2>[A-Za-z]+)\s+(?P<rest2>[A-Za-z].*)"
)
_WORDY_DATE = re.compile(
    r"(?P<mon>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\s*,?\s+(?P<year>\d{4})"
)
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})")
_US_DATE = re.compile(r"(?P<mon>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})")

_DATE_HINT = "write it like 'Tuesday, May 7, 2019', '2019-05-07' or '5/7/2019'"


def parse_date(raw: str, *, warnings: list[str] | None = None) -> dt.date:
    """Read a log date; raise ValueError with a plain-English message if it cannot be used.

    A word in the weekday's place that is no weekday ("Tudsay") is an error, unless the
    caller passes a `warnings` list: then the date is returned and the list gets a message.
    A real weekday name that contradicts the date is always an error.
    """
    text = raw.strip().strip("'\"").rstrip(".").strip()
    if not text:
        raise ValueError("the date is missing")
    weekday_word = None
    m = _WEEKDAY_PREFIX.fullmatch(text)
    if m:
        word = m.group("wd") or m.group("wd2")
        if word.casefold() not in _MONTHS:
            weekday_word = word
            text = (m.group("rest") or m.group("rest2")).strip()
    m = _WORDY_DATE.fullmatch(text) or _ISO_DATE.fullmatch(text) or _US_DATE.fullmatch(text)
    if not m:
        raise ValueError(f"'{raw.strip()}' is not a date I can read; {_DATE_HINT}")
    month_text = m.group("mon")
    if month_text.isdigit():
        month = int(month_text)
    elif month_text.casefold() in _MONTHS:
        month = _MONTHS[month_text.casefold()]
    else:
        raise ValueError(f"'{raw.strip()}': '{month_text}' is not the name of a month")
    year, day = int(m.group("year")), int(m.group("day"))
    if not 1 <= month <= 12:
        raise ValueError(f"'{raw.strip()}' is not a real date: there is no month {month}")
    try:
        value = dt.date(year, month, day)
    except ValueError:
        last = calendar.monthrange(year, month)[1]
        raise ValueError(
            f"'{raw.strip()}' is not a real date: {calendar.month_name[month]} {year} "
            f"has {last} days"
        ) from None
    if weekday_word is not None:
        wanted = _WEEKDAYS.get(weekday_word.casefold())
        if wanted is None:
            message = (
                f"'{raw.strip()}': '{weekday_word}' is not a day of the week "
                f"({value:%B} {value.day}, {value.year} was a {value:%A})"
            )
            if warnings is None:
                raise ValueError(message)
            warnings.append(f"{message}; read as {value.isoformat()}")
            return value
        if wanted != value.weekday():
            raise ValueError(
                f"'{raw.strip()}': {value:%B} {value.day}, {value.year} was a {value:%A}, "
                f"not a {calendar.day_name[wanted]}"
            )
    return value


# FlightAware history links name one leg: .../history/20190507/1730Z/KYKM/KELP is the leg
# KYKM -> KELP departing 2019-05-07 17:30 UTC. Most rows of the logs carry such a link.
_FLIGHTAWARE_LEG = re.compile(
    r"/history/(?P<day>\d{8})/(?P<hhmm>\d{4})Z/(?P<orig>[A-Za-z0-9]{3,4})/(?P<dest>[A-Za-z0-9]{3,4})"
)


@dataclass(frozen=True)
class LinkDeparture:
    origin: str
    destination: str
    departs_at: dt.datetime  # aware, UTC


def departure_from_link(link: str) -> LinkDeparture | None:
    """The leg and UTC departure time a FlightAware history link names, or None."""
    m = _FLIGHTAWARE_LEG.search(link)
    if not m:
        return None
    try:
        departs_at = dt.datetime.strptime(m["day"] + m["hhmm"], "%Y%m%d%H%M").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return LinkDeparture(m["orig"].upper(), m["dest"].upper(), departs_at)


_UNKNOWN_COUNT = re.compile(r"\?|-|\d+\s*\?")
_COUNT = re.compile(r"[0-9]+")
_FLIGHT_NUMBER = re.compile(r"[A-Z0-9]{2,10}")
_TAIL_NUMBER = re.compile(r"[A-Z0-9][A-Z0-9-]{1,9}")
_AIRPORT = re.compile(r"[A-Z0-9]{3,4}")
_NO_FLIGHT = re.compile(r"\bno\s+flights?\b|\bcancel+(?:ed|ation)\b", re.IGNORECASE)


def _text(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


# Counts from the City Passenger Report: a second source, where the logs also put remarks.
_SECONDARY_COUNTS = ("city_boarded", "city_deplaned")


def _count(value: str, label: str) -> tuple[int | None, str | None]:
    """(whole number or None when not known, None) or (None, what is wrong with the cell)."""
    value = value.strip()
    if not value or _UNKNOWN_COUNT.fullmatch(value):
        return None, None
    if _COUNT.fullmatch(value):
        return int(value), None
    return None, f"{label} is '{value}', which is not a whole number"


# --------------------------------------------------------------------------- reading


def _decode(data: bytes | str, filename: str) -> tuple[str | None, RowError | None]:
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return None, RowError(
                filename,
                line,
                f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} on this line); "
                "save it again as 'CSV UTF-8'",
            )
    else:
        text = data.removeprefix("\ufeff")
    return text, None


def _sniff_delimiter(line: str) -> str:
    counts = {",": 0, "|": 0}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return "|" if counts["|"] > counts[","] else ","


def _is_blank_line(line: str) -> bool:
    return not line.strip().replace(",", "").replace("|", "").replace('"', "").strip()


def _split_line(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter), [])


@dataclass
class _Header:
    index: int  # 0-based index into the physical lines
    delimiter: str
    names: list[str]


def _find_header(
    lines: list[str], known: set[str], filename: str, expected: str
) -> tuple[_Header | None, RowError | None]:
    """The first non-blank line naming >= 2 known columns; one banner line may precede it."""
    candidates = [i for i, line in enumerate(lines) if not _is_blank_line(line)][:2]
    if not candidates:
        return None, RowError(filename, 1, "the file is empty")
    for i in candidates:
        delimiter = _sniff_delimiter(lines[i])
        names = _split_line(lines[i], delimiter)
        if len({_norm_name(n) for n in names} & known) >= 2:
            return _Header(i, delimiter, names), None
    return None, RowError(
        filename,
        candidates[0] + 1,
        f"no header row found: expected column names ({expected}) on this line "
        "or, after one banner line, on the next one",
    )


def _records_after(lines: list[str], header: _Header):
    """Yield (first line, last line, cells) per CSV record below the header.

    Raises _QuotingError (with the record's first line) when the quoting is broken.
    """
    reader = csv.reader(iter(lines[header.index + 1 :]), delimiter=header.delimiter, strict=True)
    first_line = header.index + 2
    consumed = 0
    while True:
        start = first_line + consumed
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _QuotingError(start, str(exc)) from None
        consumed = reader.line_num
        yield start, first_line + consumed - 1, cells


class _QuotingError(Exception):
    def __init__(self, line: int, detail: str):
        self.line = line
        self.detail = detail


# --------------------------------------------------------------------------- observations


def parse_observations(data: bytes | str, *, filename: str) -> ParseResult:
    """Parse one flight-observation export. Never raises for bad content; see ParseResult."""
    result = ParseResult()
    text, error = _decode(data, filename)
    if error:
        result.errors.append(error)
        return result
    lines = io.StringIO(text, newline="").readlines()
    header, error = _find_header(
        lines, _KNOWN_NAMES, filename, "Date, Flight number, Tail number, ..."
    )
    if error:
        result.errors.append(error)
        return result
    header_line = header.index + 1

    columns, labels, problems = _map_columns(header.names)
    result.columns = frozenset(columns)
    missing = [label for key, label in _REQUIRED.items() if key not in columns]
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
        for line, end_line, cells in _records_after(lines, header):
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
    except _QuotingError as exc:
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
        seen.setdefault(_norm_name(raw), []).append(i)
    for name, positions in seen.items():
        where = ", ".join(_column_letter(i) for i in positions)
        if name in _PAIRED_COLUMNS:
            if len(positions) > 2:
                problems.append(
                    f"column '{names[positions[0]].strip()}' appears {len(positions)} times "
                    f"(columns {where}); expected at most two (community count, city report)"
                )
                continue
            sources = (", community count", ", City Passenger Report")
            for key, i, who in zip(_PAIRED_COLUMNS[name], positions, sources, strict=False):
                columns[key] = i
                labels[key] = f"'{names[i].strip()}' (column {_column_letter(i)}{who})"
        elif name in _SINGLE_COLUMNS:
            if len(positions) > 1:
                problems.append(
                    f"column '{names[positions[0]].strip()}' appears {len(positions)} times "
                    f"(columns {where}); cannot tell which one to use"
                )
                continue
            key = _SINGLE_COLUMNS[name]
            columns[key] = positions[0]
            labels[key] = f"'{names[positions[0]].strip()}' (column {_column_letter(positions[0])})"
    return columns, labels, problems


def _no_flight_note(cell) -> str | None:
    flight_count = cell("flight_count").strip()
    if _COUNT.fullmatch(flight_count):
        return None
    for key in ("date", "flight_count", "flight_number", "tail_number", "operator"):
        value = cell(key).strip()
        if _NO_FLIGHT.search(value):
            return _text(value)
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
    if flight_count and not _COUNT.fullmatch(flight_count):
        problems.append(
            f"Flight count is '{flight_count}', which is not a number "
            "(a row saying that no flight took place should say 'no flight' or 'cancelled')"
        )

    flight_number = cell("flight_number").strip().upper()
    if not flight_number:
        problems.append("Flight number is missing")
    elif not _FLIGHT_NUMBER.fullmatch(flight_number):
        problems.append(
            f"Flight number '{flight_number}' is not a flight number "
            "(letters and digits only, e.g. SWQ3501)"
        )

    tail_number = cell("tail_number").strip().upper()
    if tail_number in ("?", "-"):
        tail_number = ""
    if tail_number and not _TAIL_NUMBER.fullmatch(tail_number):
        problems.append(
            f"Tail number '{tail_number}' is not a tail number "
            "(letters, digits and hyphens, e.g. N529AU; leave blank or ? if not seen)"
        )

    airports = {}
    for key, label in (("previous_airport", "Previous Airport"), ("next_airport", "Next Airport")):
        code = cell(key).strip().upper()
        if code and not _AIRPORT.fullmatch(code):
            problems.append(
                f"{label} '{code}' is not an airport code (3-4 letters or digits, e.g. KIWA)"
            )
        airports[key] = code

    counts = {}
    for key in ("boarded", "deplaned", "city_boarded", "city_deplaned", "buses"):
        counts[key], wrong = _count(cell(key), labels.get(key, key))
        if wrong and key in _SECONDARY_COUNTS:
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
            operator=_text(cell("operator")),
            owner=_text(cell("owner")),
            previous_airport=airports["previous_airport"],
            next_airport=airports["next_airport"],
            observations=_text(cell("observations")),
            link=_text(cell("link")),
            line=line,
            **counts,
        ),
        problems,
        warnings,
    )


# --------------------------------------------------------------------------- airports

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
    text, error = _decode(data, filename)
    if error:
        raise AirportFileError([error])
    lines = io.StringIO(text, newline="").readlines()
    header, error = _find_header(
        lines, set(_AIRPORT_COLUMNS), filename, "Airport Code, Country, State, City, ..."
    )
    if error:
        raise AirportFileError([error])
    columns: dict[str, int] = {}
    for i, raw in enumerate(header.names):
        key = _AIRPORT_COLUMNS.get(_norm_name(raw))
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
        if not _AIRPORT.fullmatch(code):
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
