"""Celery tasks of the flight area: thin, keyword-only ids, safe to run twice."""

from celery import shared_task

from .import_runs import flight_import_execute


@shared_task(name="deportation.import_flight_log")
def import_flight_log(*, import_id: int) -> None:
    flight_import_execute(import_id=import_id)
