"""Celery tasks of the core: thin, safe to run twice (STYLE.md rule 6)."""

from celery import shared_task

from . import queueing


@shared_task(name="caseworks.requeue_lost_work", ignore_result=True)
def requeue_lost_work() -> None:
    """Scheduled by beat (CELERY_BEAT_SCHEDULE["requeue-lost-work"])."""
    queueing.requeue_lost_work()
