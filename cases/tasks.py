"""Celery tasks of the cases app: thin, keyword-only, ids only (no personal data in the broker).

Both are safe to run twice: the service claims the row before it does anything.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import services


@shared_task(
    name="cases.render_casefile",
    acks_late=True,
    reject_on_worker_lost=True,
    # The hard limit kills a stuck render; casefile_sweep then finds the row stale and
    # re-queues it. The soft limit comes first, so a slow render fails with a reason.
    soft_time_limit=max(settings.CASEFILE_RENDER_TIMEOUT - 30, 30),
    time_limit=settings.CASEFILE_RENDER_TIMEOUT,
)
def render_casefile(*, casefile_id: int) -> None:
    services.casefile_render(casefile_id=casefile_id)


@shared_task(name="cases.sweep_casefiles", acks_late=True)
def sweep_casefiles() -> None:
    services.casefile_sweep()
