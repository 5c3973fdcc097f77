"""The upload page's import runs: store the file, queue the work, run it in a worker.

1. `flight_import_start` (the web request) stores the upload in private storage, creates a
   FlightImport row (queued) and enqueues the task once the transaction commits.
2. The task `deportation.import_flight_log` calls `flight_import_execute`, which claims the
   row by a conditional UPDATE (queued -> running), so a redelivered task does nothing twice.
3. It runs deportation.importers.import_observations on the stored bytes and saves the
   report: done, rejected (the file's errors, nothing written) or failed (an unexpected
   error, nothing written; the message names no person).
4. A worker that dies mid-import (SIGKILL, out of memory) leaves the row running:
   caseworks.queueing.recover_stalled queues it again after FLIGHT_IMPORT_TIMEOUT. That
   re-run is safe because the flights and the "done" status commit in ONE transaction: a
   worker killed before the commit wrote nothing (PostgreSQL rolls back a dead connection's
   transaction), and one killed after it left the row done, which the sweep does not touch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from caseworks.imports import ImportRejected
from caseworks.models import User
from caseworks.queueing import claim, enqueue_on_commit, work_for
from caseworks.services import record_save

from .enums import ImportStatus
from .importers import FlightImportReport, import_observations
from .models import FlightImport

logger = logging.getLogger(__name__)


@transaction.atomic
def flight_import_start(
    *,
    upload: UploadedFile,
    observed_at: str,
    export_date: dt.date | None,
    dry_run: bool,
    by: User | None,
) -> FlightImport:
    from .tasks import import_flight_log

    data = upload.read()
    run = FlightImport(
        original_name=upload.name[:255],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        observed_at=observed_at,
        export_date=export_date,
        dry_run=dry_run,
        created_by=by,
    )
    upload.seek(0)
    run.file.save(run.original_name, upload, save=False)
    record_save(run, by=by)
    enqueue_on_commit(import_flight_log, import_id=run.pk)
    return run


@transaction.atomic
def flight_import_repeat(*, run: FlightImport, by: User | None) -> FlightImport:
    """Import for real the file a preview (dry run) was made of."""
    from .tasks import import_flight_log

    again = FlightImport(
        file=run.file.name,
        original_name=run.original_name,
        size=run.size,
        sha256=run.sha256,
        observed_at=run.observed_at,
        export_date=run.export_date,
        dry_run=False,
        created_by=by,
    )
    record_save(again, by=by)
    enqueue_on_commit(import_flight_log, import_id=again.pk)
    return again


def flight_import_execute(*, import_id: int) -> None:
    started = claim(work_for("deportation.FlightImport"), import_id)
    if started is None:
        return  # gone, or another worker has it / had it
    run = FlightImport.objects.get(pk=import_id)
    try:
        with run.file.open("rb") as stored:
            data = stored.read()
        with transaction.atomic():
            report = import_observations(
                data,
                filename=run.original_name,
                observed_at=run.observed_at,
                export_date=run.export_date,
                dry_run=run.dry_run,
                by=run.created_by,
            )
            if not _finish(import_id, started, ImportStatus.DONE, report):
                # The sweep took the run from us (we were too slow): the run it started
                # imports the file; ours must leave nothing behind.
                transaction.set_rollback(True)
        return
    except ImportRejected as rejected:
        report, status = rejected.report, ImportStatus.REJECTED
    except Exception:
        # Logged without the file's content: it may name people.
        logger.exception("flight log import %s failed", import_id)
        report = FlightImportReport(source=run.original_name, dry_run=run.dry_run)
        report.errors.append(
            (0, "The import stopped on an unexpected error; nothing was imported.")
        )
        status = ImportStatus.FAILED
    _finish(import_id, started, status, report)


def _finish(import_id: int, started: dt.datetime, status: str, report) -> bool:
    """Record the outcome if the run is still ours (running, started when we claimed it)."""
    return bool(
        FlightImport.objects.filter(
            pk=import_id, status=ImportStatus.RUNNING, started_at=started
        ).update(status=status, report=report.as_json(), finished_at=timezone.now())
    )
