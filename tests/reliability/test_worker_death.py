"""A Celery worker SIGKILLed in the middle of a case-file render, an alert send or a flight
import: after a new worker starts and the app's own sweep runs, the file exists once, the email
went once and the flights were imported once.

The guarantee tested is the one README documents: the database remembers the work, and
`casefile_sweep` / `requeue_lost_work` / the alert sweep hand a stale claim to the next worker
(the broker's visibility timeout is an hour and is not relied on). "Ten minutes later" is the
sweep's own `now` argument for case files and imports; for alerts, whose send task reads the
real clock in the other process, the claim is moved back by the stale interval instead.
"""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from cases import deadline_services, enums, services
from cases.alert_services import CLAIM_STALE
from cases.alerts import REQUEUE_AFTER, sweep
from cases.models import Alert, CaseFile
from caseworks import queueing
from deportation.import_runs import flight_import_start
from deportation.models import Flight, FlightImport

from .conftest import start_worker, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _statutes():
    """The statutes a migration loads, which the reference case cites: an earlier
    transactional test's flush may have emptied the table."""
    import_module("cases.migrations.0003_statutes").load(django_apps, None)


def blocking(env: dict[str, str], folder: Path) -> dict[str, str]:
    folder.mkdir(exist_ok=True)
    return {**env, "RELIABILITY_BLOCK_DIR": str(folder)}


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def test_render_killed_mid_store_produces_one_file_after_the_sweep(
    reference_case, caseworker, procs, served_env, celery_queue, tmp_path
):
    media = Path(served_env["MEDIA_ROOT"])
    block = tmp_path / "block"
    doomed = start_worker(procs, blocking(served_env, block), celery_queue, "doomed")

    casefile = services.casefile_request(
        seeker=reference_case, edition=enums.CaseFileEdition.FULL, by=caseworker
    )
    # The PDF is laid out; the worker stands just before storing it.
    wait_for(lambda: (block / "storing").exists(), timeout=90, what="the render to reach storage")
    doomed.kill()
    casefile.refresh_from_db()
    assert (casefile.status, casefile.attempts) == (enums.CaseFileStatus.RENDERING, 1)
    assert stored_files(media) == []

    start_worker(procs, served_env, celery_queue, "fresh")
    later = timezone.now() + timedelta(seconds=settings.CASEFILE_RENDER_TIMEOUT + 1)
    assert services.casefile_sweep(now=later).requeued == 1

    def ready():
        casefile.refresh_from_db()
        return casefile.status == enums.CaseFileStatus.READY

    wait_for(ready, timeout=90, what="the re-queued render to finish")
    # A second sweep finds nothing to do; the row is the only one, with one stored file.
    assert services.casefile_sweep(now=later + timedelta(hours=1)) == services.CaseFileSweep(
        requeued=0, failed=0, reenqueued=0
    )
    assert CaseFile.objects.count() == 1
    assert casefile.attempts == 2
    (stored,) = stored_files(media)
    assert stored == media / casefile.file.name
    assert stored.read_bytes().startswith(b"%PDF")
    assert stored.stat().st_size == casefile.size


def mails(folder: Path) -> list:
    return [message_from_bytes(path.read_bytes()) for path in sorted(folder.glob("*.log"))]


