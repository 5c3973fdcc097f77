"""Requesting, rendering and recovering case files (cases/casefile/services.py, cases/tasks.py)."""

import hashlib
import io
import logging
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from cases import enums, services
from cases.casefile import pdf as casefile_pdf
from cases.models import CaseFile
from caseworks.celery import app as celery_app
from tests.factories import ORLOV, CaseFileFactory, HearingFactory

pytestmark = pytest.mark.django_db

Status = enums.CaseFileStatus
Edition = enums.CaseFileEdition
NOON = "2025-07-01 19:00Z"


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    # A new in-memory storage per test, so counting stored files counts this test's only.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def _stored_files(seeker) -> list[str]:
    folder = f"casefiles/{seeker.pk}"
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


def test_request_queues_and_the_task_renders_after_commit(
    reference_case, caseworker, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON, tick=False):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            casefile = services.casefile_request(
                seeker=reference_case, edition=Edition.FULL, by=caseworker
            )
        assert casefile.status == Status.QUEUED
        assert casefile.requested_by == caseworker
        assert len(callbacks) == 1
        callbacks[0]()  # the commit: the (eager) Celery task runs

    casefile.refresh_from_db()
    assert casefile.status == Status.READY
    assert casefile.attempts == 1
    assert casefile.started_at == casefile.finished_at == datetime(2025, 7, 1, 19, tzinfo=UTC)
    content = casefile.file.read()
    assert casefile.size == len(content)
    assert casefile.sha256 == hashlib.sha256(content).hexdigest()
    assert casefile.page_count == len(PdfReader(io.BytesIO(content)).pages)
    assert casefile.file.name.startswith(f"casefiles/{reference_case.pk}/")
    assert "Orlov" not in casefile.file.name
    assert casefile.error == ""


def test_a_second_request_while_one_waits_returns_the_same_row(reference_case, caseworker):
    first = services.casefile_request(seeker=reference_case, edition=Edition.FULL, by=caseworker)
    again = services.casefile_request(seeker=reference_case, edition=Edition.FULL, by=caseworker)
    other = services.casefile_request(
        seeker=reference_case, edition=Edition.REDACTED, by=caseworker
    )

    assert again.pk == first.pk
    assert other.pk != first.pk
    assert CaseFile.objects.count() == 2


def test_running_the_task_twice_makes_one_file(reference_case, caseworker):
    casefile = services.casefile_request(seeker=reference_case, edition=Edition.FULL, by=caseworker)

    first = services.casefile_render(casefile_id=casefile.pk)
    second = services.casefile_render(casefile_id=casefile.pk)

    assert first.status == Status.READY
    assert second is None  # a duplicate delivery claims nothing
    casefile.refresh_from_db()
    assert casefile.attempts == 1
    assert _stored_files(reference_case) == [casefile.file.name.rsplit("/", 1)[1]]


def test_task_for_a_missing_row_does_nothing(db):
    assert services.casefile_render(casefile_id=987654) is None


def test_lawyer_edition_is_refused_to_a_caseworker_and_an_unassigned_lawyer(
    reference_case, caseworker, coordinator, other_lawyer, lawyer
):
    for user in (caseworker, coordinator, other_lawyer):
        with pytest.raises(PermissionDenied):
            services.casefile_request(seeker=reference_case, edition=Edition.LAWYER, by=user)
    casefile = services.casefile_request(seeker=reference_case, edition=Edition.LAWYER, by=lawyer)
    assert casefile.edition == Edition.LAWYER
    assert CaseFile.objects.count() == 1


