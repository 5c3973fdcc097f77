"""What parsing an export yields: records, row errors, warnings and skipped rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


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
