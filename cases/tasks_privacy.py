"""Celery tasks of cases.privacy: thin, ids only, safe to run twice."""

from celery import shared_task

from caseworks.queueing import task_options

from . import privacy


# The hard limit (DATA_EXPORT_TIMEOUT) kills a stuck build; caseworks.queueing.recover_stalled
# then queues the building row again.
@shared_task(name="cases.data_export_build", **task_options("caseworks.DataExport"))
def data_export_build_task(*, export_id: int) -> None:
    privacy.data_export_build(export_id=export_id)


@shared_task(name="cases.data_export_purge_expired")
def data_export_purge_expired_task() -> None:
    privacy.data_export_purge_expired()
