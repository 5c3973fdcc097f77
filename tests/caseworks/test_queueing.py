"""Queued work whose message the broker lost (caseworks.queueing.requeue_lost): every kind is
listed, a lost message is sent again once per interval, and a duplicate message does nothing.

Tasks run in-process here (CELERY_TASK_ALWAYS_EAGER); "the message was lost" is an on-commit
callback captured and never run. tests/reliability/test_redis_down.py does the same against a
Redis that really dies."""

from __future__ import annotations

import inspect
import io
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils.module_loading import import_string
from simple_history.models import HistoricalChanges

from cases import privacy
from caseworks import queueing
from caseworks.celery import app as celery_app
from caseworks.models import DataExport
from deportation.import_runs import flight_import_start
from deportation.models import FlightImport
from deportation.tasks import import_flight_log
from tests.factories import CaseFileFactory

pytestmark = pytest.mark.django_db

NOON = "2025-07-01 19:00Z"


def _waiting_models() -> set[str]:
    """Models whose `status` can be "queued": rows that wait for a worker."""
    found = set()
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges):
            continue  # audit copies, not work
        status = next((f for f in model._meta.fields if f.name == "status"), None)
        if status is not None and queueing.QUEUED in dict(status.choices or ()):
            found.add(model._meta.label)
    return found


def test_every_model_that_queues_work_is_swept():
    listed = {work.model for work in queueing.QUEUED_WORK}
    assert (
        listed
        == _waiting_models()
        == {
            "cases.CaseFile",
            "deportation.FlightImport",
            "caseworks.DataExport",
        }
    )
    for work in queueing.QUEUED_WORK:
        model = apps.get_model(work.model)
        assert model._meta.get_field("queued_at").default is not None
        task = import_string(work.task)
        assert list(inspect.signature(task.run).parameters) == [work.key]
        assert isinstance(getattr(django_settings, work.after_setting), int)


def test_beat_requeues_lost_work_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["requeue-lost-work"]
    assert entry == {"task": "caseworks.requeue_lost_work", "schedule": 60.0}
    celery_app.loader.import_default_modules()
    assert "caseworks.requeue_lost_work" in celery_app.tasks


@pytest.fixture
def real_log(shared_data_dir):
    path = shared_data_dir / "flight-observations" / "ICEAirKYKM20191016.csv"
    return ContentFile(path.read_bytes(), name=path.name)


def test_lost_flight_import_is_sent_again_once_per_interval_and_runs_once(
    monitor, real_log, settings, django_capture_on_commit_callbacks
):
    after = timedelta(seconds=settings.QUEUED_WORK_REQUEUE_AFTER)
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=False):  # the message is lost
            run = flight_import_start(
                upload=real_log, observed_at="KYKM", export_date=None, dry_run=False, by=monitor
            )
        clock.shift(after - timedelta(seconds=1))
        assert queueing.requeue_lost_work()["deportation.FlightImport"].reenqueued == 0

        clock.shift(timedelta(seconds=2))
        with django_capture_on_commit_callbacks(execute=False) as sent:
            assert queueing.requeue_lost_work()["deportation.FlightImport"].reenqueued == 1
        # The next sweep a minute later leaves it alone: its queued_at moved on.
        clock.shift(timedelta(minutes=1))
        assert queueing.requeue_lost_work()["deportation.FlightImport"].reenqueued == 0
        (deliver,) = sent
        deliver()  # the sweep's message
        import_flight_log(import_id=run.pk)  # a duplicate of it: claims nothing

    run.refresh_from_db()
    assert (run.status, run.report["created"], run.report["unchanged"]) == ("done", 34, 0)


def test_lost_data_export_is_sent_again_and_built_once(
    seeker, coordinator, settings, django_capture_on_commit_callbacks
):
    after = timedelta(seconds=settings.QUEUED_WORK_REQUEUE_AFTER)
    with time_machine.travel(NOON, tick=False) as clock:
        with django_capture_on_commit_callbacks(execute=False):
            export = privacy.data_export_request(seeker=seeker, by=coordinator)
        clock.shift(after + timedelta(seconds=1))
        with django_capture_on_commit_callbacks(execute=True):
            assert queueing.requeue_lost_work()["caseworks.DataExport"].reenqueued == 1
        export.refresh_from_db()
        built = (export.status, export.file.name, export.finished_at)
        assert privacy.data_export_build(export_id=export.pk) is None  # a duplicate message

    export.refresh_from_db()
    assert built[0] == DataExport.Status.READY
    assert (export.status, export.file.name, export.finished_at) == built


def test_work_claimed_or_finished_is_not_sent_again(monitor, coordinator, seeker, settings):
    settings.QUEUED_WORK_REQUEUE_AFTER = 0
    FlightImport.objects.create(original_name="a.csv", observed_at="KYKM", status="running")
    FlightImport.objects.create(original_name="b.csv", observed_at="KYKM", status="done")
    DataExport.objects.create(seeker_id=seeker.pk, requested_by=coordinator, status="building")
    nothing = queueing.WorkSweep(requeued=0, failed=0, reenqueued=0)
    assert queueing.requeue_lost_work() == {
        "cases.CaseFile": nothing,
        "deportation.FlightImport": nothing,
        "caseworks.DataExport": nothing,
    }


def test_case_files_go_through_the_same_rule(seeker, settings):
    with time_machine.travel(NOON, tick=False) as clock:
        CaseFileFactory(seeker=seeker)
        clock.shift(timedelta(seconds=settings.CASEFILE_REQUEUE_AFTER + 1))
        out = io.StringIO()
        call_command("requeue_lost_work", stdout=out)
    assert out.getvalue() == (
        "cases.CaseFile: 1 re-enqueued.\n"
        "deportation.FlightImport: 0 re-enqueued.\n"
        "caseworks.DataExport: 0 re-enqueued.\n"
    )
