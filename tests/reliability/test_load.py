"""A short load test: 50 logged-in users for 60 s on gunicorn (2 workers) against a seeded
PostgreSQL test database, loopback only. No 5xx (no failure at all) is the assertion; the
throughput and latency percentiles are written to bench/load.json for bench/REPORT.md."""

from __future__ import annotations

import csv
import json
import os
import platform

import pytest

from caseworks.enums import Role
from tests.factories import (
    AsylumSeekerFactory,
    FacilityFactory,
    FlightFactory,
    UserFactory,
    detain,
)

from .conftest import PASSWORD, ROOT, VENV_BIN, start_gunicorn, wait_for

pytestmark = [pytest.mark.load, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

USERS, SECONDS = 50, 60


def test_fifty_users_for_a_minute_get_no_server_error(procs, served_env, tmp_path):
    users = [UserFactory(username=f"load{i}", role=Role.CASEWORKER).username for i in range(USERS)]
    facilities = [FacilityFactory() for _ in range(5)]
    people = []
    for i in range(60):
        seeker = AsylumSeekerFactory()
        detain(seeker, facilities[i % len(facilities)])
        people.append(seeker.reference)
    for _ in range(10):
        FlightFactory()
    base = start_gunicorn(procs, {**served_env, "REDIS_URL": ""}, workers=2)
    prefix = tmp_path / "load"
    env = {
        **served_env,
        "RELIABILITY_USERS": ",".join(users),
        "RELIABILITY_PASSWORD": PASSWORD,
        "RELIABILITY_PEOPLE": ",".join(people),
    }
    argv = [str(VENV_BIN / "locust"), "-f", str(ROOT / "tests/reliability/locustfile.py")]
    argv += ["--headless", "-u", str(USERS), "-r", "25", "-t", f"{SECONDS}s", "--host", base]
    argv += ["--csv", str(prefix), "--only-summary", "--stop-timeout", "5"]
    locust = procs.start("locust", argv, env)
    wait_for(lambda: not locust.alive(), timeout=SECONDS + 60, what="locust to finish", every=1)

    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    failures = open(f"{prefix}_failures.csv").read()  # noqa: SIM115
    assert int(total["Failure Count"]) == 0, failures
    assert int(total["Request Count"]) > USERS * 10

    def figures(row):
        return {
            "requests": int(row["Request Count"]),
            "requests_per_second": round(float(row["Requests/s"]), 1),
            **{f"p{p}_ms": int(float(row[f"{p}%"])) for p in (50, 90, 95, 99)},
            "max_ms": int(float(row["Max Response Time"])),
        }

    report = {
        "what": f"{USERS} logged-in users, {SECONDS} s, gunicorn -w 2, PostgreSQL, loopback",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs (shared)",
        "server_errors": 0,
        "total": figures(total),
        "pages": {name: figures(row) for name, row in rows.items() if name != "Aggregated"},
    }
    (ROOT / "bench" / "load.json").write_text(json.dumps(report, indent=2) + "\n")
