"""Delivering alerts (email, exactly once) and the user's side of them (read, email, calendar).

The sweep (`cases.alerts.sweep`) creates `Alert` rows; one Celery task per row
(`cases.tasks.send_alert`) calls `alert_send`, which:

1. claims the row by one conditional UPDATE (not sent, email wanted, and not claimed or the
   claim is older than CLAIM_STALE). Zero rows updated = someone else has it or it is done;
2. skips the email, stamping why, when the recipient turned email off or the alert no longer
   applies (the deadline was met or moved, the hearing moved);
3. sends it through Django's email API;
4. stamps `sent_at` only after the mail server accepted the message.

A worker killed between 1 and 4 leaves a stale claim; the next sweep re-enqueues the alert
and it is sent then. The only duplicate possible is a kill between the server's acceptance
(3) and the stamp (4): SMTP itself cannot tell us it already has the message.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from caseworks.models import User
from caseworks.services import record_save

from .enums import AlertKind, DeadlineStatus, EmailStatus, HearingOutcome
from .models import Alert, CalendarFeed, new_calendar_token

# Longer than any send can take (Django's SMTP backend gives up after EMAIL_TIMEOUT), so a
# live claim is never taken over; short enough that a killed worker's alert goes out soon.
CLAIM_STALE = timedelta(minutes=10)
# After this many failed sends the alert is marked failed (the in-app alert stays).
MAX_ATTEMPTS = 5


def _claimable(now: datetime) -> Q:
    return Q(sending_since__isnull=True) | Q(sending_since__lt=now - CLAIM_STALE)


def unsent(now: datetime):
    """Alerts whose email is still owed and nobody is sending right now."""
    return Alert.objects.filter(email_status=EmailStatus.PENDING, sent_at__isnull=True).filter(
        _claimable(now)
    )


def _still_applies(alert: Alert) -> bool:
    """A deadline alert about a deadline since met or moved, or a hearing alert about a hearing
    since held or moved, would only confuse: send nothing."""
    if alert.kind in (AlertKind.DEADLINE, AlertKind.DEADLINE_MISSED):
        deadline = alert.deadline
        return deadline.status == DeadlineStatus.OPEN and deadline.file_by == alert.due_on
    if alert.kind == AlertKind.HEARING_NO_LAWYER:
        hearing = alert.hearing
        return hearing.outcome == HearingOutcome.PENDING and hearing.date == alert.due_on
    return True


def alert_link(alert: Alert) -> str:
    """Where the alert leads: the case's deadlines for deadline alerts, else the case."""
    if alert.deadline_id:
        return reverse("cases:seeker_deadlines", args=[alert.seeker.reference])
    return alert.seeker.get_absolute_url()


def render_email(alert: Alert) -> EmailMessage:
    """Case reference, what and when: never a name, an A-number or a note (email leaves us)."""
    context = {
        "alert": alert,
        "link": settings.SITE_URL.rstrip("/") + alert_link(alert),
        "settings_link": settings.SITE_URL.rstrip("/") + reverse("notifications:settings"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("emails/alert_subject.txt", context).strip()
        body = render_to_string("emails/alert.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[alert.recipient.email])


def _finish(alert_id: int, token: str, status: str, **fields) -> None:
    Alert.objects.filter(pk=alert_id, claim_token=token).update(
        email_status=status, sending_since=None, **fields
    )


def alert_send(*, alert_id: int) -> str:
    """Steps 1-4 of the module docstring. Returns what happened: "sent", "off", "obsolete",
    "retry" (the send failed; try again later), "failed" (gave up) or "skipped" (not ours)."""
    now = timezone.now()
    token = secrets.token_hex(16)
    claimed = (
        unsent(now)
        .filter(pk=alert_id)
        .update(sending_since=now, claim_token=token, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    alert = Alert.objects.select_related("recipient", "seeker", "deadline", "hearing").get(
        pk=alert_id
    )
    recipient = alert.recipient
    if not (recipient.is_active and recipient.email_alerts and recipient.email):
        _finish(alert_id, token, EmailStatus.OFF)
        return "off"
    if not _still_applies(alert):
        _finish(alert_id, token, EmailStatus.OBSOLETE)
        return "obsolete"
    try:
        render_email(alert).send()
    except Exception as exc:  # any mail-server or network failure: retry, then give up
        # The class name only: SMTP errors quote addresses, which are personal data.
        error = type(exc).__name__
        if alert.attempts >= MAX_ATTEMPTS:
            _finish(alert_id, token, EmailStatus.FAILED, last_error=error)
            return "failed"
        Alert.objects.filter(pk=alert_id, claim_token=token).update(
            sending_since=None, last_error=error
        )
        return "retry"
    # First stamp wins; a late duplicate worker cannot un-send or re-stamp.
    Alert.objects.filter(pk=alert_id, sent_at__isnull=True).update(
        sent_at=timezone.now(), email_status=EmailStatus.SENT, sending_since=None, last_error=""
    )
    return "sent"


# --- the user's side ---------------------------------------------------------------------------


# Read marks are one conditional UPDATE each (no history: alerts are system rows), so a
# double click or two tabs change nothing twice.


def alert_mark_read(*, alert: Alert, user: User) -> Alert:
    """`alert` must be the user's own (the view fetches it through `Alert.objects.for_user`)."""
    if alert.read_at is None:
        alert.read_at = timezone.now()
        Alert.objects.filter(pk=alert.pk, recipient=user, read_at__isnull=True).update(
            read_at=alert.read_at
        )
    return alert


def alerts_mark_all_read(*, user: User) -> int:
    return Alert.objects.for_user(user).unread().update(read_at=timezone.now())


@transaction.atomic
def user_set_email_alerts(*, user: User, enabled: bool) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_alerts == enabled:
        return user
    user.email_alerts = enabled
    return record_save(user, by=user, update_fields=["email_alerts"])


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Create the user's feed, or give it a new token: the old URL stops working at once."""
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        return record_save(CalendarFeed(user=user))
    feed.token = new_calendar_token()
    return record_save(feed, update_fields=["token", "issued_at"])


@transaction.atomic
def calendar_feed_delete(*, user: User) -> None:
    CalendarFeed.objects.filter(user=user).delete()
