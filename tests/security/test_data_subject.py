"""Data-subject tools: export everything about one person, erase a person, retention review."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from cases import enums, privacy, services
from cases.models import AsylumSeeker, ContactLog, Document, HomeCountryCharge, PrivilegedNote
from caseworks.models import AccessLog, DataExport
from caseworks.services import record_save
from deportation.models import Flight, Removal
from detention.models import DetentionStay
from detention.services import stay_start, stay_transfer
from tests.factories import AsylumSeekerFactory, CaseFileFactory, FacilityFactory
from tests.security.conftest import removal_on_flight

pytestmark = pytest.mark.django_db

NAME = "Timofey Kuznetsov-Erase"
NAME_ORIGINAL = "Тимофей Кузнецов"
ALIAS = "Tima Kuz"
A_NUMBER = "201555321"
HOME_CITY = "Yekaterinburg-Test"
WORDS = {
    "seeker notes": "Seeker note: brother Pavel lives in Tver",
    "contact person": "Olga Kuznetsova-Sister",
    "hearing notes": "Judge asked about Pavel's arrest",
    "appeal notes": "Brief cites the Tver arrest",
    "charge description": "Reposts about the mobilization in Tver",
    "charge source": "Lawyer Ivanov-Source in Moscow",
    "contact notes": "Spoke with him; he asked about Olga",
    "document": "Summons for Timofey",
    "privileged note": "Privileged: he admits the reposts",
    "transfer reason": "Moved after complaint by Timofey",
    "removal notes": "Met at the airport by Olga",
}
SECRETS = (NAME, NAME_ORIGINAL, ALIAS, A_NUMBER, HOME_CITY, *WORDS.values())


@pytest.fixture
def person(caseworker, lawyer, coordinator):
    """A person with a row in every case model, each holding identifying words."""
    seeker = AsylumSeekerFactory(
        name_latin=NAME,
        name_original=NAME_ORIGINAL,
        aliases=ALIAS,
        a_number=A_NUMBER,
        home_city=HOME_CITY,
        notes=WORDS["seeker notes"],
        caseworkers=[caseworker],
        lawyers=[lawyer],
    )
    services.seeker_update(seeker=seeker, by=caseworker, languages="Russian")
    services.contact_person_add(
        seeker=seeker, by=caseworker, name=WORDS["contact person"], relationship="sibling"
    )
    hearing = services.hearing_schedule(
        seeker=seeker,
        by=caseworker,
        kind=enums.HearingKind.INDIVIDUAL,
        date=date(2025, 1, 10),
        notes=WORDS["hearing notes"],
    )
    services.appeal_file(
        seeker=seeker,
        by=lawyer,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=hearing,
        filed_on=date(2025, 2, 1),
        notes=WORDS["appeal notes"],
    )
    services.charge_add(
        seeker=seeker,
        by=caseworker,
        country="RU",
        statute_text="205.2",
        description=WORDS["charge description"],
        learned_on=date(2025, 2, 3),
        learned_from=WORDS["charge source"],
    )
    services.contact_log(
        seeker=seeker,
        by=caseworker,
        party="client",
        channel="call",
        outcome="reached",
        occurred_at=datetime(2025, 2, 4, 10, tzinfo=UTC),
        notes=WORDS["contact notes"],
    )
    record_save(
        Document(
            seeker=seeker,
            file=ContentFile(b"%PDF-1.4 summons", name="summons.pdf"),
            original_name="summons-timofey.pdf",
            title=WORDS["document"],
            kind=enums.DocumentKind.CHARGE,
            uploaded_by=caseworker,
        ),
        by=caseworker,
    )
    privacy.privileged_note_add(seeker=seeker, by=lawyer, text=WORDS["privileged note"])
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=date(2024, 9, 1), by=None)
    stay_transfer(
        seeker=seeker,
        facility=FacilityFactory(),
        on=date(2025, 1, 20),
        reason=WORDS["transfer reason"],
        by=caseworker,
    )
    removal_on_flight(seeker, by=caseworker, notes=WORDS["removal notes"])
    CaseFileFactory(seeker=seeker, requested_by=lawyer)  # a request row (rendered PDFs are derived)
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(AsylumSeeker),
        object_id=str(seeker.pk),
        object_repr=NAME,
        action_flag=CHANGE,
        change_message=f"Changed name to {NAME}",
    )
    return seeker


def build_export(person, coordinator, django_capture_on_commit_callbacks) -> DataExport:
    with django_capture_on_commit_callbacks(execute=True):
        export = privacy.data_export_request(seeker=person, by=coordinator)
    export.refresh_from_db()
    return export


def open_zip(export: DataExport) -> zipfile.ZipFile:
    with export.file.open("rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


# --- Export -----------------------------------------------------------------------------


def test_export_holds_every_record_history_and_file(
    person, coordinator, django_capture_on_commit_callbacks
):
    export = build_export(person, coordinator, django_capture_on_commit_callbacks)
    assert export.status == DataExport.Status.READY
    archive = open_zip(export)
    data = json.loads(archive.read("person.json"))
    records = data["records"]
    assert data["case_reference"] == person.reference
    assert records["cases.asylumseeker"][0]["fields"]["a_number"] == A_NUMBER
    assert {label: len(rows) for label, rows in records.items()} == {
        "cases.asylumseeker": 1,
        "cases.contactperson": 1,
        "cases.hearing": 1,
        "cases.appeal": 1,
        "cases.homecountrycharge": 1,
        "cases.contactlog": 1,
        "cases.document": 1,
        "cases.deadline": 0,
        "cases.casefile": 1,
        "cases.alert": 0,
        "detention.detentionstay": 2,
        "deportation.removal": 1,
        "cases.assignmentchange": 2,  # its caseworker and lawyer put on at registration
    }
    # Two versions of the person: registered, then languages added.
    names = [row["fields"]["languages"] for row in data["history"]["cases.asylumseeker"]]
    assert names == ["", "Russian"]
    assert len(data["history"]["detention.detentionstay"]) == 3
    document = Document.objects.get(seeker=person)
    path = f"files/cases.document/{document.pk}-summons-timofey.pdf"
    assert data["files"] == [{"record": "cases.document", "pk": document.pk, "path": path}]
    assert archive.read(path) == b"%PDF-1.4 summons"
    assert [entry["fields"]["detail"] for entry in data["access_log"]] == ["requested"]


def test_export_leaves_out_privileged_notes(
    person, coordinator, django_capture_on_commit_callbacks
):
    archive = open_zip(build_export(person, coordinator, django_capture_on_commit_callbacks))
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert WORDS["privileged note"].encode() not in everything
    data = json.loads(archive.read("person.json"))
    assert "cases.privilegednote" not in data["records"]
    assert "cases.privilegednote" not in data["history"]


def test_export_page_requests_builds_and_downloads_with_audit(
    client, person, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("cases:seeker_export", args=[person.reference])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url)["Location"] == url
    export = DataExport.objects.get()
    page = client.get(url).content.decode()
    download = reverse("cases:seeker_export_download", args=[person.reference, export.pk])
    assert "Ready" in page and download in page
    response = client.get(download)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{person.reference}-data-export-'
    )
    assert zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).testzip() is None
    trail = AccessLog.objects.filter(seeker_id=person.pk, action=AccessLog.Action.EXPORT)
    assert sorted(trail.values_list("detail", "user")) == [
        ("downloaded", coordinator.pk),
        ("requested", coordinator.pk),
    ]


def test_export_build_runs_once(person, coordinator, django_capture_on_commit_callbacks):
    export = build_export(person, coordinator, django_capture_on_commit_callbacks)
    assert privacy.data_export_build(export_id=export.pk) is None
    assert DataExport.objects.get().file.name == export.file.name


def test_new_export_deletes_the_previous_file(
    person, coordinator, django_capture_on_commit_callbacks
):
    first = build_export(person, coordinator, django_capture_on_commit_callbacks)
    first_file = first.file.name
    second = build_export(person, coordinator, django_capture_on_commit_callbacks)  # commits
    first.refresh_from_db()
    assert (first.status, first.file.name) == (DataExport.Status.EXPIRED, "")
    assert not default_storage.exists(first_file)
    assert second.status == DataExport.Status.READY
    assert default_storage.exists(second.file.name)


def test_expired_exports_are_purged(person, coordinator, django_capture_on_commit_callbacks):
    export = build_export(person, coordinator, django_capture_on_commit_callbacks)
    name = export.file.name
    assert privacy.data_export_purge_expired() == 0
    with (
        time_machine.travel(datetime.now(UTC) + timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert privacy.data_export_purge_expired() == 1
    export.refresh_from_db()
    assert (export.status, export.file.name) == (DataExport.Status.EXPIRED, "")
    assert not default_storage.exists(name)


# --- Erasure ----------------------------------------------------------------------------


def test_erase_page_needs_the_reference_typed(client, person, coordinator):
    client.force_login(coordinator)
    url = reverse("cases:seeker_erase", args=[person.reference])
    page = client.get(url).content.decode()
    assert "This cannot be undone." in page and person.pseudonym in page
    response = client.post(url, {"reference": "CW-WRONG1"})
    assert (
        "That is not this case&#x27;s reference. Nothing was erased." in response.content.decode()
    )
    assert AsylumSeeker.objects.get(pk=person.pk).name_latin == NAME


def test_erase_through_the_page(client, person, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    url = reverse("cases:seeker_erase", args=[person.reference])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reference": person.reference.lower()})
    assert response["Location"] == reverse("cases:seeker_access_log", args=[person.reference])
    assert AsylumSeeker.objects.get(pk=person.pk).name_latin == person.pseudonym


def test_erase_leaves_no_identifying_word_in_any_table(
    person, coordinator, django_capture_on_commit_callbacks
):
    build_export(person, coordinator, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        privacy.seeker_erase(seeker=person, by=coordinator)
    leaks = []
    for model in apps.get_models():
        for row in model._base_manager.values():
            text = str(row)
            leaks += [f"{model._meta.label}: {s}" for s in SECRETS if s in text]
    assert leaks == []


def test_erase_blanks_the_person_and_deletes_what_identifies(
    person, coordinator, django_capture_on_commit_callbacks
):
    document = Document.objects.get(seeker=person)
    export = build_export(person, coordinator, django_capture_on_commit_callbacks)
    files = [document.file.name, export.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        privacy.seeker_erase(seeker=person, by=coordinator)
    erased = AsylumSeeker.objects.get(pk=person.pk)
    assert (erased.name_latin, erased.name_original, erased.aliases) == (person.pseudonym, "", "")
    assert (erased.a_number, erased.date_of_birth, erased.home_city, erased.notes) == (
        None,
        None,
        "",
        "",
    )
    assert (erased.reference, erased.nationality.code, erased.languages) == (
        person.reference,
        "RU",
        "Russian",
    )
    assert person.contact_persons.count() == 0
    assert person.documents.count() == 0
    assert PrivilegedNote.objects.filter(seeker=person).count() == 0
    assert DataExport.objects.filter(seeker_id=person.pk).count() == 0
    assert [default_storage.exists(name) for name in files] == [False, False]
    assert ContactLog.objects.get(seeker=person).notes == ""
    charge = HomeCountryCharge.objects.get(seeker=person)
    assert (charge.description, charge.learned_from, charge.statute_text) == ("", "", "205.2")
    assert [stay.transfer_reason for stay in DetentionStay.objects.filter(seeker=person)] == [
        "",
        "",
    ]


def test_erase_keeps_removals_for_flight_statistics(
    person, coordinator, django_capture_on_commit_callbacks
):
    before = Removal.objects.values("pk", "flight", "removal_date", "outcome").get()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.seeker_erase(seeker=person, by=coordinator)
    after = Removal.objects.values("pk", "flight", "removal_date", "outcome").get()
    assert after == before
    assert Removal.objects.get().notes == ""
    assert Flight.objects.get().removals.count() == 1


def test_erase_purges_the_history_of_the_person_and_every_record(person, coordinator):
    privacy.seeker_erase(seeker=person, by=coordinator)
    assert AsylumSeeker.history.filter(id=person.pk).count() == 0
    for model in (ContactLog, Document, PrivilegedNote, HomeCountryCharge, DetentionStay, Removal):
        assert model.history.filter(seeker_id=person.pk).count() == 0, model


def test_erase_writes_one_erase_row_and_scrubs_the_admin_log(person, coordinator):
    privacy.seeker_erase(seeker=person, by=coordinator)
    entry = AccessLog.objects.get(action=AccessLog.Action.ERASE)
    assert (entry.user, entry.seeker_id, entry.detail) == (coordinator, person.pk, "")
    assert list(LogEntry.objects.values_list("object_repr", "change_message")) == [("[erased]", "")]
    assert privacy.is_erased(person) is True


def test_erase_is_all_or_nothing(person, coordinator, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("storage down")

    monkeypatch.setattr(privacy, "_scrub_admin_log", broken)
    with pytest.raises(RuntimeError):
        privacy.seeker_erase(seeker=person, by=coordinator)
    assert AsylumSeeker.objects.get(pk=person.pk).name_latin == NAME
    assert person.documents.count() == 1
    assert not AccessLog.objects.filter(action=AccessLog.Action.ERASE).exists()


# --- Retention --------------------------------------------------------------------------


def closed(years_ago: float, caseworker):
    seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    day = date(2026, 3, 2) - timedelta(days=round(365.25 * years_ago))
    return services.seeker_update(seeker=seeker, by=caseworker, closed_on=day)


def test_retention_review_lists_cases_closed_longer_than_seven_years(
    client, coordinator, caseworker
):
    old = closed(8, caseworker)
    recent = closed(6, caseworker)
    AsylumSeekerFactory()  # still open
    with time_machine.travel(datetime(2026, 3, 2, 12, tzinfo=UTC), tick=False):
        client.force_login(coordinator)
        page = client.get(reverse("cases:retention_review")).content.decode()
    assert "Cases closed before 2019-03-02." in page
    assert old.reference in page and recent.reference not in page
    assert reverse("cases:seeker_erase", args=[old.reference]) in page


def test_retention_review_marks_erased_cases(client, coordinator, caseworker):
    old = closed(9, caseworker)
    privacy.seeker_erase(seeker=old, by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("cases:retention_review")).content.decode()
    assert "<td>Erased</td>" in page
    assert reverse("cases:seeker_erase", args=[old.reference]) not in page


def test_retention_cutoff_on_29_february(settings):
    settings.RETENTION_YEARS = 7
    assert privacy.retention_cutoff(date(2028, 2, 29)) == date(2021, 2, 28)


def test_retention_review_has_constant_queries(
    client, coordinator, caseworker, django_assert_max_num_queries
):
    client.force_login(coordinator)
    closed(8, caseworker)
    with django_assert_max_num_queries(15) as one:
        client.get(reverse("cases:retention_review"))
    for _ in range(3):
        closed(9, caseworker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("cases:retention_review")).content.decode()
    assert page.count("Due for review") == 4
