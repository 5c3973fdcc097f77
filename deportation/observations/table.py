"""Reading the table: encoding, separator, the header line and its columns, the records."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from .results import (
    RowError,
)

# normalized header name -> field
SINGLE_COLUMNS = {
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
PAIRED_COLUMNS = {
    "from nwdc - boarded plane": ("boarded", "city_boarded"),
    "from plane - boarded bus to nwdc": ("deplaned", "city_deplaned"),
}
_IGNORED_COLUMNS = {"snoq pass", "white pass"}
REQUIRED_COLUMNS = {
    "date": "Date",
    "flight_number": "Flight number",
    "tail_number": "Tail number",
    "previous_airport": "Previous Airport",
    "next_airport": "Next Airport",
}
KNOWN_NAMES = set(SINGLE_COLUMNS) | set(PAIRED_COLUMNS) | _IGNORED_COLUMNS


def norm_name(name: str) -> str:
    name = name.strip().strip('"').replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(name.split()).casefold()


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (as a spreadsheet shows columns)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def decode(data: bytes | str, filename: str) -> tuple[str | None, RowError | None]:
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


def find_header(
    lines: list[str], known: set[str], filename: str, expected: str
) -> tuple[_Header | None, RowError | None]:
    """The first non-blank line naming >= 2 known columns; one banner line may precede it."""
    candidates = [i for i, line in enumerate(lines) if not _is_blank_line(line)][:2]
    if not candidates:
        return None, RowError(filename, 1, "the file is empty")
    for i in candidates:
        delimiter = _sniff_delimiter(lines[i])
        names = _split_line(lines[i], delimiter)
        if len({norm_name(n) for n in names} & known) >= 2:
            return _Header(i, delimiter, names), None
    return None, RowError(
        filename,
        candidates[0] + 1,
        f"no header row found: expected column names ({expected}) on this line "
        "or, after one banner line, on the next one",
    )


def records_after(lines: list[str], header: _Header):
    """Yield (first line, last line, cells) per CSV record below the header.

    Raises QuotingError (with the record's first line) when the quoting is broken.
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
            raise QuotingError(start, str(exc)) from None
        consumed = reader.line_num
        yield start, first_line + consumed - 1, cells


class QuotingError(Exception):
    def __init__(self, line: int, detail: str):
        self.line = line
        self.detail = detail
