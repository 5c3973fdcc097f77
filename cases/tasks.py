"""Celery tasks: thin, keyword-only ids, safe to run twice (STYLE.md rule 6)."""

from __future__ import annotations

import logging

from celery import shared_task

from caseworks.queueing import task_options

from . import services
from .alert_services import MAX_ATTEMPTS, alert_send
from .alerts import sweep

logger = logging.getLogger(__name__)


@shared_task(name="cases.sweep_alerts", ignore_result=True)
def sweep_alerts() -> None:
    """Scheduled by beat (CELERY_BEAT_SCHEDULE["sweep-alerts"])."""
    report = sweep()
    logger.info(
        "alert sweep: %s due, %s new, %s emails enqueued",
        report.due,
        report.created,
        report.enqueued,
    )


def retry_countdown(retries: int) -> int:
    """Seconds before the next try: 1, 2, 4, 8 minutes."""
    return 60 * 2**retries


@shared_task(name="cases.send_alert", bind=True, max_retries=MAX_ATTEMPTS, ignore_result=True)
def send_alert(self, *, alert_id: int) -> str:
    """Email one alert. A failed send is retried with exponential backoff; `alert_send`
    counts attempts in the row, so the limit holds across worker restarts.

    In-process (no broker, `make run`) there is no queue to wait on: the failure is left to
    the next sweep, which re-enqueues the alert once its claim is released.
    """
    outcome = alert_send(alert_id=alert_id)
    if outcome == "retry" and not self.request.is_eager:
        raise self.retry(countdown=retry_countdown(self.request.retries))
    return outcome


# The hard limit (CASEFILE_RENDER_TIMEOUT) kills a stuck render; casefile_sweep then finds the
# row stale and re-queues it. The soft limit comes first, so a slow render fails with a reason.
@shared_task(name="cases.render_casefile", **task_options("cases.CaseFile"))
def render_casefile(*, casefile_id: int) -> None:
    services.casefile_render(casefile_id=casefile_id)


@shared_task(name="cases.sweep_casefiles", acks_late=True)
def sweep_casefiles() -> None:
    services.casefile_sweep()
