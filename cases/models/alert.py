"""Alerts: one row per (kind, subject, threshold, recipient), made by the sweep."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import enums
from .base import CaseQuerySet
from .deadline import Deadline
from .people import AsylumSeeker
from .proceedings import Hearing


class AlertQuerySet(CaseQuerySet):
    def for_user(self, user):
        """A user's own alerts about cases they may still see (an unassigned lawyer's old
        alerts disappear with the case)."""
        return self.filter(recipient=user).visible_to(user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Alert(models.Model):
    """One alert for one recipient, created by the sweep (`cases.alerts.sweep`).

    Exactly once: the sweep inserts with ON CONFLICT DO NOTHING against `alert_once`, and the
    send task (`cases.alert_services.alert_send`) claims the row by a conditional UPDATE and
    stamps `sent_at` only after the mail server accepted the message.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=enums.AlertKind.choices)
    # What it is about, as "<type>:<id>[:<detail>]", e.g. "deadline:12:2025-07-31". The date in
    # a deadline subject makes a moved deadline alert again at its new thresholds.
    subject = models.CharField(_("subject"), max_length=80)
    threshold = models.SmallIntegerField(_("threshold"), default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="alerts")
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    due_on = models.DateField(_("date concerned"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("email"),
        max_length=20,
        choices=enums.EmailStatus.choices,
        default=enums.EmailStatus.PENDING,
    )
    # Delivery bookkeeping, read by cases.alerts._enqueue_unsent and alert_send.
    queued_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "threshold", "recipient"], name="alert_once"
            ),
        ]
        indexes = [
            # The notification list, newest first. With the id: one sweep stamps all its alerts
            # with one created_at, so without it the page was a sort of all the user's alerts.
            models.Index(fields=["recipient", "-created_at", "-id"], name="alert_recipient_recent"),
            # The unread badge on every page: one COUNT on this index.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="alert_unread"
            ),
            # The sweep's re-enqueue of unsent email.
            models.Index(
                fields=["queued_at"],
                condition=Q(email_status="pending"),
                name="alert_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.threshold}"
