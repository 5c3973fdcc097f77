"""Celery tasks of cases.privacy: thin, ids only, safe to run twice."""

from celery import shared_task

from . import privacy


@shared_task(name="cases.data_export_build", acks_late=True)
def data_export_build_task(*, export_id: int) -> None:
    privacy.data_export_build(export_id=export_id)


@shared_task(name="cases.data_export_purge_expired")
def data_export_purge_expired_task() -> None:
    privacy.data_export_purge_expired()
