"""Import of community flight-observation logs (parsed by deportation.observations).

Rules (also in the README):
1. A file is imported whole or not at all. Any parser error, unknown airport or invalid value
   rejects it (ImportRejected, with file and line); nothing is written. Warnings (a remark in
   a City Passenger Report count, a misspelt weekday) are carried in the report.
2. Airports: the reference list (settings.SHARED_DATA_DIR / airports-foreign.csv) is topped
   up first (missing codes added, existing ones left as edited). An unknown K-prefixed ICAO
   code (KDEN) becomes a U.S. airport; a 3-letter code is IATA or "K" + code (IAH = KIAH);
   any other unknown code is an error.
3. Identity: (date, flight number), stored as Flight.import_key "2019-05-07|RPN529".
4. The newest export wins. Each flight remembers the export date its imported fields come
   from (Flight.import_export_date). A strictly newer export sets the log fields (tail,
   operator, owner, counts, observations, link) it has columns for; an export that is not
   newer only fills log fields that are still empty and never overwrites a value. So
   importing the same file twice changes nothing, and importing the exports in any order
   gives the same flights (one exception: a value that a newer export deliberately blanked
   is filled again by an older export imported after it). A column a file does not have
   (the 2020-10-07 export has no Observations or Link) is never read as "cleared".
   Monitor-only fields (kind, confidence, source, notes, legs, removals) are never touched.
   The export date comes from the form / --export-date, else from the file name
   (ICEAirKYKM20210625.csv), else it is the latest flight date in the file.
5. Date corrections: a flight imported from one export and, in a newer export, missing under
   its key but present one day apart with the same flight number, tail and counts is the
   same flight with its date corrected (2020-05-06 -> 2020-05-05 SWQ3501 in the real logs);
   the newer export's date wins, the older row never makes a second flight.
6. A flight entered by hand with the same date and flight number is adopted: it gets the
   import key, and the log fills only its blank fields.
7. Legs of a new flight: previous airport -> observed airport -> next airport (a blank side is
   left out), timed from the FlightAware link where it names the leg. A re-import never
   rewrites legs: it only fills a missing departure time (an export without a Link column
   may have created them); a log route that differs from the legs is a warning.
8. A dry run does all of this in a transaction that is rolled back, so it reports exactly
   what a real import would do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from caseworks.imports import ImportRejected, ImportReport
from caseworks.models import User

from . import observations, services
from .enums import Confidence, FlightKind, Source
from .models import Airport, Flight

AIRPORTS_FILE = "airports-foreign.csv"
_NAME_DATE = re.compile(r"(20\d{2})(\d{2})(\d{2})")

# Observation field -> Flight field, for the fields a newer export may change.
LOG_FIELDS = {
    "tail_number": "tail_number",
    "operator": "operator",
    "owner": "owner",
    "boarded": "boarded",
    "deplaned": "deplaned",
    "city_boarded": "reported_boarded",
    "city_deplaned": "reported_deplaned",
    "observations": "observations",
    "link": "link",
}


@dataclass
class FlightImportReport(ImportReport):
    export_date: dt.date | None = None
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # (line, what happened to that row's flight): created, updated, date corrected ...
    changes: list[tuple[int, str]] = field(default_factory=list)
    # (line, why a differing row was not applied): an older export than the stored one
    kept: list[tuple[int, str]] = field(default_factory=list)
    airports_created: list[str] = field(default_factory=list)

    def lines(self, *, details: bool = False) -> list[str]:
        out = super().lines()
        if self.export_date:
            out.insert(1, f"  export of {self.export_date.isoformat()}")
        out += [f"  line {line}: warning: {message}" for line, message in self.warnings]
        if self.airports_created:
            out.append("  new U.S. airports: " + ", ".join(self.airports_created))
        if details:
            out += [f"  line {line}: {message}" for line, message in self.changes]
            out += [f"  line {line}: not applied: {message}" for line, message in self.kept]
        return out

    def as_json(self) -> dict:
        data = asdict(self)
        data["export_date"] = self.export_date.isoformat() if self.export_date else None
        return data


def export_date_from_name(name: str) -> dt.date | None:
    """ICEAirKYKM20210625.csv -> 2021-06-25 (None when the name holds no date)."""
    for match in _NAME_DATE.finditer(Path(name).stem):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def import_key(day: dt.date, flight_number: str) -> str:
    return f"{day.isoformat()}|{flight_number}"


def import_observations(
    data: bytes | str,
    *,
    filename: str,
    observed_at: str,
    export_date: dt.date | None = None,
    dry_run: bool = False,
    by: User | None = None,
) -> FlightImportReport:
    """Import one export; raise ImportRejected (nothing written) when it has errors."""
    report = FlightImportReport(source=filename, dry_run=dry_run)
    parsed = observations.parse_observations(data, filename=filename)
    report.errors += [(e.line, e.message) for e in parsed.errors]
    report.warnings += [(w.line, w.message) for w in parsed.warnings]
    report.skipped += [(s.line, s.reason) for s in parsed.skipped]
    if report.errors:
        raise ImportRejected(report)
    report.export_date = (
        export_date
        or export_date_from_name(filename)
        or max((r.date for r in parsed.records), default=None)
    )
    with transaction.atomic():
        _top_up_reference_airports()
        fields = {name: LOG_FIELDS[name] for name in LOG_FIELDS if name in parsed.columns}
        run = _Run(report=report, by=by, filename=filename, fields=fields)
        run.resolve_airports(parsed.records, observed_at.strip().upper())
        if not report.errors:
            run.apply(parsed.records)
        if report.errors:
            raise ImportRejected(report)
        if dry_run:
            transaction.set_rollback(True)
    return report


def _top_up_reference_airports() -> None:
    path = Path(settings.SHARED_DATA_DIR) / AIRPORTS_FILE
    if path.is_file():
        services.airports_load(
            airports=observations.parse_airports(path.read_bytes(), filename=AIRPORTS_FILE),
            update_existing=False,
        )


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


@dataclass
class _Run:
    report: FlightImportReport
    by: User | None
    filename: str
    fields: dict[str, str]  # LOG_FIELDS of the columns this file has
    airports: dict[str, Airport] = field(default_factory=dict)  # code as written -> airport
    observed: Airport | None = None
    # Flights this file may touch, locked (filled by apply):
    by_key: dict[str, Flight] = field(default_factory=dict)  # imported, by import key
    by_hand: dict[tuple, Flight] = field(default_factory=dict)  # no key, same date + number
    nearby: list[Flight] = field(default_factory=list)  # imported, a day off (rule 5)

    # 1. airports ------------------------------------------------------------------------

    def resolve_airports(self, records: list[observations.Observation], observed_at: str):
        self.observed = self._airport(observed_at, line=0, label="Observed at")
        for r in records:
            for code, label in ((r.previous_airport, "Previous"), (r.next_airport, "Next")):
                if code:
                    self._airport(code, line=r.line, label=f"{label} Airport")

    def _airport(self, code: str, *, line: int, label: str) -> Airport | None:
        if code not in self.airports:
            airport, created = services.airport_get_or_create(code=code, by=self.by)
            if created:
                self.report.airports_created.append(airport.icao)
            self.airports[code] = airport
        airport = self.airports[code]
        if airport is None:
            self.report.errors.append(
                (
                    line,
                    f"{label} '{code}' is not in the airport list; a coordinator adds it "
                    "(admin: Airports), or write its ICAO code",
                )
            )
        return airport

    # 2. flights -------------------------------------------------------------------------

    def apply(self, records: list[observations.Observation]) -> None:
        keys = {import_key(r.date, r.flight_number) for r in records}
        numbers = {r.flight_number for r in records}
        dates = {r.date for r in records}
        locked = Flight.objects.select_for_update().prefetch_related(
            "legs__origin", "legs__destination"
        )
        self.by_key = {f.import_key: f for f in locked.filter(import_key__in=keys)}
        self.by_hand = {
            (f.date, f.flight_number): f
            for f in locked.filter(
                import_key__isnull=True, date__in=dates, flight_number__in=numbers
            )
        }
        day = dt.timedelta(days=1)
        self.nearby = list(
            locked.filter(
                import_key__isnull=False,
                flight_number__in=numbers,
                date__gte=min(dates, default=dt.date.min) - day,
                date__lte=max(dates, default=dt.date.min) + day,
            ).exclude(import_key__in=keys)
        )
        # No savepoint per row: full_clean() raises before a row is written, and any error
        # rolls the whole file back anyway (rule 1).
        for r in records:
            try:
                self._record(r)
            except ValidationError as exc:
                self.report.errors.append((r.line, _error_text(exc)))

    def _record(self, r: observations.Observation) -> None:
        key = import_key(r.date, r.flight_number)
        label = f"{r.date.isoformat()} {r.flight_number}"
        flight = self.by_key.get(key)
        if flight is not None:
            self._update(r, flight, label, {})
            return
        flight = self.by_hand.get((r.date, r.flight_number))
        if flight is not None:
            self._adopt(r, flight, key, label)
            return
        flight = self._date_correction(r)
        if flight is not None:
            self._update(r, flight, label, {"date": r.date, "import_key": key})
            return
        self._create(r, key, label)

    def _values(self, r: observations.Observation) -> dict:
        return {
            flight_field: getattr(r, obs_field) for obs_field, flight_field in self.fields.items()
        }

    def _provenance(self) -> dict:
        return {"import_export_date": self.report.export_date, "imported_from": self.filename}

    def _create(self, r: observations.Observation, key: str, label: str) -> None:
        legs = self._legs(r)
        countries = {leg.origin.country.code for leg in legs} | {
            leg.destination.country.code for leg in legs
        }
        services.flight_create(
            by=self.by,
            legs=legs,
            date=r.date,
            flight_number=r.flight_number,
            kind=FlightKind.DOMESTIC_SHUFFLE if countries == {"US"} else FlightKind.UNKNOWN,
            source=Source.IMPORT,
            confidence=Confidence.CONFIRMED,
            import_key=key,
            **self._values(r),
            **self._provenance(),
        )
        self.report.created += 1
        self.report.changes.append((r.line, f"{label}: new flight"))

    def _update(self, r: observations.Observation, flight: Flight, label: str, rekey: dict):
        """Rule 4 (and 5 when `rekey` carries the corrected date and key)."""
        timed = self._sync_legs(r, flight, label)
        values = {**self._values(r), **rekey}
        differing = [name for name, value in values.items() if getattr(flight, name) != value]
        if self.report.export_date > flight.import_export_date:
            # Recorded even when nothing differs: an export dated between the two must not
            # later count as newer than this one.
            services.flight_update(flight=flight, by=self.by, **values, **self._provenance())
        else:
            filled = _blanks_filled(flight, values)
            if filled:
                services.flight_update(flight=flight, by=self.by, **filled)
            kept = [n for n in differing if n not in filled and n != "import_key"]
            if kept:
                self.report.kept.append(
                    (
                        r.line,
                        f"{label}: {', '.join(kept)} differ; the values of the newer export "
                        f"of {flight.import_export_date.isoformat()} stay",
                    )
                )
            differing = list(filled)
        if timed:
            differing.append("departure time")
        if not differing:
            self.report.unchanged += 1
            return
        self.report.updated += 1
        names = [name for name in differing if name not in ("date", "import_key")]
        message = f"{label}: {', '.join(names)} changed"
        if "date" in differing:
            old = flight.import_key.split("|")[0]
            message = f"{label}: same flight as {old} in an older export, date corrected"
            message += f"; {', '.join(names)} changed" if names else ""
        self.report.changes.append((r.line, message))

    def _adopt(self, r: observations.Observation, flight: Flight, key: str, label: str):
        """Rule 6: a hand-entered flight gets the key; the log fills its blank fields."""
        blanks = _blanks_filled(flight, self._values(r))
        services.flight_update(
            flight=flight,
            by=self.by,
            legs=None if flight.legs.all() else self._legs(r),
            import_key=key,
            **blanks,
            **self._provenance(),
        )
        self.report.updated += 1
        filled = ", ".join(blanks) or "nothing"
        self.report.changes.append(
            (r.line, f"{label}: matches a flight entered by hand; filled in {filled}")
        )

    def _date_correction(self, r: observations.Observation) -> Flight | None:
        """The imported flight this row re-dates (rule 5), if exactly one fits."""
        fits = [
            f
            for f in self.nearby
            if f.flight_number == r.flight_number
            and abs((f.date - r.date).days) == 1
            and (f.tail_number, f.boarded, f.deplaned) == (r.tail_number, r.boarded, r.deplaned)
        ]
        if len(fits) != 1:
            return None
        self.nearby.remove(fits[0])
        return fits[0]

    # 3. legs ----------------------------------------------------------------------------

    def _legs(self, r: observations.Observation) -> list[services.LegInput]:
        departure = observations.departure_from_link(r.link)
        legs = []
        pairs = (
            (self.airports.get(r.previous_airport), self.observed),
            (self.observed, self.airports.get(r.next_airport)),
        )
        for origin, destination in pairs:
            if origin is None or destination is None or origin == destination:
                continue
            departs_at = None
            if departure and (departure.origin, departure.destination) in (
                (origin.icao, destination.icao),
                (origin.iata, destination.iata),
            ):
                departs_at = departure.departs_at
            legs.append(services.LegInput(origin, destination, departs_at))
        return legs

    def _sync_legs(self, r: observations.Observation, flight: Flight, label: str) -> bool:
        """Fill departure times the legs lack; warn when the log's route differs (rule 7)."""
        stored = list(flight.legs.all())
        logged = self._legs(r)
        if not stored or not logged:
            return False
        if [(leg.origin_id, leg.destination_id) for leg in stored] != [
            (leg.origin.pk, leg.destination.pk) for leg in logged
        ]:
            self.report.warnings.append(
                (
                    r.line,
                    f"{label}: the log's route differs from the flight's legs; "
                    "the legs were left as they are",
                )
            )
            return False
        legs = [
            services.LegInput(
                old.origin, old.destination, old.departs_at or new.departs_at, old.arrives_at
            )
            for old, new in zip(stored, logged, strict=True)
        ]
        if all(old.departs_at == leg.departs_at for old, leg in zip(stored, legs, strict=True)):
            return False
        services.flight_set_legs(flight=flight, legs=legs, by=self.by)
        return True


def _blanks_filled(flight: Flight, values: dict) -> dict:
    """The values that would fill an empty field of `flight` (never overwrite one)."""
    return {
        name: value
        for name, value in values.items()
        if getattr(flight, name) in ("", None) and value not in ("", None)
    }