def test_stale_render_is_requeued_then_failed_after_the_last_attempt(
    reference_case, caseworker, settings, django_capture_on_commit_callbacks
):
    settings.CASEFILE_MAX_ATTEMPTS = 2
    timeout = timedelta(seconds=settings.CASEFILE_RENDER_TIMEOUT)
    casefile = CaseFileFactory(seeker=reference_case, requested_by=caseworker)
    claim = CaseFile.objects.filter(pk=casefile.pk)

    with time_machine.travel(NOON, tick=False) as clock:
        # A worker claims it and dies (nothing else happens to the row).
        claim.update(status=Status.RENDERING, started_at=timezone.now(), attempts=1)
        clock.shift(timeout - timedelta(seconds=1))
        assert services.casefile_sweep() == services.CaseFileSweep(0, 0, 0)

        clock.shift(timedelta(seconds=2))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            report = services.casefile_sweep()
        assert report == services.CaseFileSweep(requeued=1, failed=0, reenqueued=0)
        casefile.refresh_from_db()
        assert (casefile.status, casefile.started_at) == (Status.QUEUED, None)
        assert len(callbacks) == 1

        # The re-sent task's worker dies too: attempt 2 of 2.
        claim.update(status=Status.RENDERING, started_at=timezone.now(), attempts=2)
        clock.shift(timeout + timedelta(seconds=1))
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            report = services.casefile_sweep()
        assert report == services.CaseFileSweep(requeued=0, failed=1, reenqueued=0)
        assert callbacks == []

    casefile.refresh_from_db()
    assert casefile.status == Status.FAILED
    assert casefile.error == (
        "Rendering stopped 2 times without finishing (the worker was restarted or ran out of "
        "memory)."
    )


def test_requeued_stale_render_is_rendered_by_the_resent_task(
    reference_case, caseworker, django_capture_on_commit_callbacks
):
    casefile = CaseFileFactory(seeker=reference_case, requested_by=caseworker)
    with time_machine.travel(NOON, tick=False) as clock:
        CaseFile.objects.filter(pk=casefile.pk).update(
            status=Status.RENDERING, started_at=timezone.now(), attempts=1
        )
        clock.shift(timedelta(seconds=django_settings.CASEFILE_RENDER_TIMEOUT + 60))
        with django_capture_on_commit_callbacks(execute=True):
            services.casefile_sweep()

    casefile.refresh_from_db()
    assert (casefile.status, casefile.attempts) == (Status.READY, 2)
    assert len(_stored_files(reference_case)) == 1


def test_queued_row_whose_task_was_lost_is_enqueued_again_once_per_interval(
    reference_case, caseworker, settings, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOON, tick=False) as clock:
        casefile = CaseFileFactory(seeker=reference_case, requested_by=caseworker)
        clock.shift(timedelta(seconds=settings.CASEFILE_REQUEUE_AFTER - 1))
        assert services.casefile_sweep().reenqueued == 0

        clock.shift(timedelta(seconds=2))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            assert services.casefile_sweep().reenqueued == 1
        # The next sweep a minute later leaves it alone: its queued_at moved on.
        clock.shift(timedelta(seconds=60))
        assert services.casefile_sweep().reenqueued == 0
        callbacks[0]()

    casefile.refresh_from_db()
    assert casefile.status == Status.READY


def test_render_that_the_sweep_gave_away_keeps_no_file(
    reference_case, caseworker, monkeypatch, django_capture_on_commit_callbacks
):
    """A slow worker finishes after the sweep re-queued its row: the second run's file wins."""
    casefile = services.casefile_request(seeker=reference_case, edition=Edition.FULL, by=caseworker)
    real_render = casefile_pdf.render_casefile_pdf

    def slow_render(data):
        # While this worker lays out the PDF, the clock passes the timeout and the sweep runs.
        with time_machine.travel(
            timezone.now() + timedelta(seconds=django_settings.CASEFILE_RENDER_TIMEOUT + 1)
        ):
            with django_capture_on_commit_callbacks(execute=False):
                services.casefile_sweep()
        return real_render(data)

    monkeypatch.setattr(casefile_pdf, "render_casefile_pdf", slow_render)
    slow = services.casefile_render(casefile_id=casefile.pk)
    assert slow.status == Status.QUEUED
    assert _stored_files(reference_case) == []

    monkeypatch.setattr(casefile_pdf, "render_casefile_pdf", real_render)
    services.casefile_render(casefile_id=casefile.pk)
    casefile.refresh_from_db()
    assert (casefile.status, casefile.attempts) == (Status.READY, 2)
    assert len(_stored_files(reference_case)) == 1


