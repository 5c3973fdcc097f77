"""Sending alerts exactly once (cases.alert_services.alert_send and the send task): the claim,
stale claims after a killed worker, mail-server failures, and a broker that is down."""

import smtplib
from datetime import date, timedelta

import pytest
import time_machine
from celery import current_app
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.utils import timezone
from kombu.exceptions import OperationalError

from cases import deadline_services as ds
from cases.alert_services import CLAIM_STALE, MAX_ATTEMPTS, alert_send
from cases.alerts import sweep
from cases.models import Alert
from cases.tasks import retry_countdown, send_alert
from tests.factories import AsylumSeekerFactory, noon

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture(autouse=True)
def _thursday_jul_24_2025():
    with time_machine.travel(noon(D(2025, 7, 24)), tick=False) as traveller:
        yield traveller


@pytest.fixture
def alert(seeker, lawyer):
    """The lawyer's 7-day alert for a deadline filed by Thu Jul 31, not yet sent."""
    ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep()  # its on_commit enqueue does not run inside the test's transaction
    return Alert.objects.get(recipient=lawyer)


def test_alert_email_names_the_case_reference_only(alert, seeker, mailoutbox, settings):
    settings.SITE_URL = "https://caseworks.example.org"
    assert alert_send(alert_id=alert.pk) == "sent"
    (mail,) = mailoutbox
    assert mail.to == ["lawyer@example.org"]
    assert mail.subject == f"[Caseworks] {seeker.reference}: Deadline approaching"
    assert "Brief: file by Thu 31 Jul 2025, 7 days or less left." in mail.body
    assert f"https://caseworks.example.org/cases/{seeker.reference}/deadlines/" in mail.body
    assert seeker.name_latin not in mail.body and seeker.name_latin not in mail.subject


def test_urgent_alert_says_so_in_the_subject(caseworker, mailoutbox):
    alone = AsylumSeekerFactory(caseworkers=[caseworker])
    ds.deadline_add_manual(seeker=alone, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep()
    assert alert_send(alert_id=Alert.objects.get().pk) == "sent"
    assert mailoutbox[0].subject.startswith("URGENT, no lawyer: [Caseworks] ")
    assert "This person has no lawyer." in mailoutbox[0].body


def test_two_sends_of_one_alert_send_one_email(alert, mailoutbox):
    assert [alert_send(alert_id=alert.pk), alert_send(alert_id=alert.pk)] == ["sent", "skipped"]
    assert len(mailoutbox) == 1
    alert.refresh_from_db()
    assert (alert.email_status, alert.attempts, alert.sending_since) == ("sent", 1, None)
    assert alert.sent_at == timezone.now()


def claimed_by_a_worker(alert, ago: timedelta):
    Alert.objects.filter(pk=alert.pk).update(
        sending_since=timezone.now() - ago,
        claim_token="another-worker",
        queued_at=timezone.now() - ago,
        attempts=1,
    )


def test_live_claim_keeps_other_workers_and_the_sweep_away(alert, mailoutbox):
    claimed_by_a_worker(alert, timedelta(minutes=5))
    assert alert_send(alert_id=alert.pk) == "skipped"
    assert sweep().enqueued == 0
    assert mailoutbox == []


def test_stale_claim_of_a_killed_worker_is_sent_by_the_next_sweep(
    alert, mailoutbox, django_capture_on_commit_callbacks
):
    claimed_by_a_worker(alert, CLAIM_STALE + timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()
    assert report.enqueued == 1
    assert [m.to for m in mailoutbox] == [["lawyer@example.org"]]
    alert.refresh_from_db()
    assert (alert.email_status, alert.attempts) == ("sent", 2)


def test_met_deadline_makes_unsent_alert_obsolete(alert, mailoutbox):
    ds.deadline_mark_met(deadline=alert.deadline, by=None, completed_on=D(2025, 7, 24))
    assert alert_send(alert_id=alert.pk) == "obsolete"
    assert mailoutbox == []
    alert.refresh_from_db()
    assert (alert.email_status, alert.sent_at, alert.read_at) == ("obsolete", None, None)


def test_email_turned_off_after_the_sweep_is_respected(alert, lawyer, mailoutbox):
    lawyer.email_alerts = False
    lawyer.save()
    assert alert_send(alert_id=alert.pk) == "off"
    assert mailoutbox == []


class FlakyBackend(LocmemBackend):
    """A mail server that hangs up `failures` times, then accepts."""

    failures = 0

    def send_messages(self, messages):
        if FlakyBackend.failures:
            FlakyBackend.failures -= 1
            raise smtplib.SMTPRecipientsRefused({"lawyer@example.org": (550, b"no")})
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = f"{FlakyBackend.__module__}.FlakyBackend"
    return FlakyBackend


def sweep_minutes_later(minutes: int, capture):
    with time_machine.travel(noon(D(2025, 7, 24)) + timedelta(minutes=minutes), tick=False):
        with capture(execute=True):
            return sweep()


def test_failed_send_is_retried_until_the_server_accepts(
    alert, flaky, mailoutbox, django_capture_on_commit_callbacks
):
    flaky.failures = 3  # each sweep tries both alerts in order: fail+fail, fail+ok, ok
    sweep_minutes_later(11, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    alert.refresh_from_db()
    assert (alert.email_status, alert.last_error) == ("pending", "SMTPRecipientsRefused")
    sweep_minutes_later(22, django_capture_on_commit_callbacks)
    sweep_minutes_later(33, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mailoutbox) == ["cw@example.org", "lawyer@example.org"]
    assert sorted(Alert.objects.values_list("email_status", "attempts", "last_error")) == [
        ("sent", 2, ""),
        ("sent", 3, ""),
    ]


def test_send_gives_up_after_max_attempts_without_leaking_the_address(alert, flaky):
    flaky.failures = 100
    outcomes = [send_alert.delay(alert_id=alert.pk).get() for _ in range(MAX_ATTEMPTS + 1)]
    assert outcomes == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed", "skipped"]
    alert.refresh_from_db()
    assert (alert.email_status, alert.attempts) == ("failed", MAX_ATTEMPTS)
    assert alert.last_error == "SMTPRecipientsRefused"
    assert alert.sent_at is None
    assert Alert.objects.filter(pk=alert.pk).filter(email_status="pending").count() == 0


def test_worker_retry_backs_off_exponentially():
    assert [retry_countdown(n) for n in range(4)] == [60, 120, 240, 480]


def test_broker_down_loses_no_alert(
    alert, seeker, mailoutbox, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(kwargs)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    Alert.objects.update(queued_at=None)
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    monkeypatch.setattr(send_alert, "apply_async", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep()  # must not raise
    assert report.enqueued == 2 and len(calls) == 1  # stops at the first refusal
    assert "Could not enqueue cases.send_alert {'alert_id': " in caplog.text
    assert "OperationalError" in caplog.text
    assert seeker.name_latin not in caplog.text and "@example.org" not in caplog.text
    assert set(Alert.objects.values_list("email_status", flat=True)) == {"pending"}
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep().enqueued == 0  # queued 0 minutes ago: give the queue a chance
    assert sweep_minutes_later(11, django_capture_on_commit_callbacks).enqueued == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["cw@example.org", "lawyer@example.org"]
