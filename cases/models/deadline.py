"""Legal deadlines as stored rows, the closure days that move them, calendar feeds."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from caseworks.choices import FastChoiceDisplay

from .. import enums
from ..deadlines import RULES
from .base import CaseQuerySet
from .people import AsylumSeeker
from .proceedings import Appeal, Hearing


class DeadlineQuerySet(CaseQuerySet):
    def open(self):
        return self.filter(status=enums.DeadlineStatus.OPEN)

    def due_before(self, day: date):
        return self.filter(due_date__lte=day)


class Deadline(FastChoiceDisplay, models.Model):
    """A legal deadline. Computed ones come from `cases.deadlines` via a service; the rule,
    trigger and dates are copied onto the row so that a later rule change never silently
    moves a deadline someone already planned around."""

    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(_("rule"), max_length=40, blank=True, help_text=_("Empty = manual."))
    title = models.CharField(_("title"), max_length=200)
    trigger_date = models.DateField(_("trigger date"), null=True, blank=True)
    due_date = models.DateField(_("legal due date"))
    file_by = models.DateField(_("file by"))
    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=enums.DeadlineStatus.choices,
        default=enums.DeadlineStatus.OPEN,
    )
    completed_on = models.DateField(_("filed / closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    # Closed by what the record says (a filing, a decision, an application date), not by a
    # person: the sync opens it again when the record stops saying so.
    closed_by_record = models.BooleanField(default=False, editable=False)
    history = HistoricalRecords()

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["file_by", "pk"]
        indexes = [
            # Read by the dashboard and the alert sweep: open deadlines by date (the id
            # completes the dashboard's order: a day has a thousand deadlines at 50,000 cases).
            models.Index(
                fields=["file_by", "id"],
                name="deadline_open_file_by",
                condition=Q(status="open"),
            ),
            # A person's next open deadline: the people list's column, its "next deadline"
            # sort and its "deadline within N days" filter (cases.queries, cases.filters).
            models.Index(
                fields=["seeker", "file_by"],
                name="deadline_open_seeker",
                condition=Q(status="open"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(file_by__lte=F("due_date")),
                name="deadline_file_by_not_after_due",
                violation_error_message=_("'File by' cannot be after the legal due date."),
            ),
            # At most one computed deadline per source and rule: the sync in
            # cases.deadline_services updates that row instead of adding another.
            models.UniqueConstraint(
                fields=["hearing", "rule"],
                condition=Q(hearing__isnull=False, appeal__isnull=True) & ~Q(rule=""),
                name="deadline_one_per_hearing_rule",
            ),
            models.UniqueConstraint(
                fields=["appeal", "rule"],
                condition=Q(appeal__isnull=False) & ~Q(rule=""),
                name="deadline_one_per_appeal_rule",
            ),
            models.UniqueConstraint(
                fields=["seeker", "rule"],
                condition=Q(hearing__isnull=True, appeal__isnull=True) & ~Q(rule=""),
                name="deadline_one_per_seeker_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.file_by:%Y-%m-%d}"

    @property
    def rule_info(self):
        """The rule (label, citation, notes) of a computed deadline; None for a manual one."""
        return RULES.get(self.rule)

    @property
    def is_open(self) -> bool:
        return self.status == enums.DeadlineStatus.OPEN


class ClosureDay(models.Model):
    """A day the court or the Board was closed (weather, emergency) on top of legal holidays.

    The deadline engine treats it like a holiday; `cases.deadline_services.closure_day_add`
    moves the open deadlines it affects.
    """

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private iCalendar feed; the token in its URL is the only credential.

    Regenerating the token (`cases.alert_services.calendar_feed_regenerate`) revokes the old URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    issued_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
