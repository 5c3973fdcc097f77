"""Redis (broker and cache) dies under a running web app: pages keep answering, requests that
would enqueue work store it (a queued CaseFile, pending Alert rows) and return at once, and
when Redis comes back empty the sweeps put every piece of that work on the queue again."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from cases import enums
from cases.alerts import REQUEUE_AFTER
from cases.models import Alert, CaseFile, Deadline
from tests.factories import HearingFactory

from .conftest import csrf_token, login, manage, queued_tasks, start_gunicorn

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
