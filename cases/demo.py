"""Invented demo data, modelled on the reference story of DESIGN.md section 1.

Every person here is made up. Seeding goes through the same services as the screens, so
the demo shows what a real case looks like, deadlines included. Idempotent: a person who
already exists (same Latin name and date of birth) is left alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from caseworks.enums import Role
from caseworks.models import User
from caseworks.services import user_create, user_set_role
from detention.models import Facility
from detention.services import stay_start, stay_transfer

from . import enums, services
from .models import AsylumSeeker, Statute

DEMO_PASSWORD = "caseworks-demo"  # noqa: S105 (printed by `make run`; demo data only)
DEMO_USERS = [
    ("coordinator", Role.COORDINATOR, "Maria", "Coordinator"),
    ("caseworker", Role.CASEWORKER, "Katya", "Caseworker"),
    ("lawyer", Role.LAWYER, "Daniel", "Lawyer"),
    ("monitor", Role.MONITOR, "Irina", "Monitor"),
]

# Used when the ICE list is not at hand (a fresh clone without ../shared).
FALLBACK_FACILITIES = [
    ("IRADFCA", "IMPERIAL REGIONAL DETENTION FACILITY", "CALEXICO", "CA", 9, "SND"),
    ("SLRDCAZ", "SAN LUIS REGIONAL DETENTION CENTER", "SAN LUIS", "AZ", 9, "PHO"),
    ("OTAYMCA", "OTAY MESA DETENTION CENTER", "SAN DIEGO", "CA", 9, "SND"),
    ("ELZDCNJ", "ELIZABETH CONTRACT DETENTION FACILITY", "ELIZABETH", "NJ", 3, "NEW"),
    ("JENADLA", "CENTRAL LOUISIANA ICE PROCESSING CENTER", "JENA", "LA", 5, "NOL"),
    ("CSCNWWA", "NORTHWEST ICE PROCESSING CENTER", "TACOMA", "WA", 9, "SEA"),
]

FIRST = [
    ("Arseny", "Арсений"),
    ("Ilya", "Илья"),
    ("Svetlana", "Светлана"),
    ("Gleb", "Глеб"),
    ("Yulia", "Юлия"),
    ("Timur", "Тимур"),
    ("Nikita", "Никита"),
    ("Oksana", "Оксана"),
    ("Roman", "Роман"),
    ("Vera", "Вера"),
    ("Anton", "Антон"),
    ("Daria", "Дарья"),
]
LAST = [
    ("Belov", "Белов"),
    ("Zaitsev", "Зайцев"),
    ("Kuznetsova", "Кузнецова"),
    ("Sorokin", "Сорокин"),
    ("Lebedeva", "Лебедева"),
    ("Karimov", "Каримов"),
    ("Gusev", "Гусев"),
    ("Melnik", "Мельник"),
    ("Tarasov", "Тарасов"),
    ("Frolova", "Фролова"),
]


@dataclass
class SeedReport:
    users_created: int = 0
    people_created: int = 0
    people_existing: int = 0


def _ensure_users(report: SeedReport) -> dict[str, User]:
    users = {}
    for username, role, first, last in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username,
                role=role,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@caseworks.invalid",
            )
            report.users_created += 1
        else:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user_set_role(user=user, role=role)
        users[username] = user
    return users


def _ensure_facilities() -> dict[str, Facility]:
    if not Facility.objects.filter(code="IRADFCA").exists():
        path = settings.SHARED_DATA_DIR / "ice-facilities-2017.csv.gz"
        if path.exists():
            from detention.importers import import_facilities

            import_facilities(path)
        else:
            for code, name, city, state, circuit, aor in FALLBACK_FACILITIES:
                Facility.objects.get_or_create(
                    code=code,
                    defaults={
                        "name": name,
                        "city": city,
                        "state": state,
                        "circuit": circuit,
                        "aor": aor,
                    },
                )
    return {
        f.code: f for f in Facility.objects.filter(code__in=[f[0] for f in FALLBACK_FACILITIES])
    }


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _reference_story(today: date, users: dict[str, User], facilities: dict[str, Facility]) -> None:
    """Pavel Orlov: detained at Calexico, denied pro se, transferred, charged at home."""
    caseworker, lawyer = users["caseworker"], users["lawyer"]
    entry = today - timedelta(days=200)
    seeker = services.seeker_register(
        by=caseworker,
        name_latin="Pavel Orlov",
        name_original="Павел Орлов",
        aliases="Pavel Orloff\nP. Orlov",
        date_of_birth=date(1991, 3, 14),
        nationality="RU",
        home_region="Sverdlovsk Oblast",
        home_city="Yekaterinburg",
        languages="Russian, English (basic)",
        a_number="A-201-555-014",
        entry_date=entry,
        entry_place="Calexico port of entry",
        entry_method=enums.EntryMethod.CBP_ONE,
        caseworkers=[caseworker],
        lawyers=[lawyer],
        notes="Volunteer for an opposition campaign; invented demo person.",
    )
    services.contact_person_add(
        seeker=seeker,
        by=caseworker,
        name="Olga Orlova",
        relationship=enums.Relationship.SPOUSE,
        phone="+995 555 000 111",
    )
    stay_start(seeker=seeker, facility=facilities["IRADFCA"], started_on=entry, by=caseworker)
    hearing = services.hearing_schedule(
        seeker=seeker,
        by=caseworker,
        kind=enums.HearingKind.INDIVIDUAL,
        court="Imperial Immigration Court",
        judge="IJ (demo)",
        date=today - timedelta(days=25),
        time=time(9, 0),
        interpreter_language="Russian",
        represented=False,
    )
    services.hearing_record_decision(
        hearing=hearing,
        by=caseworker,
        outcome=enums.HearingOutcome.DENIED_REMOVAL,
        decision_date=today - timedelta(days=25),
        service_method=enums.ServiceMethod.ORAL,
        credibility=enums.Credibility.CREDIBLE,
    )
    stay_transfer(
        seeker=seeker,
        facility=facilities["SLRDCAZ"],
        on=today - timedelta(days=12),
        reason="Bed space",
        notice_given=False,
        by=caseworker,
    )
    services.charge_add(
        seeker=seeker,
        by=caseworker,
        country="RU",
        statute=Statute.objects.get(code="RU CC 205.2"),
        description="Criminal case for social-media posts ('justifying terrorism').",
        opened_on=today - timedelta(days=40),
        learned_on=today - timedelta(days=6),
        learned_from="Mother, by messenger",
        status=enums.ChargeStatus.OPENED,
    )
    for days_ago, outcome in [
        (9, enums.ContactOutcome.REACHED),
        (4, enums.ContactOutcome.NO_ANSWER),
        (2, enums.ContactOutcome.REFUSED),
    ]:
        services.contact_log(
            seeker=seeker,
            by=caseworker,
            party=enums.ContactParty.CLIENT,
            channel=enums.ContactChannel.CALL,
            occurred_at=_at(today - timedelta(days=days_ago), 11),
            outcome=outcome,
        )


def _varied_case(
    i: int, rng: random.Random, today: date, users: dict[str, User], facilities: dict[str, Facility]
) -> None:
    first, first_cyr = FIRST[i % len(FIRST)]
    last, last_cyr = LAST[(i * 7) % len(LAST)]
    caseworker = users["caseworker"]
    entry = today - timedelta(days=rng.randint(20, 500))
    status = rng.choice(
        [enums.CustodyStatus.DETAINED] * 4
        + [enums.CustodyStatus.RELEASED, enums.CustodyStatus.UNKNOWN]
    )
    seeker = services.seeker_register(
        by=caseworker,
        name_latin=f"{first} {last}",
        name_original=f"{first_cyr} {last_cyr}",
        date_of_birth=date(1970 + i, 1 + i % 12, 1 + i),
        nationality=rng.choice(["RU", "RU", "BY", "KZ", "UZ"]),
        a_number=f"{rng.randint(10_000_000, 299_999_999):09d}" if i % 4 else None,
        entry_date=entry,
        # Most have filed for asylum in time; a few have not, and the one-year deadline shows.
        asylum_application_filed_on=(
            min(entry + timedelta(days=rng.randint(20, 200)), today) if i % 5 else None
        ),
        entry_method=rng.choice(enums.EntryMethod.values),
        custody_status=status,
        caseworkers=[caseworker],
        lawyers=[users["lawyer"]] if i % 3 == 0 else [],
    )
    codes = list(facilities)
    if status == enums.CustodyStatus.DETAINED:
        stay_start(
            seeker=seeker,
            facility=facilities[codes[i % len(codes)]],
            started_on=entry,
            by=caseworker,
        )
    services.hearing_schedule(
        seeker=seeker,
        by=caseworker,
        kind=rng.choice([enums.HearingKind.MASTER, enums.HearingKind.INDIVIDUAL]),
        court="Immigration Court (demo)",
        date=today + timedelta(days=rng.randint(1, 40)),
        time=time(8 + i % 6, 30),
        interpreter_language="Russian",
        represented=i % 3 == 0,
    )
    services.contact_log(
        seeker=seeker,
        by=caseworker,
        party=enums.ContactParty.CLIENT,
        channel=enums.ContactChannel.CALL,
        occurred_at=_at(today - timedelta(days=rng.randint(1, 30)), 10),
        outcome=rng.choice(enums.ContactOutcome.values),
    )


@transaction.atomic
def seed_demo(*, today: date | None = None, people: int = 20) -> SeedReport:
    today = today or timezone.localdate()
    report = SeedReport()
    users = _ensure_users(report)
    facilities = _ensure_facilities()
    cases = [("Pavel Orlov", lambda: _reference_story(today, users, facilities))]
    for i in range(people):
        name = f"{FIRST[i % len(FIRST)][0]} {LAST[(i * 7) % len(LAST)][0]}"
        rng = random.Random(i)  # noqa: S311 (deterministic demo data, not security)
        cases.append((name, lambda i=i, rng=rng: _varied_case(i, rng, today, users, facilities)))
    for name, build in cases:
        if AsylumSeeker.objects.filter(name_latin=name).exists():
            report.people_existing += 1
            continue
        build()
        report.people_created += 1
    return report
