"""factory_boy factories: plain defaults, no surprises. Case rows are built through services
where a service exists, so tests exercise the same path as the screens."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, time, timedelta

import factory
from django.utils import timezone

from cases import enums, services
from cases.deadline_services import refresh_next_file_by
from cases.models import (
    AsylumSeeker,
    CaseFile,
    ContactLog,
    Deadline,
    Document,
    Hearing,
    PrivilegedNote,
    Statute,
)
from caseworks.enums import Role
from caseworks.models import User
from caseworks.services import user_set_role
from detention.models import Facility


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.CASEWORKER
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def apply_role(obj, create, extracted, **kwargs):
        if create:
            user_set_role(user=obj, role=obj.role)


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"FAC{n:04d}")
    name = factory.Sequence(lambda n: f"Test Detention Center {n}")
    city = "Calexico"
    state = "CA"
    circuit = 9
    aor = "SND"


class AsylumSeekerFactory(factory.Factory):
    """Registers through `seeker_register`, like the registration form does."""

    class Meta:
        model = AsylumSeeker

    name_latin = factory.Sequence(lambda n: f"Test Person {n}")
    name_original = ""
    date_of_birth = date(1990, 1, 1)
    nationality = "RU"
    custody_status = enums.CustodyStatus.DETAINED
    caseworkers = ()
    lawyers = ()
    a_number = None

    @classmethod
    def _create(cls, model_class, **kwargs):
        return services.seeker_register(by=None, **kwargs)

    _build = _create


class HearingFactory(factory.Factory):
    class Meta:
        model = Hearing

    seeker = factory.SubFactory(AsylumSeekerFactory)
    kind = enums.HearingKind.MASTER
    court = "Imperial Immigration Court"
    date = factory.LazyFunction(timezone.localdate)
    time = time(9, 0)

    @classmethod
    def _create(cls, model_class, seeker, **kwargs):
        return services.hearing_schedule(seeker=seeker, by=None, **kwargs)

    _build = _create


class DocumentFactory(factory.django.DjangoModelFactory):
    """Evidence rows (uploads have no service yet): a tiny file, included in the case file."""

    class Meta:
        model = Document

    seeker = factory.SubFactory(AsylumSeekerFactory)
    file = factory.django.FileField(filename="upload.pdf", data=b"%PDF-1.4 test")
    original_name = "upload.pdf"
    title = factory.Sequence(lambda n: f"Exhibit {n}")
    kind = enums.DocumentKind.OTHER
    language = "English"
    document_date = date(2025, 1, 15)


class DeadlineFactory(factory.django.DjangoModelFactory):
    """A deadline row as the deadlines service stores it (rule, dates, status copied on)."""

    class Meta:
        model = Deadline

    seeker = factory.SubFactory(AsylumSeekerFactory)
    rule = ""  # manual: computed deadlines are unique per source and rule
    title = "Notice of Appeal to the BIA"
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    file_by = factory.LazyAttribute(lambda d: d.due_date)
    status = enums.DeadlineStatus.OPEN

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Saved directly, so the person's derived next_file_by is refreshed as the services do.
        deadline = super()._create(model_class, *args, **kwargs)
        refresh_next_file_by([deadline.seeker_id])
        return deadline


class ContactLogFactory(factory.Factory):
    class Meta:
        model = ContactLog

    seeker = factory.SubFactory(AsylumSeekerFactory)
    party = enums.ContactParty.CLIENT
    channel = enums.ContactChannel.CALL
    occurred_at = factory.LazyFunction(timezone.now)
    outcome = enums.ContactOutcome.REACHED
    by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, seeker, by, **kwargs):
        return services.contact_log(seeker=seeker, by=by, **kwargs)

    _build = _create


# Deportation (issue 6): rows made through deportation.services, like the screens make them.
class AirportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "deportation.Airport"
        django_get_or_create = ("icao",)

    icao = factory.Sequence(lambda n: f"Z{n:03d}")
    city = factory.Sequence(lambda n: f"City {n}")
    country = "US"


class FlightFactory(factory.Factory):
    """`legs` is a list of (origin, destination) Airports, in flight order."""

    class Meta:
        model = "deportation.Flight"

    date = date(2025, 3, 4)
    flight_number = factory.Sequence(lambda n: f"TST{n:04d}")
    operator = "Test Air"
    kind = "removal_charter"
    source = "observer"
    legs = ()

    @classmethod
    def _create(cls, model_class, legs=(), **kwargs):
        from deportation.services import LegInput, flight_create

        return flight_create(by=None, legs=[LegInput(o, d) for o, d in legs], **kwargs)

    _build = _create


def detain(seeker, facility=None, *, on=None, by=None):
    """Open a detention stay through the service, as the "record detention" form does."""
    from detention.services import stay_start

    return stay_start(
        seeker=seeker,
        facility=facility or FacilityFactory(),
        started_on=on or timezone.localdate(),
        by=by,
    )


def denied_hearing(seeker, *, by=None, on=date(2025, 7, 1), judge="Jane Roe") -> Hearing:
    """An individual hearing on `on`, asylum denied and removal ordered orally that day, through
    the services: its deadlines are the BIA appeal and the motions to reconsider and reopen."""
    hearing = services.hearing_schedule(
        seeker=seeker, by=by, kind=enums.HearingKind.INDIVIDUAL, date=on, judge=judge
    )
    return services.hearing_record_decision(
        hearing=hearing,
        by=by,
        outcome=enums.HearingOutcome.DENIED_REMOVAL,
        decision_date=on,
        service_method=enums.ServiceMethod.ORAL,
    )


def bia_appeal(hearing, *, filed_on, by=None):
    """A BIA appeal of `hearing`'s decision filed on `filed_on` (`services.appeal_file`)."""
    return services.appeal_file(
        seeker=hearing.seeker,
        by=by,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=hearing,
        filed_on=filed_on,
    )


class PrivilegedNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivilegedNote

    seeker = factory.SubFactory(AsylumSeekerFactory)
    text = "Privileged test note."


class CaseFileFactory(factory.django.DjangoModelFactory):
    """A case-file row. `ready=True` stores a small stand-in PDF without rendering one (for
    list and download tests); rendering itself is tested through the services."""

    class Meta:
        model = CaseFile
        skip_postgeneration_save = True

    seeker = factory.SubFactory(AsylumSeekerFactory)
    edition = enums.CaseFileEdition.FULL
    status = enums.CaseFileStatus.QUEUED

    class Params:
        ready = factory.Trait(
            status=enums.CaseFileStatus.READY,
            file=factory.django.FileField(filename="casefile.pdf", data=b"%PDF-1.7 stand-in"),
            page_count=1,
            size=17,
            sha256=hashlib.sha256(b"%PDF-1.7 stand-in").hexdigest(),
        )


def statute(code: str) -> Statute:
    """A statute of the reference list (cases/migrations/0003_statutes.py). Recreated when a
    transactional test (which flushes tables, migration data included) ran before."""
    import importlib

    migration = importlib.import_module("cases.migrations.0003_statutes")
    country, _code, title, penalty = next(row for row in migration.STATUTES if row[1] == code)
    return Statute.objects.get_or_create(
        code=code, defaults={"country": country, "title": title, "max_penalty": penalty}
    )[0]


# The reference story of DESIGN.md section 1 as test data; every identifying value is a
# module constant so redaction tests assert on the real strings.
ORLOV = {
    "name_latin": "Pavel Orlov",
    "name_original": "Павел Орлов",
    "aliases": "Pavel Orloff",
    "a_number": "201555014",
    "date_of_birth": date(1991, 3, 14),
    "home_city": "Yekaterinburg",
    "home_region": "Sverdlovsk Oblast",
    "notes": "Case note: volunteer for an opposition campaign.",
}
ORLOV_CONTACT = {
    "name": "Olga Orlova",
    "phone": "+995 555 000 111",
    "email": "olga.orlova@example.org",
    "address": "12 Rustaveli Avenue, Tbilisi",
}
ORLOV_PRIVILEGED_NOTE = "Privileged: client fears the transit stop in Istanbul."