def test_render_error_fails_with_a_reason_and_logs_no_personal_data(
    reference_case, caseworker, monkeypatch, caplog
):
    def broken(data):
        raise ValueError(f"cannot lay out {data.person.name_latin} {data.person.a_number}")

    monkeypatch.setattr(casefile_pdf, "render_casefile_pdf", broken)
    casefile = services.casefile_request(seeker=reference_case, edition=Edition.FULL, by=caseworker)
    with caplog.at_level(logging.INFO):
        services.casefile_render(casefile_id=casefile.pk)

    casefile.refresh_from_db()
    assert casefile.status == Status.FAILED
    assert casefile.error == (
        "The PDF could not be produced. Try again; if it fails again, tell the coordinator "
        f"(case file no. {casefile.pk})."
    )
    assert casefile.file.name == ""
    logged = caplog.text
    assert f"case file {casefile.pk} failed at render: ValueError at " in logged
    assert "Orlov" not in logged and ORLOV["a_number"] not in logged and "201-555" not in logged


def test_redacted_render_stops_when_a_kept_field_holds_the_name(reference_case, caseworker):
    HearingFactory(seeker=reference_case, judge="Pavel Orlov's cousin")
    casefile = services.casefile_request(
        seeker=reference_case, edition=Edition.REDACTED, by=caseworker
    )

    services.casefile_render(casefile_id=casefile.pk)

    casefile.refresh_from_db()
    assert casefile.status == Status.FAILED
    assert casefile.error == (
        "Stopped: the redacted file would have shown the person's name in a field it keeps "
        "(judge, court, facility, place of entry). Correct the record and try again."
    )
    assert _stored_files(reference_case) == []


def test_retry_queues_a_failed_file_again_and_ignores_others(
    reference_case, caseworker, django_capture_on_commit_callbacks
):
    failed = CaseFileFactory(
        seeker=reference_case, status=Status.FAILED, error="x", attempts=3, requested_by=caseworker
    )
    ready = CaseFileFactory(seeker=reference_case, ready=True)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.casefile_retry(casefile=failed, by=caseworker)
        services.casefile_retry(casefile=ready, by=caseworker)

    assert len(callbacks) == 1
    failed.refresh_from_db()
    assert (failed.status, failed.error, failed.attempts) == (Status.READY, "", 1)
    assert failed.history.filter(status=Status.QUEUED, history_user=caseworker).count() == 1


def test_render_casefile_command_writes_the_pdf(reference_case, tmp_path):
    out = io.StringIO()
    target = tmp_path / "file.pdf"

    call_command(
        "render_casefile",
        reference_case.reference,
        "--edition",
        "redacted",
        "--output",
        str(target),
        stdout=out,
    )

    casefile = CaseFile.objects.get()
    assert (casefile.edition, casefile.status, casefile.requested_by) == (
        Edition.REDACTED,
        Status.READY,
        None,
    )
    assert target.read_bytes() == casefile.file.read()
    assert out.getvalue().startswith(
        f"Case file no. {casefile.pk} (redacted): {casefile.page_count} pages, "
        f"{casefile.size} bytes, sha256 {casefile.sha256}, "
    )
    assert "Orlov" not in out.getvalue()


def test_sweep_command_reports_its_counts(reference_case):
    with time_machine.travel(NOON, tick=False) as clock:
        CaseFileFactory(seeker=reference_case)
        clock.shift(timedelta(hours=1))
        out = io.StringIO()
        call_command("sweep_casefiles", stdout=out)
    assert out.getvalue() == "0 re-queued, 0 failed, 1 re-enqueued.\n"


def test_beat_runs_the_sweep_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-casefiles"]
    assert entry == {"task": "cases.sweep_casefiles", "schedule": 60.0}
    celery_app.loader.import_default_modules()
    assert {"cases.sweep_casefiles", "cases.render_casefile"} <= set(celery_app.tasks)
    render = celery_app.tasks["cases.render_casefile"]
    assert (render.acks_late, render.time_limit) == (
        True,
        django_settings.CASEFILE_RENDER_TIMEOUT,
    )
