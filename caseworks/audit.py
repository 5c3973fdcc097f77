"""The access log: one call per look at a case, a document or a case file."""

from __future__ import annotations

from django.db import models

from .models import AccessLog


def log_access(
    *,
    user,
    action: AccessLog.Action,
    seeker_id: int | None = None,
    obj: models.Model | None = None,
    detail: str = "",
) -> AccessLog:
    """Record that `user` did `action`. `detail` must never hold personal data."""
    return AccessLog.objects.create(
        user=user,
        action=action,
        seeker_id=seeker_id,
        object_type=obj._meta.label if obj is not None else "",
        object_id=obj.pk if obj is not None else None,
        detail=detail,
    )
