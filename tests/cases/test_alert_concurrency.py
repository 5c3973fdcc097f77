"""Exactly once under real concurrency: two sweeps and two senders at the same moment, each in
its own PostgreSQL connection (threads), and a real Celery worker on Redis."""

import os
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from celery import current_app
from django.conf import settings
from django.core import mail
from django.db import connection, connections

from cases import deadline_services as ds
from cases.alert_services import alert_send
from cases.alerts import sweep
from cases.models import Alert
from tests.factories import AsylumSeekerFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = datetime(2025, 7, 24, 19, tzinfo=UTC)  # Thu Jul 24 2025, noon in Los Angeles


def in_parallel(*calls):
    """Run each call in its own thread and connection, released together by a barrier."""
    barrier = threading.Barrier(len(calls))
    results, errors = [None] * len(calls), []

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    return results


@pytest.fixture
def many_due(caseworker, lawyer):
    """40 people, each with one deadline 7 days out: 80 alerts due."""
    for _ in range(40):
        seeker = AsylumSeekerFactory(caseworkers=[caseworker], lawyers=[lawyer])
        ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=date(2025, 7, 31))


def test_concurrent_sweeps_create_each_alert_once(many_due, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    assert connection.vendor == "postgresql"
    reports = in_parallel(lambda: sweep(now=NOW), lambda: sweep(now=NOW))
    assert [r.due for r in reports] == [80, 80]
    assert Alert.objects.count() == 80
    assert (
        Alert.objects.values("kind", "subject", "threshold", "recipient").distinct().count() == 80
    )
    # Both enqueued (eager: sent) what they could lock; no alert was enqueued by both.
    assert sum(r.enqueued for r in reports) == 80
    assert Alert.objects.filter(email_status="sent", attempts=1).count() == 80


def test_concurrent_sends_of_one_alert_send_one_email(caseworker, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=date(2025, 7, 31))
    Alert.objects.bulk_create(
        [
            Alert(
                kind="deadline",
                subject="deadline:x",
                threshold=7,
                recipient=caseworker,
                seeker=seeker,
                deadline=seeker.deadlines.get(),
                due_on=date(2025, 7, 31),
            )
        ]
    )
    alert = Alert.objects.get()
    outcomes = in_parallel(*[lambda: alert_send(alert_id=alert.pk)] * 4)
    assert sorted(outcomes) == ["sent", "skipped", "skipped", "skipped"]
    assert len(mail.outbox) == 1


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path, monkeypatch):
    """A real `celery -A caseworks worker` on Redis and the test database, mailing into files.

    It listens on a queue of its own, so no other worker on the same Redis takes its tasks."""
    queue = f"caseworks-test-{uuid.uuid4().hex[:8]}"
    outbox = tmp_path / "mail"
    outbox.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "caseworks.settings",
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-only-not-a-secret",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": os.environ["REDIS_URL"],
        "EMAIL_URL": f"filemail:///{outbox}",
        "SITE_URL": "https://caseworks.example.org",
    }
    process = subprocess.Popen(  # noqa: S603 (our own worker, fixed arguments)
        [sys.executable, "-m", "celery", "-A", "caseworks", "worker", "-Q", queue]
        + ["-P", "solo", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        + ["-l", "warning"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    monkeypatch.setitem(current_app.conf, "task_always_eager", False)
    monkeypatch.setitem(current_app.conf, "task_default_queue", queue)
    monkeypatch.setitem(current_app.conf, "broker_url", os.environ["REDIS_URL"])
    try:
        yield outbox
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_for(check, *, seconds: float = 60, step: float = 0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)  # a poll interval, not a timing assumption
    raise AssertionError(f"not done within {seconds}s")


@pytest.mark.redis
def test_real_worker_sends_each_alert_once(worker, caseworker, lawyer):
    seeker = AsylumSeekerFactory(caseworkers=[caseworker], lawyers=[lawyer])
    ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=date(2025, 7, 31))
    UserFactory(username="bystander")  # not assigned: gets nothing

    report = sweep(now=NOW)  # commits, then enqueues on Redis
    assert (report.created, report.enqueued) == (2, 2)
    wait_for(lambda: Alert.objects.filter(sent_at__isnull=False).count() == 2)
    sweep(now=NOW)  # a second sweep enqueues nothing and sends nothing

    messages = wait_for(lambda: _messages(worker) if len(_messages(worker)) >= 2 else None)
    assert len(messages) == 2
    assert {m.split("To: ")[1].split("\n")[0] for m in messages} == {
        "cw@example.org",
        "lawyer@example.org",
    }
    for message in messages:
        assert f"Subject: [Caseworks] {seeker.reference}: Deadline approaching" in message
        assert f"https://caseworks.example.org/cases/{seeker.reference}/deadlines/" in message
        assert seeker.name_latin not in message
    assert set(Alert.objects.values_list("email_status", "attempts")) == {("sent", 1)}


def _messages(outbox: Path) -> list[str]:
    texts = [path.read_text() for path in outbox.glob("*.log")]
    return [m for text in texts for m in text.split("-" * 79) if "Subject:" in m]
