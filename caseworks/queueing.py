"""Putting work on the Celery queue without letting a broker outage break the caller.

The database is the source of truth for all queued work (e.g. `Alert.sent_at`): a periodic
sweep finds whatever was not done and enqueues it again. So a failed enqueue is logged (task
name and ids only: tasks never carry personal data) and swallowed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from celery import Task, current_app

logger = logging.getLogger(__name__)


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
