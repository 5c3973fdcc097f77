"""Login lockouts (django-axes): what a coordinator sees at caseworks:lockouts and lifts.

Failures are counted per username + address (AXES_LOCKOUT_PARAMETERS); axes keeps one row
per browser as well, so the list adds those rows up per username + address.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from .models import User

logger = logging.getLogger(__name__)


def client_ip(request) -> str | None:
    """The client's address for lockouts (settings.AXES_CLIENT_IP_CALLABLE).

    Each proxy appends the address it was called from to X-Forwarded-For, so with N trusted
    proxies the client is the N-th entry from the right; entries further left are whatever
    the client sent and cannot be trusted. Without proxies: the connection's address.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


@dataclass(frozen=True)
class Lockout:
    username: str
    ip_address: str
    failures: int
    last_attempt: datetime

    @property
    def locked(self) -> bool:
        return self.failures >= settings.AXES_FAILURE_LIMIT

    @property
    def locked_until(self) -> datetime:
        return self.last_attempt + settings.AXES_COOLOFF_TIME


def lockout_list() -> list[Lockout]:
    """Username + address pairs with failures inside the cool-off window, locked first."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .values("username", "ip_address")
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .order_by("-failures", "-last_attempt")
    )
    return [Lockout(**row) for row in rows]


@transaction.atomic
def lockout_lift(*, username: str, ip_address: str, by: User) -> int:
    """Forget the failures of `username` from `ip_address`; returns how many rows went."""
    count = reset(ip=ip_address, username=username)
    if count:
        # No username or address in the log: the coordinator's id is the trail.
        logger.info("Login lockout lifted by user %s (%s attempt rows)", by.pk, count)
    return count
