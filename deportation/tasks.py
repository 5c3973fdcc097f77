"""Celery tasks of the flight area: thin, keyword-only ids, safe to run twice."""

from celery import shared_task

from caseworks.queueing import task_options

from .import_runs import flight_import_execute


# The hard limit (FLIGHT_IMPORT_TIMEOUT) kills a stuck import, which commits nothing (one
# transaction); caseworks.queueing.recover_stalled then queues the running row again.
@shared_task(name="deportation.import_flight_log", **task_options("deportation.FlightImport"))
def import_flight_log(*, import_id: int) -> None:
    flight_import_execute(import_id=import_id)
