"""Every write to flights, airports and removals goes through a function here.

One transaction each, validated (`record_save` runs `full_clean()`), attributed to `by` in the
audit history, and a no-op when nothing changes. Views, the importer, the upload task, the
demo seeder and the tests all call these; none saves a row itself (STYLE.md rule 3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cases.enums import CustodyStatus
from cases.models import AsylumSeeker
from cases.services import seeker_update
from caseworks.models import User
from caseworks.services import apply_changes, record_save
from detention.enums import StayEndReason
from detention.models import DetentionStay
from detention.services import stay_end

from . import observations
from .enums import FollowUpStatus
from .models import Airport, Flight, FlightLeg, Removal, RemovalFollowUp
from .routes import route_of

# The file's "KS" (Kosovo) is not an ISO 3166 code; XK is the code in common use for it
# (settings.COUNTRIES_OVERRIDE makes django-countries accept it).
COUNTRY_FIXES = {"KS": "XK"}


# --------------------------------------------------------------------------- airports


def airport_find(code: str) -> Airport | None:
    """The airport a code names: ICAO (4 characters), or IATA (3).

    A 3-letter code that no airport has as its IATA code is tried as "K" + code, the ICAO
    form of an airport in the contiguous U.S. (the logs write "IAH" once for KIAH).
    """
    code = code.strip().upper()
    if len(code) == 4:
        return Airport.objects.filter(icao=code).first()
    if len(code) == 3:
        return (
            Airport.objects.filter(iata=code).first()
            or Airport.objects.filter(icao="K" + code).first()
        )
    return None


def is_us_icao(code: str) -> bool:
    """K + three letters: the ICAO form of an airport in the contiguous U.S. (KYKM, KIWA)."""
    return len(code) == 4 and code.startswith("K") and code.isalpha()


@transaction.atomic
def airport_get_or_create(*, code: str, by: User | None = None) -> tuple[Airport | None, bool]:
    """(airport, created). An unknown K-prefixed ICAO code becomes a U.S. airport.

    The observation logs name U.S. airports (KYKM, KELP, KDEN ...) that are not in the
    reference list of foreign airports; they are created with country US the first time
    they are seen. Any other unknown code returns (None, False): a person adds it.
    """
    code = code.strip().upper()
    airport = airport_find(code)
    if airport is not None:
        return airport, False
    if not is_us_icao(code):
        return None, False
    try:
        with transaction.atomic():
            return record_save(Airport(icao=code, country="US"), by=by), True
    except (IntegrityError, ValidationError):
        # Created meanwhile by a concurrent import.
        return Airport.objects.get(icao=code), False


@transaction.atomic
def airport_create(*, by: User | None, icao: str, **fields: Any) -> Airport:
    """Add an airport to the list by hand (a flight monitor recording a route via HECA)."""
    return record_save(Airport(icao=icao.strip().upper(), **fields), by=by)


@transaction.atomic
def airport_update(*, airport: Airport, by: User | None, **fields: Any) -> Airport:
    airport = Airport.objects.select_for_update().get(pk=airport.pk)
    changed = apply_changes(airport, fields)
    if not changed:
        return airport
    return record_save(airport, by=by, update_fields=changed)


@dataclass
class AirportLoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@transaction.atomic
def airports_load(
    *, airports: Iterable[observations.Airport], update_existing: bool
) -> AirportLoadReport:
    """Load parsed reference airports (deportation.observations.parse_airports).

    New codes are created; an existing airport is updated only with `update_existing` (the
    load_airports command), so the importer's top-up never undoes an edit made in the admin.
    """
    report = AirportLoadReport()
    rows = {a.code: a for a in airports}
    existing = {a.icao: a for a in Airport.objects.select_for_update().filter(icao__in=rows)}
    for code, row in rows.items():
        values = {
            "country": COUNTRY_FIXES.get(row.country, row.country),
            "region": row.region,
            "city": row.city,
            "latitude": row.latitude,
            "longitude": row.longitude,
        }
        airport = existing.get(code)
        if airport is None:
            record_save(Airport(icao=code, **values))
            report.created += 1
            continue
        changed = apply_changes(airport, values) if update_existing else []
        if changed:
            record_save(airport, update_fields=changed)
            report.updated += 1
        else:
            report.unchanged += 1
    return report


# --------------------------------------------------------------------------- flights


@dataclass(frozen=True)
class LegInput:
    origin: Airport
    destination: Airport
    departs_at: dt.datetime | None = None
    arrives_at: dt.datetime | None = None


def normalize_flight_number(value: str) -> str:
    return "".join(value.split()).upper()


@transaction.atomic
def flight_create(*, by: User | None, legs: Sequence[LegInput] = (), **fields: Any) -> Flight:
    """Record a flight and its legs (in flight order)."""
    fields["flight_number"] = normalize_flight_number(fields.get("flight_number", ""))
    flight = Flight(**fields)
    apply_changes(flight, _derived_route(legs))  # saved with the flight: one history row, not two
    record_save(flight, by=by)
    flight_set_legs(flight=flight, legs=legs, by=by)
    return flight


def _derived_route(legs: Sequence[LegInput]) -> dict[str, str]:
    route = route_of([(leg.origin.country.code, leg.destination.country.code) for leg in legs])
    return {
        "origin_country": route.origin_country,
        "destination_country": route.destination_country,
        "route": route.text,
        "transit_countries": ",".join(route.transit_countries),
    }


@transaction.atomic
def flight_update(
    *, flight: Flight, by: User | None, legs: Sequence[LegInput] | None = None, **fields: Any
) -> Flight:
    """Change a flight's fields and, when `legs` is given, its legs. Returns the fresh row."""
    if "flight_number" in fields:
        fields["flight_number"] = normalize_flight_number(fields["flight_number"])
    flight = Flight.objects.select_for_update().get(pk=flight.pk)
    changed = apply_changes(flight, fields)
    if changed:
        record_save(flight, by=by, update_fields=changed)
    if legs is not None:
        flight_set_legs(flight=flight, legs=legs, by=by)
    return flight


