"""Redis (broker and cache) dies under a running web app: pages keep answering, requests that
would enqueue work store it (a queued CaseFile, FlightImport or DataExport, pending Alert rows)
and return at once, and when Redis comes back empty the sweeps put every piece of that work on
the queue again; a message sent twice does the work once."""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from cases import enums
from cases.alerts import REQUEUE_AFTER
from cases.models import Alert, CaseFile, Deadline
from caseworks.models import DataExport
from deportation.models import FlightImport
from tests.factories import HearingFactory

from .conftest import (
    csrf_token,
    login,
    manage,
    queued_tasks,
    start_gunicorn,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

# A dead broker may cost a request a little time (kombu retries a publish), never a hang.
QUICK = 5.0


def timed(call, *args, **kwargs):
    started = time.monotonic()
    response = call(*args, timeout=30, allow_redirects=False, **kwargs)
    elapsed = time.monotonic() - started
    assert elapsed < QUICK, f"{response.request.method} {response.url} took {elapsed:.1f}s"
    return response


def test_web_keeps_working_and_loses_no_work_while_redis_is_down(
    seeker, caseworker, procs, served_env, private_redis
):
    env = {**served_env, "REDIS_URL": private_redis.url}
    base = start_gunicorn(procs, env)
    web = login(base, caseworker.username)
    decided = timezone.localdate() - timedelta(days=20)
    hearing = HearingFactory(seeker=seeker, date=decided)
    person = f"{base}{seeker.get_absolute_url()}"
    private_redis.kill()

    # Reading: the dashboard and the person page.
    assert timed(web.get, f"{base}/").status_code == 200
    page = timed(web.get, person)
    assert page.status_code == 200
    assert seeker.reference in page.text

    # Requesting a case file: the row is stored, queued; the page answers at once.
    files = f"{base}/cases/{seeker.reference}/casefiles/"
    token = csrf_token(timed(web.get, files).text)
    answer = timed(web.post, files, data={"edition": "full", "csrfmiddlewaretoken": token})
    assert answer.status_code == 302
    (casefile,) = CaseFile.objects.all()
    assert casefile.status == enums.CaseFileStatus.QUEUED
    assert timed(web.get, f"{base}{answer.headers['Location']}").status_code == 200

    # Recording a decision: the deadlines it implies are stored.
    decision = f"{base}/cases/{seeker.reference}/hearing/{hearing.pk}/decision/"
    token = csrf_token(timed(web.get, decision).text)
    form = {
        "outcome": "denied_removal",
        "decision_date": decided.isoformat(),
        "service_method": "oral",
        "credibility": "credible",
        "csrfmiddlewaretoken": token,
    }
    assert timed(web.post, decision, data=form).status_code == 302
    assert Deadline.objects.filter(seeker=seeker, status=enums.DeadlineStatus.OPEN).exists()

    # Beat's alert sweep runs while Redis is down: the alerts are stored, the sweep survives
    # and logs the failed enqueue by task name and ids only.
    swept = manage(env, "sweep_alerts")
    assert swept.returncode == 0, swept.stderr[-2000:]
    alerts = set(Alert.objects.values_list("pk", flat=True))
    assert alerts
    assert set(Alert.objects.filter(sent_at__isnull=True).values_list("pk", flat=True)) == alerts
    assert "Could not enqueue cases.send_alert" in swept.stderr
    assert seeker.name_latin not in swept.stderr + swept.stdout

    # Redis is back, empty (it keeps nothing on disk): the sweeps enqueue the work again.
    private_redis.start()
    redis = private_redis.client()
    assert queued_tasks(redis) == []
    swept = manage({**env, "CASEFILE_REQUEUE_AFTER": "0"}, "sweep_casefiles")
    assert "1 re-enqueued" in swept.stdout, swept.stderr[-2000:]
    assert queued_tasks(redis) == [("cases.render_casefile", {"casefile_id": casefile.pk})]
    # The next alert sweep comes 15 minutes later, past the 10 minutes an enqueue is trusted.
    Alert.objects.update(queued_at=timezone.now() - REQUEUE_AFTER - timedelta(seconds=1))
    assert manage(env, "sweep_alerts").returncode == 0
    sends = [kwargs for name, kwargs in queued_tasks(redis) if name == "cases.send_alert"]
    assert sorted(kwargs["alert_id"] for kwargs in sends) == sorted(alerts)
    redis.close()


def test_flight_import_and_data_export_queued_while_redis_is_down_run_once_later(
    seeker, coordinator, procs, served_env, private_redis, shared_data_dir
):
    env = {**served_env, "REDIS_URL": private_redis.url}
    base = start_gunicorn(procs, env)
    web = login(base, coordinator.username)
    log = shared_data_dir / "flight-observations" / "ICEAirKYKM20191016.csv"
    private_redis.kill()

    # Uploading a flight log: the file and a queued run are stored; the page answers at once.
    imports = f"{base}/deportation/imports/"
    token = csrf_token(timed(web.get, imports).text)
    form = {"observed_at": "KYKM", "import": "1", "csrfmiddlewaretoken": token}
    upload = {"file": (log.name, log.read_bytes(), "text/csv")}
    answer = timed(web.post, imports, data=form, files=upload)
    assert answer.status_code == 302
    (run,) = FlightImport.objects.all()
    assert run.status == "queued"
    assert timed(web.get, f"{base}{answer.headers['Location']}").status_code == 200

    # Asking for a data-subject export: a queued export is stored.
    exports = f"{base}/cases/{seeker.reference}/data-export/"
    token = csrf_token(timed(web.get, exports).text)
    assert timed(web.post, exports, data={"csrfmiddlewaretoken": token}).status_code == 302
    (export,) = DataExport.objects.all()
    assert export.status == DataExport.Status.QUEUED

    # Redis is back, empty: the sweep enqueues both. A second sweep stands for a message that
    # was only late: each task is then on the queue twice.
    private_redis.start()
    redis = private_redis.client()
    assert queued_tasks(redis) == []
    sweep_env = {**env, "QUEUED_WORK_REQUEUE_AFTER": "0"}
    for _ in range(2):
        swept = manage(sweep_env, "requeue_lost_work")
        assert "deportation.FlightImport: 1 re-enqueued." in swept.stdout, swept.stderr[-2000:]
        assert "caseworks.DataExport: 1 re-enqueued." in swept.stdout
    expected = [
        ("cases.data_export_build", {"export_id": export.pk}),
        ("deportation.import_flight_log", {"import_id": run.pk}),
    ]
    assert sorted(queued_tasks(redis)) == sorted(expected * 2)

    # A worker takes all four messages; each piece of work is done once.
    worker = start_worker(procs, env, "celery")
    wait_for(
        lambda: not queued_tasks(redis) and worker.output().count(" succeeded in ") == 4,
        timeout=120,
        what="the worker to take every message",
    )
    run.refresh_from_db()
    # A second run would have found every flight unchanged and said so in the report.
    assert (run.status, run.report["created"], run.report["unchanged"]) == ("done", 34, 0)
    export.refresh_from_db()
    assert export.status == DataExport.Status.READY
    stored = list((Path(env["MEDIA_ROOT"]) / "exports").iterdir())
    assert stored == [Path(env["MEDIA_ROOT"]) / export.file.name]
    redis.close()
