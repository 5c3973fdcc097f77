"""Work whose worker died mid-run (caseworks.queueing.recover_stalled): a flight import left
"running" or a data export left "building" is queued again once its timeout has passed, sent
once, and done once; after the last attempt it fails with the reason on its page. Case files
go through the same rule (tests/cases/test_casefile_services.py).

"The worker died" is a row claimed (status, started_at, attempts) and then left alone; tasks
run in-process (CELERY_TASK_ALWAYS_EAGER), and a sent message is an on-commit callback.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from cases import privacy
from caseworks import queueing
from caseworks.models import DataExport
from deportation.import_runs import flight_import_start
from deportation.models import Flight, FlightImport
from deportation.tasks import import_flight_log

pytestmark = pytest.mark.django_db

NOON = "2025-07-01 19:00Z"
NOTHING = queueing.WorkSweep(requeued=0, failed=0, reenqueued=0)


@pytest.fixture
def real_log(shared_data_dir):
    path = shared_data_dir / "flight-observations" / "ICEAirKYKM20191016.csv"
    return ContentFile(path.read_bytes(), name=path.name)


def _flight_import(monitor, real_log, capture) -> FlightImport:
    with capture(execute=False):  # the first message is taken by the worker that dies
        return flight_import_start(
            upload=real_log, observed_at="KYKM", export_date=None, dry_run=False, by=monitor
        )


def _export(seeker, coordinator, capture) -> DataExport:
    with capture(execute=False):
        return privacy.data_export_request(seeker=seeker, by=coordinator)


def _die_after_claim(row, *, started: str, attempts: int = 1) -> None:
    type(row).objects.filter(pk=row.pk).update(
        status=started, started_at=timezone.now(), attempts=attempts
    )


def _exports_stored() -> set[str]:
    # The in-memory test storage lives as long as the process: compare before and after.
    if not default_storage.exists("exports"):
        return set()
    return {f"exports/{name}" for name in default_storage.listdir("exports")[1]}


def test_import_killed_mid_run_is_queued_again_after_the_timeout_and_imported_once(
    monitor, real_log, settings, django_capture_on_commit_callbacks
):
    timeout = timedelta(seconds=settings.FLIGHT_IMPORT_TIMEOUT)
    with time_machine.travel(NOON, tick=False) as clock:
        run = _flight_import(monitor, real_log, django_capture_on_commit_callbacks)
        _die_after_claim(run, started="running")
        # Still within its time: a live worker may have it.
        clock.shift(timeout - timedelta(seconds=1))
        assert queueing.requeue_lost_work()["deportation.FlightImport"] == NOTHING

        clock.shift(timedelta(seconds=2))
        with django_capture_on_commit_callbacks(execute=False) as sent:
            report = queueing.requeue_lost_work()["deportation.FlightImport"]
        assert report == queueing.WorkSweep(requeued=1, failed=0, reenqueued=0)
        run.refresh_from_db()
        assert (run.status, run.started_at, run.queued_at) == ("queued", None, timezone.now())
        # A minute later nothing is sent again: the message just sent is not late yet.
        clock.shift(timedelta(minutes=1))
        assert queueing.requeue_lost_work()["deportation.FlightImport"] == NOTHING
        (deliver,) = sent
        deliver()

    run.refresh_from_db()
    assert (run.status, run.attempts, run.error) == ("done", 2, "")
    assert (run.report["created"], run.report["unchanged"]) == (34, 0)
    assert Flight.objects.count() == 34


def test_export_killed_mid_build_is_queued_again_after_the_timeout_and_built_once(
    seeker, coordinator, settings, django_capture_on_commit_callbacks
):
    timeout = timedelta(seconds=settings.DATA_EXPORT_TIMEOUT)
    stored_before = _exports_stored()
    with time_machine.travel(NOON, tick=False) as clock:
        export = _export(seeker, coordinator, django_capture_on_commit_callbacks)
        _die_after_claim(export, started="building")
        clock.shift(timeout - timedelta(seconds=1))
        assert queueing.requeue_lost_work()["caseworks.DataExport"] == NOTHING

        clock.shift(timedelta(seconds=2))
        with django_capture_on_commit_callbacks(execute=True) as sent:
            report = queueing.requeue_lost_work()["caseworks.DataExport"]
        assert report == queueing.WorkSweep(requeued=1, failed=0, reenqueued=0)
        assert len(sent) == 1
        assert queueing.requeue_lost_work()["caseworks.DataExport"] == NOTHING

    export.refresh_from_db()
    assert (export.status, export.attempts, export.error) == ("ready", 2, "")
    assert _exports_stored() - stored_before == {export.file.name}


def test_import_that_stops_every_time_fails_with_the_reason_on_its_page(
    client, monitor, real_log, settings, django_capture_on_commit_callbacks
):
    settings.QUEUED_WORK_MAX_ATTEMPTS = 2
    with time_machine.travel(NOON, tick=False) as clock:
        run = _flight_import(monitor, real_log, django_capture_on_commit_callbacks)
        _die_after_claim(run, started="running", attempts=2)
        clock.shift(timedelta(seconds=settings.FLIGHT_IMPORT_TIMEOUT + 1))
        with django_capture_on_commit_callbacks(execute=False) as sent:
            report = queueing.requeue_lost_work()["deportation.FlightImport"]
    assert report == queueing.WorkSweep(requeued=0, failed=1, reenqueued=0)
    assert sent == []
    reason = (
        "The import stopped 2 times without finishing (the worker was restarted or ran out "
        "of memory); nothing was imported. Upload the file again; if it stops again, tell "
        "the coordinator."
    )
    run.refresh_from_db()
    assert (run.status, run.error) == ("failed", reason)
    client.force_login(monitor)
    page = client.get(reverse("deportation:import_detail", args=[run.pk])).content.decode()
    assert f"Failed: nothing imported. {reason}" in page
    assert "Fix the lines below" not in page  # the file was not the problem
    assert "This page updates by itself." not in page
    assert Flight.objects.count() == 0


def test_export_that_stops_every_time_fails_with_the_reason_on_its_page(
    client, seeker, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.QUEUED_WORK_MAX_ATTEMPTS = 2
    with time_machine.travel(NOON, tick=False) as clock:
        export = _export(seeker, coordinator, django_capture_on_commit_callbacks)
        _die_after_claim(export, started="building", attempts=2)
        clock.shift(timedelta(seconds=settings.DATA_EXPORT_TIMEOUT + 1))
        report = queueing.requeue_lost_work()["caseworks.DataExport"]
    assert report == queueing.WorkSweep(requeued=0, failed=1, reenqueued=0)
    client.force_login(coordinator)
    page = client.get(reverse("cases:seeker_export", args=[seeker.reference])).content.decode()
    assert (
        "Failed: Building the export stopped 2 times without finishing (the worker was "
        "restarted or ran out of memory). Prepare a new export; if it stops again, tell the "
        "administrator." in page
    )
    assert 'hx-trigger="every 3s"' not in page  # no spinner polling forever


@pytest.mark.parametrize(
    ("kind", "started", "finished"),
    [
        ("deportation.FlightImport", "running", "done"),
        ("caseworks.DataExport", "building", "ready"),
    ],
)
def test_worker_finishing_between_the_sweeps_read_and_its_update_wins(
    kind, started, finished, monitor, seeker, coordinator, settings
):
    """The sweep read the row as stalled; the worker's last write lands before the sweep's
    UPDATE. The conditional UPDATE then matches nothing: the work stays done, sent once."""
    with time_machine.travel(NOON, tick=False) as clock:
        if kind == "deportation.FlightImport":
            row = FlightImport.objects.create(original_name="a.csv", observed_at="KYKM")
        else:
            row = DataExport.objects.create(seeker_id=seeker.pk, requested_by=coordinator)
        _die_after_claim(row, started=started)
        claimed_at = timezone.now()
        clock.shift(
            timedelta(seconds=settings.FLIGHT_IMPORT_TIMEOUT + settings.DATA_EXPORT_TIMEOUT)
        )
        worker_done = []

        def worker_finishes_first(execute, sql, params, many, context):
            if sql.startswith("UPDATE") and not worker_done:
                worker_done.append(sql)
                type(row).objects.filter(pk=row.pk, status=started, started_at=claimed_at).update(
                    status=finished, finished_at=timezone.now()
                )
            return execute(sql, params, many, context)

        with connection.execute_wrapper(worker_finishes_first):
            report = queueing.requeue_lost_work()[kind]
    assert worker_done  # the sweep got as far as its UPDATE
    assert report == NOTHING
    row.refresh_from_db()
    assert (row.status, row.attempts, row.error) == (finished, 1, "")


def test_import_the_sweep_gave_away_leaves_nothing_and_the_new_run_imports_once(
    monitor, real_log, monkeypatch, django_capture_on_commit_callbacks
):
    """A slow (not dead) worker: the sweep queues its run again while it reads the file. Its
    import then commits nothing, and the re-sent task imports the file once."""
    run = _flight_import(monitor, real_log, django_capture_on_commit_callbacks)
    real_open = FieldFile.open
    sent = []

    def slow_open(self, mode="rb"):
        later = timezone.now() + timedelta(seconds=3600)
        with time_machine.travel(later):
            with django_capture_on_commit_callbacks(execute=False) as callbacks:
                queueing.requeue_lost_work()
        sent.extend(callbacks)
        return real_open(self, mode)

    monkeypatch.setattr(FieldFile, "open", slow_open)
    import_flight_log(import_id=run.pk)
    monkeypatch.setattr(FieldFile, "open", real_open)
    run.refresh_from_db()
    assert (run.status, run.attempts, Flight.objects.count()) == ("queued", 1, 0)
    (deliver,) = sent
    deliver()
    run.refresh_from_db()
    assert (run.status, run.attempts, run.report["created"]) == ("done", 2, 34)
    assert Flight.objects.count() == 34


def test_export_the_sweep_gave_away_keeps_no_file(
    seeker, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    stored_before = _exports_stored()
    export = _export(seeker, coordinator, django_capture_on_commit_callbacks)
    real_write = privacy._write_zip

    def slow_write(handle, person):
        later = timezone.now() + timedelta(seconds=3600)
        with time_machine.travel(later), django_capture_on_commit_callbacks(execute=False):
            queueing.requeue_lost_work()
        real_write(handle, person)

    monkeypatch.setattr(privacy, "_write_zip", slow_write)
    assert privacy.data_export_build(export_id=export.pk) is None
    monkeypatch.setattr(privacy, "_write_zip", real_write)
    export.refresh_from_db()
    assert (export.status, export.attempts) == ("queued", 1)
    assert _exports_stored() == stored_before
    built = privacy.data_export_build(export_id=export.pk)
    assert (built.status, built.attempts) == ("ready", 2)
    assert _exports_stored() - stored_before == {built.file.name}
