"""Build the benchmark data set fast: bulk inserts, no per-row save(), no history rows.

Shape per asylum seeker (DESIGN.md / issue 8): ~5 hearings, 2 appeals, 3 detention stays
(two closed by transfers, one open for the detained), 20 contacts, 5 documents (metadata
only), their deadlines (4 each, one per source and rule: a mix of open, met and not
applicable), a removal on one of the flights for the removed; plus 10,000 flights with 2 legs
each, the 1,478 real facilities, and one audit-history row per record. One "showcase" seeker
gets 300 chronology events for the person-page and PDF measurements.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta

from django.db import connection, transaction

from cases import enums
from cases.deadline_services import next_file_by_rule
from cases.deadlines import RULES
from cases.identifiers import search_key
from cases.models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    Deadline,
    Document,
    Hearing,
    HomeCountryCharge,
)
from caseworks.enums import Role
from caseworks.models import User
from caseworks.services import user_create
from deportation.enums import ArrivalOutcome
from deportation.models import Airport, Flight, FlightLeg, Removal
from deportation.routes import route_of
from detention.models import DetentionStay, Facility

BATCH = 5000
FIRST = [
    "Pavel",
    "Ilya",
    "Svetlana",
    "Gleb",
    "Yulia",
    "Timur",
    "Nikita",
    "Oksana",
    "Roman",
    "Vera",
    "Anton",
    "Daria",
    "Maxim",
    "Elena",
    "Artem",
    "Olga",
    "Kirill",
    "Anna",
]
FIRST_CYR = [
    "Павел",
    "Илья",
    "Светлана",
    "Глеб",
    "Юлия",
    "Тимур",
    "Никита",
    "Оксана",
    "Роман",
    "Вера",
    "Антон",
    "Дарья",
    "Максим",
    "Елена",
    "Артём",
    "Ольга",
    "Кирилл",
    "Анна",
]
LAST = [
    "Orlov",
    "Belov",
    "Zaitsev",
    "Sorokin",
    "Karimov",
    "Gusev",
    "Melnik",
    "Tarasov",
    "Volkov",
    "Popov",
    "Smirnov",
    "Kozlov",
    "Novikov",
    "Morozov",
    "Petrov",
    "Sokolov",
]
LAST_CYR = [
    "Орлов",
    "Белов",
    "Зайцев",
    "Сорокин",
    "Каримов",
    "Гусев",
    "Мельник",
    "Тарасов",
    "Волков",
    "Попов",
    "Смирнов",
    "Козлов",
    "Новиков",
    "Морозов",
    "Петров",
    "Соколов",
]
SHOWCASE_REFERENCE = "CW-BENCH1"


def _bulk(model, rows):
    model.objects.bulk_create(rows, batch_size=BATCH)


def _users() -> dict[str, User]:
    users = {}
    for username, role in [
        ("bench-coordinator", Role.COORDINATOR),
        ("bench-caseworker", Role.CASEWORKER),
        ("bench-lawyer", Role.LAWYER),
        ("bench-monitor", Role.MONITOR),
    ]:
        users[username] = User.objects.filter(username=username).first() or user_create(
            username=username, role=role, password=None
        )
    return users


def seed(
    *, seekers: int = 50_000, flights: int = 10_000, today: date | None = None, log=print
) -> dict[str, float]:
    """Insert the data set; returns seconds per step."""
    today = today or date.today()
    rng = random.Random(20261123)  # noqa: S311 (benchmark data)
    timings: dict[str, float] = {}
    users = _users()
    lawyer, caseworker = users["bench-lawyer"], users["bench-caseworker"]

    def step(name):
        class _Timer:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                timings[name] = round(time.perf_counter() - self.start, 2)
                log(f"  seeded {name} in {timings[name]} s")

        return _Timer()

    facilities = list(Facility.objects.values_list("pk", flat=True))
    if not facilities:
        raise SystemExit("Import the facilities first (bench does this itself).")
    # A skewed distribution: a few facilities hold many people, like the real system.
    busy = facilities[:40]

    with step("seekers"), transaction.atomic():
        rows = []
        for i in range(seekers):
            f, l_ = rng.randrange(len(FIRST)), rng.randrange(len(LAST))
            name_latin = f"{FIRST[f]} {LAST[l_]}-{i}"
            name_original = f"{FIRST_CYR[f]} {LAST_CYR[l_]}"
            status = rng.choices(
                [
                    enums.CustodyStatus.DETAINED,
                    enums.CustodyStatus.RELEASED,
                    enums.CustodyStatus.REMOVED,
                    enums.CustodyStatus.UNKNOWN,
                ],
                weights=[60, 25, 10, 5],
            )[0]
            entry_date = today - timedelta(days=rng.randint(30, 900))
            rows.append(
                AsylumSeeker(
                    reference=f"CW-B{i:06d}" if i else SHOWCASE_REFERENCE,
                    pseudonym=f"P-B{i:06d}",
                    name_latin=name_latin,
                    name_original=name_original,
                    search_text=search_key(name_latin, name_original),
                    date_of_birth=date(1960 + i % 45, 1 + i % 12, 1 + i % 28),
                    nationality=rng.choice(["RU", "RU", "RU", "BY", "KZ", "UZ", "VE", "CN"]),
                    a_number=f"{100_000_000 + i:09d}",
                    entry_date=entry_date,
                    custody_status=status,
                    # The "stays" step below chains three stays from the entry date by
                    # transfers, the last one open for the detained: their detention began
                    # on arrival (what detention.services would store).
                    detained_since=entry_date if status == enums.CustodyStatus.DETAINED else None,
                )
            )
        _bulk(AsylumSeeker, rows)
    seeker_rows = list(
        AsylumSeeker.objects.filter(reference__startswith="CW-B").values_list(
            "pk", "entry_date", "custody_status"
        )
    )
    Through = AsylumSeeker.lawyers.through
    CwThrough = AsylumSeeker.caseworkers.through
    with step("assignments"), transaction.atomic():
        _bulk(
            Through,
            [
                Through(asylumseeker_id=pk, user_id=lawyer.pk)
                for pk, *_ in seeker_rows
                if pk % 3 == 0
            ],
        )
        _bulk(
            CwThrough,
            [CwThrough(asylumseeker_id=pk, user_id=caseworker.pk) for pk, *_ in seeker_rows],
        )

    with step("stays"), transaction.atomic():
        rows = []
        for pk, entry, status in seeker_rows:
            start = entry
            chosen = [rng.choice(busy if rng.random() < 0.7 else facilities) for _ in range(3)]
            for n, facility in enumerate(chosen):
                end = start + timedelta(days=rng.randint(10, 120))
                last = n == 2
                open_stay = last and status == enums.CustodyStatus.DETAINED
                rows.append(
                    DetentionStay(
                        seeker_id=pk,
                        facility_id=facility,
                        started_on=start,
                        ended_on=None if open_stay else min(end, today),
                        end_reason="" if open_stay else ("transferred" if not last else "released"),
                    )
                )
                start = min(end, today)
        _bulk(DetentionStay, rows)

    with step("hearings"), transaction.atomic():
        rows = []
        for pk, entry, _status in seeker_rows:
            for n in range(5):
                day = entry + timedelta(days=30 * (n + 1))
                decided = day < today and n == 4
                rows.append(
                    Hearing(
                        seeker_id=pk,
                        kind=enums.HearingKind.INDIVIDUAL if n == 4 else enums.HearingKind.MASTER,
                        court="Immigration Court",
                        date=day,
                        represented=pk % 3 == 0,
                        outcome=enums.HearingOutcome.DENIED_REMOVAL
                        if decided
                        else (
                            enums.HearingOutcome.CONTINUED
                            if day < today
                            else enums.HearingOutcome.PENDING
                        ),
                        decision_date=day if decided else None,
                        service_method=enums.ServiceMethod.ORAL if decided else "",
                    )
                )
        _bulk(Hearing, rows)
        # The merits hearing of each person: the source of their decision deadlines.
        merits = {h.seeker_id: h.pk for h in rows if h.kind == enums.HearingKind.INDIVIDUAL}

    with step("appeals"), transaction.atomic():
        rows = []
        for pk, entry, _status in seeker_rows:
            filed = entry + timedelta(days=170)
            rows.append(
                Appeal(
                    seeker_id=pk,
                    kind=enums.AppealKind.BIA_APPEAL,
                    filed_on=filed,
                    court="Board of Immigration Appeals",
                )
            )
            rows.append(
                Appeal(
                    seeker_id=pk,
                    kind=enums.AppealKind.MOTION_REOPEN,
                    filed_on=filed + timedelta(days=40),
                    court="Board of Immigration Appeals",
                )
            )
        _bulk(Appeal, rows)

    with step("contacts"), transaction.atomic():
        outcomes = enums.ContactOutcome.values
        rows = []
        now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
        for pk, _entry, _status in seeker_rows:
            for n in range(20):
                rows.append(
                    ContactLog(
                        seeker_id=pk,
                        by_id=caseworker.pk,
                        party=enums.ContactParty.CLIENT,
                        channel=enums.ContactChannel.CALL,
                        outcome=rng.choice(outcomes),
                        occurred_at=now
                        - timedelta(days=n * 7 + rng.randint(0, 6), hours=rng.randint(0, 12)),
                    )
                )
            if len(rows) >= 100_000:
                _bulk(ContactLog, rows)
                rows = []
        _bulk(ContactLog, rows)

    with step("documents"), transaction.atomic():
        rows = []
        for pk, _entry, _status in seeker_rows:
            for n in range(5):
                rows.append(
                    Document(
                        seeker_id=pk,
                        file=f"documents/{pk}/bench{n}",
                        original_name=f"evidence-{n}.pdf",
                        content_type="application/pdf",
                        size=100_000,
                        title=f"Evidence {n}",
                        kind=enums.DocumentKind.OTHER,
                        language="Russian",
                        translation_status=enums.TranslationStatus.NEEDED,
                    )
                )
        _bulk(Document, rows)

    with step("deadlines"), transaction.atomic():
        # Four per person, each from its own source and rule, as cases.deadline_services
        # materializes them (one computed deadline per source and rule): three from the merits
        # decision, the one-year asylum deadline from the arrival. Two open, one met, one not
        # applicable: 100,000 open deadlines for 50,000 people.
        rows = []
        kinds = [
            ("bia_appeal", True, enums.DeadlineStatus.OPEN),
            ("motion_reconsider", True, enums.DeadlineStatus.OPEN),
            ("motion_reopen", True, enums.DeadlineStatus.MET),
            ("asylum_one_year", False, enums.DeadlineStatus.NOT_APPLICABLE),
        ]
        for pk, _entry, _status in seeker_rows:
            for rule, from_decision, status in kinds:
                due = today + timedelta(days=rng.randint(-20, 60))
                rows.append(
                    Deadline(
                        seeker_id=pk,
                        hearing_id=merits[pk] if from_decision else None,
                        rule=rule,
                        title=str(RULES[rule].label),
                        trigger_date=due - timedelta(days=30),
                        due_date=due,
                        file_by=due - timedelta(days=(due.weekday() == 0) * 3),
                        status=status,
                    )
                )
        _bulk(Deadline, rows)
        # The derived column the services keep (cases.deadline_services), by the same rule:
        # one UPDATE, as bulk inserts bypass them.
        AsylumSeeker.objects.update(next_file_by=next_file_by_rule())

    _showcase(today, rng, caseworker, facilities)

    with step("flights"), transaction.atomic():
        airports = _airports()  # id -> country
        rows, stops = [], []
        for n in range(flights):
            a, b, c = rng.sample(list(airports), 3)
            # The derived route fields deportation.services stores from the legs.
            route = route_of([(airports[a], airports[b]), (airports[b], airports[c])])
            stops.append((a, b, c))
            rows.append(
                Flight(
                    date=today - timedelta(days=rng.randint(0, 1500)),
                    flight_number=f"RPN{rng.randint(100, 999)}",
                    tail_number=f"N{rng.randint(100, 999)}AU",
                    operator=rng.choice(["GlobalX", "Avelo", "Eastern", "World Atlantic"]),
                    owner="Charter LLC",
                    kind=rng.choice(["removal_charter", "domestic_shuffle", "lateral"]),
                    boarded=rng.randint(0, 135),
                    deplaned=rng.randint(0, 135),
                    source="observer",
                    import_key=f"bench-{n}",
                    origin_country=route.origin_country,
                    destination_country=route.destination_country,
                    route=route.text,
                    transit_countries=",".join(route.transit_countries),
                )
            )
        _bulk(Flight, rows)  # PostgreSQL gives bulk_create the new ids
        legs = []
        for flight, (a, b, c) in zip(rows, stops, strict=True):
            legs.append(FlightLeg(flight_id=flight.pk, order=1, origin_id=a, destination_id=b))
            legs.append(FlightLeg(flight_id=flight.pk, order=2, origin_id=b, destination_id=c))
        _bulk(FlightLeg, legs)

    with step("removals"), transaction.atomic():
        # Everyone whose custody says removed left on one of the flights, under their final
        # order (the merits decision): what the deportation dashboard counts.
        removals = []
        for pk, _entry, status in seeker_rows:
            if status != enums.CustodyStatus.REMOVED:
                continue
            flight = rng.choice(rows)
            removals.append(
                Removal(
                    seeker_id=pk,
                    final_order_id=merits[pk],
                    flight_id=flight.pk,
                    removal_date=flight.date,
                    destination_country=flight.destination_country,
                    route_summary=flight.route,
                    outcome=rng.choice(ArrivalOutcome.values),
                )
            )
        _bulk(Removal, removals)

    with step("history"):
        seed_history(users)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM sets the visibility map a long-running database has, so counts can be
            # index-only scans; ANALYZE gives the planner the statistics.
            cursor.execute("VACUUM ANALYZE")
    return timings


def seed_history(users: dict[str, User] | None = None) -> list[str]:
    """One "created" audit row per record, as the services write them (django-simple-history).

    A real database has an audit row for every record it holds; without them the dashboard's
    "recent changes" reads empty tables and measures nothing. Authors are spread over the
    bench users (the caseworker's own changes are the ones the dashboard leaves out), dates
    over the last 900 days, newest for the highest ids. One INSERT ... SELECT per table.
    """
    from cases.history import history_models

    users = users or _users()
    authors = [users[name].pk for name in ("bench-caseworker", "bench-lawyer")]
    coordinator = users["bench-coordinator"].pk
    filled = []
    with transaction.atomic(), connection.cursor() as cursor:
        for model in history_models():
            history = model.history.model
            if history.objects.exists() or not model.objects.exists():
                continue
            filled.append(history._meta.db_table)
            columns = [
                f.column
                for f in history._meta.concrete_fields
                if not f.column.startswith("history_")
            ]
            names = ", ".join(f'"{c}"' for c in columns)
            table = model._meta.db_table
            # Names come from our own models, values are parameters.
            cursor.execute(
                f'INSERT INTO "{history._meta.db_table}" ({names}, history_date, history_type, '  # noqa: S608
                "history_user_id, history_change_reason) "
                f"SELECT {names}, %s - (span.top - id) * interval '900 days' / span.n, '+', "
                "CASE id %% 4 WHEN 0 THEN %s WHEN 1 THEN %s ELSE %s END, NULL "
                f'FROM "{table}", (SELECT max(id) AS top, greatest(count(*), 1) AS n '
                f'FROM "{table}") AS span ORDER BY id',
                [datetime.now(UTC), *authors, coordinator],
            )
    if filled and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in filled:
                cursor.execute(f'VACUUM ANALYZE "{table}"')
    return filled


def _airports() -> dict[int, str]:
    codes = [
        ("KIWA", "US"),
        ("KELP", "US"),
        ("KAEX", "US"),
        ("KBRO", "US"),
        ("MGGT", "GT"),
        ("MHTG", "HN"),
        ("HECA", "EG"),
        ("UUEE", "RU"),
        ("LTFM", "TR"),
        ("MSLP", "SV"),
    ]
    for icao, country in codes:
        Airport.objects.get_or_create(icao=icao, defaults={"country": country})
    return dict(Airport.objects.filter(icao__in=[c for c, _ in codes]).values_list("pk", "country"))


def _showcase(today, rng, caseworker, facilities) -> None:
    """The 300-event person: measured by the person page and the case-file PDF."""
    seeker = AsylumSeeker.objects.get(reference=SHOWCASE_REFERENCE)
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC)
    ContactLog.objects.bulk_create(
        [
            ContactLog(
                seeker=seeker,
                by=caseworker,
                party="client",
                channel="call",
                outcome=rng.choice(enums.ContactOutcome.values),
                occurred_at=now - timedelta(days=n, hours=3),
            )
            for n in range(220)
        ]
    )
    Document.objects.bulk_create(
        [
            Document(
                seeker=seeker,
                file=f"documents/{seeker.pk}/show{n}",
                original_name=f"doc-{n}.pdf",
                title=f"Exhibit {n}",
                kind="other",
                language="Russian",
            )
            for n in range(45)
        ]
    )
    HomeCountryCharge.objects.bulk_create(
        [
            HomeCountryCharge(
                seeker=seeker,
                country="RU",
                statute_text="RU CC 205.2",
                learned_on=today - timedelta(days=n * 10),
            )
            for n in range(5)
        ]
    )
