"""Upload of observation logs: the request stores the file and queues a task (run eagerly
in tests, after the commit); the page shows the report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from deportation.enums import ImportStatus
from deportation.import_runs import flight_import_execute
from deportation.models import Flight, FlightImport

pytestmark = pytest.mark.django_db

HEADER = (
    "Date,Flight count,Flight number,Tail number,Operator,Owner,Previous Airport,Next Airport,"
    "From NWDC - Boarded Plane,From Plane - Boarded Bus to NWDC"
)


@pytest.fixture
def real_log(shared_data_dir):
    path = shared_data_dir / "flight-observations" / "ICEAirKYKM20191016.csv"
    return path.name, path.read_bytes()


def _upload(client, name, data, *, preview=False, **fields):
    post = {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "observed_at": "kykm"}
    post |= fields
    post["preview" if preview else "import"] = "1"
    return client.post(reverse("deportation:import_create"), post)


def test_upload_real_log_imported_by_task(
    client, monitor, real_log, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _upload(client, *real_log)
    assert len(callbacks) == 1  # the task is queued once the upload is committed
    run = FlightImport.objects.get()
    assert response["Location"] == run.get_absolute_url()
    assert (run.status, run.dry_run, run.observed_at, run.size) == (
        "done",
        False,
        "KYKM",
        len(real_log[1]),
    )
    assert (run.report["created"], run.report["export_date"]) == (34, "2019-10-16")
    assert Flight.objects.count() == 34
    assert (
        Flight.objects.get(import_key="2019-05-07|RPN529").history.first().history_user == monitor
    )
    page = client.get(run.get_absolute_url()).content.decode()
    assert "34 new flights, 0 changed, 0 unchanged." in page
    assert "Export of 2019-10-16." in page


def test_upload_preview_writes_nothing_then_imports(
    client, monitor, real_log, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, *real_log, preview=True)
    preview = FlightImport.objects.get()
    assert (preview.status, preview.dry_run, preview.report["created"]) == ("done", True, 34)
    assert Flight.objects.count() == 0
    page = client.get(preview.get_absolute_url()).content.decode()
    assert "Preview: nothing was written." in page
    assert "Line 3: 2019-05-07 RPN529: new flight" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("deportation:import_repeat", args=[preview.pk]))
    real = FlightImport.objects.exclude(pk=preview.pk).get()
    assert response["Location"] == real.get_absolute_url()
    assert (real.status, real.dry_run, real.file.name) == ("done", False, preview.file.name)
    assert Flight.objects.count() == 34


def test_upload_same_file_twice_changes_nothing(
    client, monitor, real_log, django_capture_on_commit_callbacks
):
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, *real_log)
        _upload(client, *real_log)
    second = FlightImport.objects.order_by("pk").last()
    assert (second.report["created"], second.report["updated"], second.report["unchanged"]) == (
        0,
        0,
        34,
    )


def test_upload_malformed_rejected_with_lines(client, monitor, django_capture_on_commit_callbacks):
    data = "\n".join(
        [
            HEADER,
            '"Tuesday, May 7, 2019",1,SWQ1,N1,Air,Own,KIWA,KELP,10,2',
            '"Monday, May 14, 2019",2,SWQ2,N1,Air,Own,KIWA,KELP,10,2',
            '"Tuesday, May 21, 2019",3,SWQ3,N1,Air,Own,KIWA,KELP,lots,2',
        ]
    ).encode()
    client.force_login(monitor)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, "log-20190601.csv", data)
    run = FlightImport.objects.get()
    assert run.status == ImportStatus.REJECTED
    assert [line for line, _message in run.report["errors"]] == [3, 4]
    assert Flight.objects.count() == 0
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Rejected: nothing imported" in page
    assert "Line 3: Date:" in page and "May 14, 2019 was a Tuesday, not a Monday" in page
    assert "&#x27;lots&#x27;" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("log.pdf", b"%PDF-1.4 ...", "Upload a .csv file"),
        ("log.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3 binary", "it looks like PDF"),
        ("log.csv", b"PK\x03\x04" + b"\x00" * 60, "This is not a text CSV file"),
        ("log.csv", b"   \n", "The file is empty."),
    ],
)
def test_upload_not_a_text_csv_refused(client, monitor, name, data, message):
    client.force_login(monitor)
    response = _upload(client, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not FlightImport.objects.exists()


def test_upload_too_large_refused(client, monitor, settings):
    settings.FLIGHT_LOG_MAX_BYTES = 100
    client.force_login(monitor)
    response = _upload(client, "log.csv", (HEADER + "\n").encode() * 3)
    assert "the most this page accepts is 100" in response.content.decode()
    assert not FlightImport.objects.exists()


def test_upload_page_lawyer_forbidden(client, lawyer):
    client.force_login(lawyer)
    assert client.get(reverse("deportation:import_create")).status_code == 403


def test_import_task_runs_once(monitor, real_log, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from deportation.import_runs import flight_import_start

    upload = ContentFile(real_log[1], name=real_log[0])
    with django_capture_on_commit_callbacks(execute=False):
        run = flight_import_start(
            upload=upload, observed_at="KYKM", export_date=None, dry_run=False, by=monitor
        )
    flight_import_execute(import_id=run.pk)
    history = Flight.history.count()
    flight_import_execute(import_id=run.pk)  # a redelivered task: the row is no longer queued
    run.refresh_from_db()
    assert (run.status, run.report["created"], Flight.history.count()) == ("done", 34, history)


def test_import_task_unexpected_error_marks_failed_without_content(monitor):
    run = FlightImport.objects.create(
        original_name="gone.csv",
        file="flight-imports/missing.csv",
        observed_at="KYKM",
        created_by=monitor,
    )
    flight_import_execute(import_id=run.pk)
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert run.report["errors"] == [
        [0, "The import stopped on an unexpected error; nothing was imported."]
    ]


def test_import_detail_htmx_polls_until_done(client, monitor):
    run = FlightImport.objects.create(
        original_name="x.csv", file="flight-imports/x.csv", observed_at="KYKM"
    )
    client.force_login(monitor)
    fragment = client.get(run.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="import-report"')
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment


def test_import_start_without_user(real_log, django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    from deportation.import_runs import flight_import_start

    with django_capture_on_commit_callbacks(execute=True):
        run = flight_import_start(
            upload=ContentFile(real_log[1], name=real_log[0]),
            observed_at="KYKM",
            export_date=None,
            dry_run=True,
            by=None,
        )
    run.refresh_from_db()
    assert (run.created_by, run.status, run.report["created"]) == (None, "done", 34)
