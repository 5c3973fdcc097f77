"""Demo data of the flight area: the real Yakima observation logs plus invented removal
charters and invented removed people (no real person). Idempotent, through the services.

Run by `manage.py seed_demo_flights` (after `seed_demo`, which makes the demo users).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from cases.models import AsylumSeeker
from cases.services import seeker_register
from caseworks.models import User

from . import observations, services
from .enums import ArrivalOutcome, Confidence, FlightKind, FollowUpStatus, Source
from .importers import AIRPORTS_FILE, import_observations
from .models import Airport, Flight

LOGS = "flight-observations"
# Airports a removal route passes that the reference list lacks (public ICAO/IATA codes).
EXTRA_AIRPORTS = [
    ("HECA", "CAI", "Cairo International", "Cairo", "EG"),
    ("UUEE", "SVO", "Sheremetyevo", "Moscow", "RU"),
    ("LTFM", "IST", "Istanbul Airport", "Istanbul", "TR"),
    ("UTTT", "TAS", "Islam Karimov Tashkent International", "Tashkent", "UZ"),
    ("KAEX", "AEX", "Alexandria International", "Alexandria, LA", "US"),
    ("KIAH", "IAH", "George Bush Intercontinental", "Houston", "US"),
    ("KELP", "ELP", "El Paso International", "El Paso", "US"),
    ("MGGT", "GUA", "La Aurora", "Guatemala City", "GT"),
]
# Invented charters: (days before today, number, kind, operator, route, seen boarding)
FLIGHTS = [
    (420, "DMO101", FlightKind.REMOVAL_CHARTER, "Demo Charter Air", ["KAEX", "HECA", "UUEE"], 31),
    (390, "DMO102", FlightKind.REMOVAL_CHARTER, "Demo Charter Air", ["KAEX", "HECA", "UUEE"], 27),
    (360, "DMO205", FlightKind.COMMERCIAL_ESCORT, "Demo Airlines", ["KIAH", "LTFM", "UUEE"], 4),
    (330, "DMO310", FlightKind.LATERAL, "Demo Charter Air", ["KAEX", "LTFM", "UTTT"], 18),
    (60, "DMO103", FlightKind.REMOVAL_CHARTER, "Demo Charter Air", ["KAEX", "HECA", "UUEE"], 35),
    (25, "DMO411", FlightKind.REMOVAL_CHARTER, "Demo Charter Air", ["KELP", "MGGT"], 112),
]
FIRST = ["Artem", "Boris", "Denis", "Egor", "Fedor", "Grigory", "Kirill", "Lev", "Mark", "Oleg"]
LAST = ["Antonov", "Bykov", "Chernov", "Dvorkin", "Efimov", "Galkin", "Ignatov", "Kozlov"]
OUTCOMES = [
    ArrivalOutcome.ARRESTED,
    ArrivalOutcome.ARRESTED,
    ArrivalOutcome.ARRESTED,
    ArrivalOutcome.QUESTIONED_RELEASED,
    ArrivalOutcome.CHARGED,
    ArrivalOutcome.UNKNOWN,
]


@dataclass
class FlightSeedReport:
    log_flights: int = 0
    charters_created: int = 0
    people_created: int = 0


def _airports() -> None:
    path = Path(settings.SHARED_DATA_DIR) / AIRPORTS_FILE
    if path.is_file():
        services.airports_load(
            airports=observations.parse_airports(path.read_bytes()), update_existing=False
        )
    for icao, iata, name, city, country in EXTRA_AIRPORTS:
        airport = Airport.objects.filter(icao=icao).first()
        if airport is None:
            services.airport_create(
                by=None, icao=icao, iata=iata, name=name, city=city, country=country
            )
        elif not airport.iata:
            # The reference list has no IATA codes; with them the demo's search finds more.
            services.airport_update(airport=airport, by=None, iata=iata, name=airport.name or name)


def _logs(report: FlightSeedReport) -> None:
    folder = Path(settings.SHARED_DATA_DIR) / LOGS
    for path in sorted(folder.glob("ICEAir*.csv")) if folder.is_dir() else []:
        result = import_observations(path.read_bytes(), filename=path.name, observed_at="KYKM")
        report.log_flights += result.created


def _charters(today: dt.date, monitor: User | None, report: FlightSeedReport) -> list[Flight]:
    flights = []
    for days, number, kind, operator, route, boarded in FLIGHTS:
        day = today - dt.timedelta(days=days)
        flight = Flight.objects.filter(date=day, flight_number=number).first()
        if flight is None:
            airports = [Airport.objects.get(icao=code) for code in route]
            flight = services.flight_create(
                by=monitor,
                legs=[
                    services.LegInput(a, b) for a, b in zip(airports, airports[1:], strict=False)
                ],
                date=day,
                flight_number=number,
                kind=kind,
                operator=operator,
                boarded=boarded,
                source=Source.OBSERVER,
                confidence=Confidence.LIKELY,
                notes="Invented demo flight.",
            )
            report.charters_created += 1
        flights.append(flight)
    return flights


def _people(today, flights, caseworker, monitor, report: FlightSeedReport) -> None:
    rng = random.Random(6)  # noqa: S311 (deterministic demo data, not security)
    for i in range(72):
        name = f"{FIRST[i % len(FIRST)]} {LAST[(i * 3) % len(LAST)]} {i + 1}"
        if AsylumSeeker.objects.filter(name_latin=name).exists():
            continue
        flight = flights[i % 5] if i % 9 else None  # a few removals without a known flight
        seeker = seeker_register(
            by=caseworker,
            name_latin=name,
            nationality="UZ" if flight and "UTTT" in flight.route else "RU",
            caseworkers=[caseworker] if caseworker else [],
            notes="Invented demo person.",
        )
        day = flight.date if flight else today - dt.timedelta(days=200 + i)
        removal = services.removal_record(
            seeker=seeker,
            by=caseworker,
            removal_date=day,
            today=today,
            flight=flight,
            destination_country=flight.destination_country if flight else "RU",
            route_summary="" if flight else "Commercial flight via Istanbul (demo)",
            outcome=rng.choice(OUTCOMES),
        )
        if i % 3 == 0:
            services.follow_up_add(
                removal=removal,
                by=monitor,
                date=min(day + dt.timedelta(days=20), today),
                status=rng.choice([FollowUpStatus.IN_CUSTODY, FollowUpStatus.CHARGED]),
                note="Family reached by phone (demo).",
            )
        report.people_created += 1


@transaction.atomic
def seed_flights(*, today: dt.date) -> FlightSeedReport:
    report = FlightSeedReport()
    caseworker = User.objects.filter(username="caseworker").first()
    monitor = User.objects.filter(username="monitor").first()
    _airports()
    _logs(report)
    flights = _charters(today, monitor, report)
    _people(today, flights, caseworker, monitor, report)
    return report