@transaction.atomic
def flight_set_legs(*, flight: Flight, legs: Sequence[LegInput], by: User | None) -> bool:
    """Make the flight's legs exactly `legs` (order 1..n) and re-derive its route.

    Legs are updated in place by position, so an unchanged leg keeps its row and history.
    Returns whether anything changed.
    """
    existing = list(FlightLeg.objects.select_for_update().filter(flight=flight).order_by("order"))
    changed_any = False
    for order, leg in enumerate(legs, start=1):
        values = {
            "origin": leg.origin,
            "destination": leg.destination,
            "departs_at": leg.departs_at,
            "arrives_at": leg.arrives_at,
        }
        if order <= len(existing):
            row = existing[order - 1]
            changed = apply_changes(row, values)
            if changed:
                record_save(row, by=by, update_fields=changed)
                changed_any = True
        else:
            record_save(FlightLeg(flight=flight, order=order, **values), by=by)
            changed_any = True
    for row in existing[len(legs) :]:
        row._history_user = by
        row.delete()
        changed_any = True
    derived = apply_changes(flight, _derived_route(legs))
    if derived:
        record_save(flight, by=by, update_fields=derived)
    return changed_any or bool(derived)


@transaction.atomic
def flight_delete(*, flight: Flight, by: User | None) -> None:
    """Delete a flight and its legs; removals linked to it keep their record, without it."""
    flight = Flight.objects.select_for_update().get(pk=flight.pk)
    for leg in flight.legs.all():
        leg._history_user = by
        leg.delete()
    for removal in Removal.objects.filter(flight=flight):
        _removal_change(removal, by, {"flight": None})
    flight._history_user = by
    flight.delete()


# --------------------------------------------------------------------------- removals


def _check_removal_date(removal_date: dt.date, today: dt.date) -> None:
    if removal_date > today:
        raise ValidationError(
            {
                "removal_date": _(
                    "A removal is recorded once it has happened: the date is in the future."
                )
            }
        )


@transaction.atomic
def removal_record(
    *,
    seeker: AsylumSeeker,
    by: User | None,
    removal_date: dt.date,
    today: dt.date,
    **fields: Any,
) -> Removal:
    """Record that `seeker` was removed, and what follows from it for the case.

    1. The removal row (the final order, if given, must be a hearing of the same person).
    2. The person's custody status becomes "removed".
    3. An open detention stay ends on the removal date (reason: removed), so the current
       location never shows a facility the person has left.
    """
    _check_removal_date(removal_date, today)
    removal = record_save(Removal(seeker=seeker, removal_date=removal_date, **fields), by=by)
    seeker_update(seeker=seeker, by=by, custody_status=CustodyStatus.REMOVED)
    stay = DetentionStay.objects.filter(seeker=seeker, ended_on__isnull=True).first()
    if stay is not None and stay.started_on <= removal_date:
        stay_end(seeker=seeker, on=removal_date, reason=StayEndReason.REMOVED, by=by)
    return removal


@transaction.atomic
def removal_update(*, removal: Removal, by: User | None, today: dt.date, **fields: Any) -> Removal:
    """Change any field of a removal (roles that see the case: the removal form)."""
    if "removal_date" in fields:
        _check_removal_date(fields["removal_date"], today)
    return _removal_change(removal, by, fields)


@transaction.atomic
def removal_update_tracking(
    *,
    removal: Removal,
    by: User | None,
    flight: Flight | None,
    outcome: str,
    last_contact_on: dt.date | None,
) -> Removal:
    """What flight monitors may change: the flight, the outcome on arrival, the last contact."""
    return _removal_change(
        removal, by, {"flight": flight, "outcome": outcome, "last_contact_on": last_contact_on}
    )


def _removal_change(removal: Removal, by: User | None, fields: dict[str, Any]) -> Removal:
    removal = Removal.objects.select_for_update().get(pk=removal.pk)
    changed = apply_changes(removal, fields)
    if not changed:
        return removal
    return record_save(removal, by=by, update_fields=changed)


@transaction.atomic
def removal_delete(*, removal: Removal, by: User | None) -> None:
    """Delete a removal recorded by mistake (its follow-ups go with it)."""
    removal = Removal.objects.select_for_update().get(pk=removal.pk)
    for follow_up in removal.follow_ups.all():
        follow_up._history_user = by
        follow_up.delete()
    removal._history_user = by
    removal.delete()


@transaction.atomic
def follow_up_add(
    *, removal: Removal, by: User | None, date: dt.date, status: FollowUpStatus, note: str = ""
) -> RemovalFollowUp:
    return record_save(
        RemovalFollowUp(removal=removal, by=by, date=date, status=status, note=note.strip()),
        by=by,
    )
