"""PostgreSQL restarts under a running web app: while it is away every request gets the 503
page in the site's layout (no traceback, no hang), and afterwards the same gunicorn serves
again without a restart (CONN_HEALTH_CHECKS replaces the dead persistent connection)."""

from __future__ import annotations

import time

import pytest

from .conftest import login, start_gunicorn, test_database_url

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_requests_fail_cleanly_during_a_postgres_outage_and_recover(
    seeker, caseworker, procs, served_env, pg_proxy
):
    url = test_database_url(port=pg_proxy.port)
    # Persistent connections: the case where a restart leaves a dead one behind in the worker.
    env = {**served_env, "DATABASE_URL": url, "CONN_MAX_AGE": "300", "REDIS_URL": ""}
    base = start_gunicorn(procs, env)
    web = login(base, caseworker.username)
    person = f"{base}{seeker.get_absolute_url()}"
    assert web.get(person, timeout=10).status_code == 200

    pg_proxy.cut()
    for page in (f"{base}/", person, f"{base}/accounts/login/"):
        started = time.monotonic()
        answer = web.get(page, timeout=30)
        assert time.monotonic() - started < 5
        assert answer.status_code == 503
        assert answer.headers["Retry-After"] == "30"
        assert "Caseworks is briefly unavailable" in answer.text
        assert 'href="/static/vendor/bootstrap/bootstrap.min.css"' in answer.text  # the layout
        assert "Traceback" not in answer.text and "OperationalError" not in answer.text
        assert seeker.name_latin not in answer.text

    pg_proxy.restore()
    # The first request after the restart is served: no app restart, no retry needed.
    answer = web.get(person, timeout=10)
    assert answer.status_code == 200
    assert seeker.reference in answer.text
    assert web.get(f"{base}/", timeout=10).status_code == 200