def test_alert_send_killed_mid_send_is_emailed_once_after_the_sweep(
    seeker, lawyer, caseworker, procs, served_env, celery_queue, tmp_path
):
    mail_dir = Path(served_env["EMAIL_URL"].removeprefix("filemail:///"))
    block = tmp_path / "block"
    deadline_services.deadline_add_manual(
        seeker=seeker, by=None, title="Brief", due_date=timezone.localdate() + timedelta(days=6)
    )
    doomed = start_worker(procs, blocking(served_env, block), celery_queue, "doomed")
    assert sweep().enqueued == 2  # the lawyer's and the caseworker's alert

    # The first alert is claimed and its email is on its way to the server.
    wait_for(lambda: (block / "sending").exists(), timeout=60, what="the first send to start")
    doomed.kill()
    (stuck,) = Alert.objects.filter(sending_since__isnull=False)
    assert stuck.sent_at is None
    assert mails(mail_dir) == []

    # A new worker takes the second alert from the queue at once; the first one's claim is
    # live, so a sweep now leaves it alone (no second sender while the first may still send).
    start_worker(procs, served_env, celery_queue, "fresh")
    other = Alert.objects.exclude(pk=stuck.pk).get()
    wait_for(
        lambda: Alert.objects.filter(pk=other.pk, sent_at__isnull=False).exists(),
        timeout=30,
        what="the second alert to be sent",
    )
    assert sweep().enqueued == 0

    # Ten minutes later the claim is stale: the next sweep hands the alert to the new worker.
    Alert.objects.filter(pk=stuck.pk).update(
        sending_since=stuck.sending_since - CLAIM_STALE - timedelta(seconds=1),
        queued_at=timezone.now() - REQUEUE_AFTER - timedelta(seconds=1),
    )
    assert sweep().enqueued == 1
    wait_for(
        lambda: Alert.objects.filter(pk=stuck.pk, sent_at__isnull=False).exists(),
        timeout=30,
        what="the stuck alert to be sent",
    )
    assert sweep().enqueued == 0
    sent = mails(mail_dir)
    assert sorted(message["To"] for message in sent) == sorted([lawyer.email, caseworker.email])
    assert {message["Subject"] for message in sent} == {
        f"[Caseworks] {seeker.reference}: Deadline approaching"
    }
    stuck.refresh_from_db()
    assert (stuck.email_status, stuck.attempts) == (enums.EmailStatus.SENT, 2)


def test_flight_import_killed_mid_transaction_is_imported_once_after_the_sweep(
    monitor, procs, served_env, celery_queue, tmp_path, shared_data_dir, settings
):
    """The import writes its flights and its "done" in one transaction: the worker dies with
    five flights written and nothing committed, PostgreSQL rolls them back, and the run the
    sweep starts again imports the whole file once."""
    media = Path(served_env["MEDIA_ROOT"])
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media)},
        },
    }
    env = {**served_env, "SHARED_DATA_DIR": str(settings.SHARED_DATA_DIR)}
    block = tmp_path / "block"
    doomed = start_worker(procs, blocking(env, block), celery_queue, "doomed")

    log = shared_data_dir / "flight-observations" / "ICEAirKYKM20191016.csv"
    run = flight_import_start(
        upload=ContentFile(log.read_bytes(), name=log.name),
        observed_at="KYKM",
        export_date=None,
        dry_run=False,
        by=monitor,
    )
    wait_for(lambda: (block / "importing").exists(), timeout=90, what="the import to start")
    doomed.kill()
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("running", 1)
    assert Flight.objects.count() == 0  # the five written flights died with the transaction

    start_worker(procs, env, celery_queue, "fresh")
    later = timezone.now() + timedelta(seconds=settings.FLIGHT_IMPORT_TIMEOUT + 1)
    swept = queueing.requeue_lost_work(now=later)["deportation.FlightImport"]
    assert swept == queueing.WorkSweep(requeued=1, failed=0, reenqueued=0)

    def finished():
        run.refresh_from_db()
        return run.status != "queued" and run.status != "running"

    wait_for(finished, timeout=90, what="the re-queued import to finish")
    assert (run.status, run.attempts, run.error) == ("done", 2, "")
    assert (run.report["created"], run.report["unchanged"]) == (34, 0)
    assert Flight.objects.count() == 34
    nothing = queueing.WorkSweep(requeued=0, failed=0, reenqueued=0)
    assert queueing.requeue_lost_work(now=later + timedelta(hours=1)) == {
        work.model: nothing for work in queueing.QUEUED_WORK
    }
    assert FlightImport.objects.count() == 1
