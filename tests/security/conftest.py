"""The World of the access matrix: one case (with a privileged note, a ready data export,
a removal on a flight) and one user per role, built through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest

from cases import enums
from cases.models import Alert, AsylumSeeker, CalendarFeed, ClosureDay, PrivilegedNote
from cases.privacy import data_export_build, data_export_request, privileged_note_add
from caseworks.models import DataExport, User
from caseworks.services import record_save
from deportation.enums import ArrivalOutcome, Source
from deportation.models import Flight, Removal
from detention.models import Facility
from tests.factories import AsylumSeekerFactory, CaseFileFactory, DeadlineFactory, FacilityFactory
from tests.security import access_table as t

# Identifying data of the World's person; the privacy tests assert it never leaks.
NAME_LATIN = "Arkady Zvyagintsev-Test"
NAME_ORIGINAL = "Аркадий Звягинцев"
A_NUMBER = "201555099"
A_NUMBER_DISPLAY = "A-201-555-099"
NOTE_TEXT = "Client says the FSB summons arrived on 3 March"
SECRETS = (NAME_LATIN, NAME_ORIGINAL, A_NUMBER, A_NUMBER_DISPLAY, NOTE_TEXT)


def removal_on_flight(seeker: AsylumSeeker, *, by: User, notes: str = "") -> Removal:
    """Removed on 4 March 2025 on flight CWX123 and arrested on arrival (no service yet:
    the flights branch builds deportation.services)."""
    flight = record_save(
        Flight(date=date(2025, 3, 4), flight_number="CWX123", source=Source.OBSERVER), by=by
    )
    removal = Removal(
        seeker=seeker,
        flight=flight,
        removal_date=date(2025, 3, 4),
        destination_country="RU",
        outcome=ArrivalOutcome.ARRESTED,
        notes=notes,
    )
    return record_save(removal, by=by)


def case_records(seeker: AsylumSeeker, *, by: User) -> dict[str, object]:
    """One of each record of a case, through the services, for the record URLs of the matrix."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases import services
    from deportation.import_runs import flight_import_start
    from detention.services import stay_start

    hearing = services.hearing_schedule(
        seeker=seeker, by=by, kind=enums.HearingKind.MASTER, date=date(2025, 2, 1)
    )
    return {
        "hearing": hearing,
        "appeal": services.appeal_file(seeker=seeker, by=by, kind=enums.AppealKind.BIA_APPEAL),
        "charge": services.charge_add(
            seeker=seeker, by=by, country="RU", learned_on=date(2025, 1, 5)
        ),
        "contact": services.contact_log(
            seeker=seeker,
            by=by,
            party="client",
            channel="call",
            outcome="reached",
            occurred_at=datetime(2025, 1, 6, 10, tzinfo=UTC),
        ),
        "contact_person": services.contact_person_add(
            seeker=seeker, by=by, name="Family Member-Test", relationship="parent"
        ),
        "document": services.document_upload(
            seeker=seeker,
            by=by,
            title="Summons",
            kind=enums.DocumentKind.CHARGE,
            file=SimpleUploadedFile("summons.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
        ),
        "casefile": CaseFileFactory(seeker=seeker, requested_by=by, ready=True),
        "deadline": DeadlineFactory(seeker=seeker, title="Manual deadline"),
        "alert": Alert.objects.create(
            kind=enums.AlertKind.CONTACT_GAP,
            subject=f"seeker:{seeker.pk}",
            recipient=by,
            seeker=seeker,
        ),
        "closure_day": ClosureDay.objects.create(date=date(2025, 1, 9), reason="Weather"),
        "calendar_feed": CalendarFeed.objects.create(user=by),
        "flight_import": flight_import_start(
            upload=SimpleUploadedFile("yakima.csv", b"Date,Flight number\n"),
            observed_at="KYKM",
            export_date=None,
            dry_run=True,
            by=by,
        ),
        "stay": stay_start(
            seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 1, 2), by=by
        ),
    }


@dataclass
class World:
    users: dict[str, User | None]
    seeker: AsylumSeeker
    note: PrivilegedNote
    export: DataExport
    flight: Flight
    removal: Removal
    facility: Facility
    records: dict[str, object]


@pytest.fixture
def world(
    coordinator, caseworker, lawyer, other_lawyer, monitor, django_capture_on_commit_callbacks
):
    seeker = AsylumSeekerFactory(
        name_latin=NAME_LATIN,
        name_original=NAME_ORIGINAL,
        a_number=A_NUMBER,
        custody_status=enums.CustodyStatus.REMOVED,
        caseworkers=[caseworker],
        lawyers=[lawyer],
    )
    note = privileged_note_add(seeker=seeker, by=lawyer, text=NOTE_TEXT)
    with django_capture_on_commit_callbacks(execute=True):
        export = data_export_request(seeker=seeker, by=coordinator)
    data_export_build(export_id=export.pk)  # no-op when the on-commit task already built it
    export.refresh_from_db()
    removal = removal_on_flight(seeker, by=caseworker)
    flight = removal.flight
    return World(
        users={
            t.ANON: None,
            t.COORDINATOR: coordinator,
            t.CASEWORKER: caseworker,
            t.LAWYER: lawyer,
            t.OTHER_LAWYER: other_lawyer,
            t.MONITOR: monitor,
        },
        seeker=seeker,
        note=note,
        export=export,
        flight=flight,
        removal=removal,
        facility=FacilityFactory(),
        records=case_records(seeker, by=caseworker),
    )
