"""Putting work on the Celery queue without letting a broker outage break the caller.

The database is the source of truth for all queued work (e.g. `Alert.sent_at`, a queued
`CaseFile`): a periodic sweep finds whatever was not done and enqueues it again (for the rows
listed in QUEUED_WORK below, `requeue_lost`), and gives back the work of a worker that died
mid-run (`recover_stalled`). So a failed enqueue is logged (task name and ids only: tasks
never carry personal data) and swallowed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import Task, current_app
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
# The status of every row of QUEUED_WORK that waits for a worker to claim it, and of one
# that will never be done (its `error` says why, on the row's page).
QUEUED = "queued"
FAILED = "failed"


def enqueue(task: Task, **kwargs: int) -> bool:
    """Send `task` with keyword id arguments; False if the broker refused it."""
    try:
        task.apply_async(kwargs=kwargs)
    except Exception as exc:
        if current_app.conf.task_always_eager:
            raise  # in-process: this is the task's own error, not an outage
        logger.warning("Could not enqueue %s %s: %s", task.name, kwargs, type(exc).__name__)
        return False
    return True


def enqueue_each(task: Task, key: str, ids: Iterable[int]) -> int:
    """Enqueue `task(key=id)` for each id; stop at the first failure (the broker is down, the
    rest would fail too and only slow the caller). Returns how many were enqueued."""
    sent = 0
    for pk in ids:
        if not enqueue(task, **{key: pk}):
            break
        sent += 1
    return sent


def enqueue_on_commit(task: Task, **kwargs: int) -> None:
    """`enqueue` once the current transaction commits. Use this, not `delay_on_commit`, in
    anything a web request calls: an on-commit callback that raises after the commit turns a
    saved change into a 500, and the row (queued) is already the record of the work to do."""
    transaction.on_commit(lambda: enqueue(task, **kwargs))


# --- Work whose message the broker lost ------------------------------------------------------


@dataclass(frozen=True)
class QueuedWork:
    """A kind of work that a row records as waiting, and the task that does it.

    The row is in status "queued" until a worker's task claims it (a conditional UPDATE
    queued -> `started`, stamping `started_at` and counting `attempts`, so a duplicate message
    does nothing) and has `queued_at`: when it was last put on the queue. A row still queued
    `after_setting` seconds later lost its message (the Redis here keeps nothing on disk) and
    is enqueued again by `requeue_lost`. A row still `started` `timeout_setting` seconds after
    `started_at` lost its worker (SIGKILL, out of memory, the task's hard time limit, which is
    that same timeout): `recover_stalled` queues it again, or fails it with `stopped` (an
    "%(attempts)s" message shown to the user in its `error` field) once it has started
    `max_attempts_setting` times. The task must finish only while the row is still its own
    (status `started` and the same `started_at`), so a run the sweep gave away leaves nothing.
    """

    model: str  # "app_label.Model"
    task: str  # dotted path of the Celery task
    key: str  # the task's keyword argument that takes the row's id
    started: str  # the status while a worker has the row
    timeout_setting: str
    stopped: Promise  # lazily translated, with %(attempts)s
    after_setting: str = "QUEUED_WORK_REQUEUE_AFTER"
    max_attempts_setting: str = "QUEUED_WORK_MAX_ATTEMPTS"


# Every kind of queued work; tests/caseworks/test_queueing.py fails when a model with a
# "queued" status is missing. Alerts are not rows of this shape (no status; `queued_at` is
# empty until the first enqueue): cases.alerts.enqueue_unsent re-enqueues them.
QUEUED_WORK: tuple[QueuedWork, ...] = (
    QueuedWork(
        "cases.CaseFile",
        "cases.tasks.render_casefile",
        "casefile_id",
        started="rendering",
        timeout_setting="CASEFILE_RENDER_TIMEOUT",
        stopped=_(
            "Rendering stopped %(attempts)s times without finishing (the worker was "
            "restarted or ran out of memory)."
        ),
        after_setting="CASEFILE_REQUEUE_AFTER",
        max_attempts_setting="CASEFILE_MAX_ATTEMPTS",
    ),
    QueuedWork(
        "deportation.FlightImport",
        "deportation.tasks.import_flight_log",
        "import_id",
        started="running",
        timeout_setting="FLIGHT_IMPORT_TIMEOUT",
        stopped=_(
            "The import stopped %(attempts)s times without finishing (the worker was "
            "restarted or ran out of memory); nothing was imported. Upload the file again; "
            "if it stops again, tell the coordinator."
        ),
    ),
    QueuedWork(
        "caseworks.DataExport",
        "cases.tasks_privacy.data_export_build_task",
        "export_id",
        started="building",
        timeout_setting="DATA_EXPORT_TIMEOUT",
        stopped=_(
            "Building the export stopped %(attempts)s times without finishing (the worker "
            "was restarted or ran out of memory). Prepare a new export; if it stops again, "
            "tell the administrator."
        ),
    ),
)


def work_for(model: str) -> QueuedWork:
    """The QUEUED_WORK entry of `model` ("app_label.Model")."""
    return next(work for work in QUEUED_WORK if work.model == model)


def claim(work: QueuedWork, pk: int) -> datetime | None:
    """A task's first step: take row `pk` by a conditional UPDATE queued -> `work.started`,
    stamping `started_at` and counting the attempt. Returns that `started_at`, under which
    the task must finish (the row is still its own only while status and stamp are), or None
    when the row is not queued: a duplicate message, another worker has it, done, or gone."""
    started = timezone.now()
    claimed = (
        apps.get_model(work.model)
        ._base_manager.filter(pk=pk, status=QUEUED)
        .update(
            status=work.started,
            started_at=started,
            finished_at=None,
            error="",
            attempts=F("attempts") + 1,
        )
    )
    return started if claimed else None


def task_options(model: str) -> dict[str, object]:
    """Celery options for the task of the QUEUED_WORK kind `model`: late acknowledgement, and
    a hard time limit equal to the timeout after which `recover_stalled` takes the row back
    (so no live worker still has it then); the soft limit comes first, so a slow run fails
    with a reason instead of being killed."""
    work = work_for(model)
    timeout = getattr(settings, work.timeout_setting)
    return {
        "acks_late": True,
        "reject_on_worker_lost": True,
        "soft_time_limit": max(timeout - 30, 30),
        "time_limit": timeout,
    }


REQUEUE_BATCH = 500  # a sweep a minute: a backlog larger than this drains over a few minutes


def requeue_lost(work: QueuedWork, *, now: datetime) -> list[int]:
    """Enqueue again the rows of `work` left queued too long; returns their ids.

    1. Lock the rows queued before `now - after` (SKIP LOCKED: two sweeps split the work;
       a row a worker is claiming right now is skipped and needs no message).
    2. Stamp their `queued_at` with `now`, so the next sweep waits a whole interval again.
    3. Enqueue after the commit. A message that was only late, not lost, makes a duplicate:
       the task's claim admits one of them.
    """
    model = apps.get_model(work.model)
    after = timedelta(seconds=getattr(settings, work.after_setting))
    with transaction.atomic():
        waiting = model._base_manager.filter(status=QUEUED, queued_at__lt=now - after)
        locked = waiting.order_by("pk").select_for_update(skip_locked=True)
        ids = list(locked.values_list("pk", flat=True)[:REQUEUE_BATCH])
        if ids:
            model._base_manager.filter(pk__in=ids, status=QUEUED).update(queued_at=now)
            task = import_string(work.task)
            transaction.on_commit(lambda: enqueue_each(task, work.key, ids))
    if ids:
        logger.info("re-enqueued %s %s row(s) whose message was lost", len(ids), work.model)
    return ids


# --- Work whose worker died --------------------------------------------------------------------


def recover_stalled(work: QueuedWork, *, now: datetime) -> tuple[list[int], int]:
    """Give back the rows of `work` whose worker died mid-run: (ids queued again, how many
    failed). The one rule for case files, flight imports and data exports.

    1. Read the rows `started` before `now - timeout`. The task's hard time limit is that
       timeout, so no live worker still has them.
    2. Change each by a conditional UPDATE on the state read (status and `started_at`): a
       worker that finishes at the same moment wins, and its row stays as it made it.
       A row that has started `max attempts` times already becomes failed, with the reason
       shown on its page; any other is queued again (queued_at now, started_at cleared).
    3. Enqueue the re-queued rows after the commit (`requeue_lost` covers a failed enqueue).
    """
    model = apps.get_model(work.model)
    rows = model._base_manager
    timeout = timedelta(seconds=getattr(settings, work.timeout_setting))
    max_attempts = getattr(settings, work.max_attempts_setting)
    error_length = model._meta.get_field("error").max_length
    requeued, failed = [], 0
    with transaction.atomic():
        stalled = rows.filter(status=work.started, started_at__lt=now - timeout).order_by("pk")
        for pk, started, attempts in stalled.values_list("pk", "started_at", "attempts")[
            :REQUEUE_BATCH
        ]:
            same = rows.filter(pk=pk, status=work.started, started_at=started)
            if attempts >= max_attempts:
                reason = (work.stopped % {"attempts": attempts})[:error_length]
                failed += same.update(status=FAILED, finished_at=now, error=reason)
            elif same.update(status=QUEUED, queued_at=now, started_at=None):
                requeued.append(pk)
        if requeued:
            task = import_string(work.task)
            transaction.on_commit(lambda: enqueue_each(task, work.key, requeued))
    if requeued or failed:
        logger.info(
            "%s %s row(s) queued again and %s failed after their worker stopped",
            len(requeued),
            work.model,
            failed,
        )
    return requeued, failed


@dataclass(frozen=True)
class WorkSweep:
    requeued: int  # started too long ago: the worker died; queued again
    failed: int  # the same, but out of attempts
    reenqueued: int  # queued rows whose message was lost


def sweep_work(work: QueuedWork, *, now: datetime) -> WorkSweep:
    """`recover_stalled`, then `requeue_lost` (which leaves the rows just re-queued alone:
    their queued_at is now)."""
    requeued, failed = recover_stalled(work, now=now)
    reenqueued = requeue_lost(work, now=now)
    return WorkSweep(requeued=len(requeued), failed=failed, reenqueued=len(reenqueued))


def requeue_lost_work(*, now: datetime | None = None) -> dict[str, WorkSweep]:
    """`sweep_work` for every kind of QUEUED_WORK (Celery beat each minute, and
    `manage.py requeue_lost_work`)."""
    now = now or timezone.now()
    return {work.model: sweep_work(work, now=now) for work in QUEUED_WORK}