def reference_case(*, caseworker: User, lawyer: User) -> AsylumSeeker:
    """Pavel Orlov (invented): detained, denied pro se, transferred, charged at home.

    Dated 2025: entry Jan 6, Calexico; merits hearing and oral denial Apr 29; BIA appeal filed
    May 20; transfer to San Luis Jun 2; charge opened Jun 9, learned Jun 24 and in no record.
    """
    from detention.services import stay_start, stay_transfer

    seeker = services.seeker_register(
        by=caseworker,
        caseworkers=[caseworker],
        lawyers=[lawyer],
        nationality="RU",
        languages="Russian",
        entry_date=date(2025, 1, 6),
        entry_place="Calexico port of entry",
        entry_method=enums.EntryMethod.CBP_ONE,
        asylum_application_filed_on=date(2025, 2, 20),  # I-589 filed in detention
        **ORLOV,
    )
    services.contact_person_add(
        seeker=seeker, by=caseworker, relationship=enums.Relationship.SPOUSE, **ORLOV_CONTACT
    )
    calexico = FacilityFactory(code="IRADFCA", name="Imperial Regional Detention Facility")
    san_luis = FacilityFactory(
        code="SLRDCAZ", name="San Luis Regional Detention Center", city="San Luis", state="AZ"
    )
    stay_start(seeker=seeker, facility=calexico, started_on=date(2025, 1, 6), by=caseworker)
    hearing = services.hearing_schedule(
        seeker=seeker,
        by=caseworker,
        kind=enums.HearingKind.INDIVIDUAL,
        court="Imperial Immigration Court",
        judge="IJ Example",
        date=date(2025, 4, 29),
        time=time(9, 0),
        interpreter_language="Russian",
        represented=False,
        notes="Hearing note: client testified for three hours.",
    )
    services.hearing_record_decision(
        hearing=hearing,
        by=caseworker,
        outcome=enums.HearingOutcome.DENIED_REMOVAL,
        decision_date=date(2025, 4, 29),
        service_method=enums.ServiceMethod.ORAL,
        credibility=enums.Credibility.CREDIBLE,
    )
    services.appeal_file(
        seeker=seeker,
        by=caseworker,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=hearing,
        filed_on=date(2025, 5, 20),
        court="Board of Immigration Appeals",
    )
    stay_transfer(
        seeker=seeker,
        facility=san_luis,
        on=date(2025, 6, 2),
        reason="Bed space",
        notice_given=False,
        by=caseworker,
    )
    services.charge_add(
        seeker=seeker,
        by=caseworker,
        country="RU",
        statute=statute("RU CC 205.2"),
        description="Criminal case for social-media posts.",
        opened_on=date(2025, 6, 9),
        learned_on=date(2025, 6, 24),
        learned_from="Mother, by messenger",
    )
    services.contact_log(
        seeker=seeker,
        by=caseworker,
        party=enums.ContactParty.CLIENT,
        channel=enums.ContactChannel.CALL,
        occurred_at=timezone.make_aware(datetime(2025, 6, 25, 11, 0)),
        outcome=enums.ContactOutcome.REACHED,
        notes="Contact note: he asked us to call Olga.",
    )
    DocumentFactory(
        seeker=seeker,
        title="Повестка Павла Орлова (summons)",
        kind=enums.DocumentKind.CHARGE,
        language="Russian",
        document_date=date(2025, 6, 20),
        translation_status=enums.TranslationStatus.NEEDED,
    )
    DeadlineFactory(
        seeker=seeker,
        rule="",  # a manual deadline: its title may name the person
        title="BIA brief for Pavel",
        due_date=date(2025, 7, 14),
        file_by=date(2025, 7, 14),
    )
    PrivilegedNoteFactory(seeker=seeker, author=lawyer, text=ORLOV_PRIVILEGED_NOTE)
    return seeker


def noon(day: date) -> datetime:
    """Midday of `day` in the organization's zone (America/Los_Angeles), as aware UTC: pin time
    here (time_machine.travel(noon(day))) so that timezone.localdate() is `day`."""
    return datetime(day.year, day.month, day.day, 19, 0, tzinfo=UTC)


class RemovalFactory(factory.Factory):
    class Meta:
        model = "deportation.Removal"

    seeker = factory.SubFactory(AsylumSeekerFactory)
    removal_date = date(2025, 3, 4)
    destination_country = "RU"

    @classmethod
    def _create(cls, model_class, seeker, removal_date, **kwargs):
        from deportation.services import removal_record

        return removal_record(
            seeker=seeker, by=None, removal_date=removal_date, today=date(2030, 1, 1), **kwargs
        )

    _build = _create
