"""Putting work on the Celery queue without letting a broker outage break the caller.

The database is the source of truth for all queued work (e.g. `Alert.sent_at`, a queued
`CaseFile`): a periodic sweep finds whatever was not done and enqueues it again (for the rows
listed in QUEUED_WORK below, `requeue_lost`). So a failed enqueue is logged (task name and ids
only: tasks never carry personal data) and swallowed.
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
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)
# The status of every row of QUEUED_WORK that waits for a worker to claim it.
QUEUED = "queued"


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
    queued -> running, so a duplicate message does nothing) and has `queued_at`: when it was
    last put on the queue. A row still queued `after_setting` seconds later lost its message
    (the Redis here keeps nothing on disk) and is enqueued again by `requeue_lost`.
    """

    model: str  # "app_label.Model"
    task: str  # dotted path of the Celery task
    key: str  # the task's keyword argument that takes the row's id
    after_setting: str = "QUEUED_WORK_REQUEUE_AFTER"


# Every kind of queued work; tests/caseworks/test_queueing.py fails when a model with a
# "queued" status is missing. Alerts are not rows of this shape (no status; `queued_at` is
# empty until the first enqueue): cases.alerts.enqueue_unsent re-enqueues them.
QUEUED_WORK: tuple[QueuedWork, ...] = (
    QueuedWork(
        "cases.CaseFile", "cases.tasks.render_casefile", "casefile_id", "CASEFILE_REQUEUE_AFTER"
    ),
    QueuedWork("deportation.FlightImport", "deportation.tasks.import_flight_log", "import_id"),
    QueuedWork("caseworks.DataExport", "cases.tasks_privacy.data_export_build_task", "export_id"),
)
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


def requeue_lost_work(*, now: datetime | None = None) -> dict[str, int]:
    """`requeue_lost` for every kind of QUEUED_WORK (Celery beat each minute, and
    `manage.py requeue_lost_work`): how many rows of each kind were enqueued again."""
    now = now or timezone.now()
    return {work.model: len(requeue_lost(work, now=now)) for work in QUEUED_WORK}
