"""Fixtures shared by the whole suite, and the rule that CI may not skip service tests.

Tests marked `postgres` or `redis` need those servers (DATABASE_URL / REDIS_URL). Locally they
are skipped when the server is not configured; with CASEWORKS_REQUIRE_SERVICES=1 (set by
.ci/run) a missing service fails the run instead.
"""

from __future__ import annotations

import os

import pytest
from django.conf import settings
from django.db import connection

from caseworks.enums import Role
from tests import factories


def _service_available(marker: str) -> bool:
    if marker == "postgres":
        return connection.vendor == "postgresql"
    if marker == "redis":
        return bool(os.environ.get("REDIS_URL"))
    return True


def pytest_collection_modifyitems(config, items):
    require = os.environ.get("CASEWORKS_REQUIRE_SERVICES") == "1"
    missing = set()
    for item in items:
        for marker in ("postgres", "redis"):
            if item.get_closest_marker(marker) and not _service_available(marker):
                if require:
                    missing.add(marker)
                else:
                    item.add_marker(pytest.mark.skip(reason=f"needs {marker} (not configured)"))
    if missing:
        raise pytest.UsageError(
            f"CASEWORKS_REQUIRE_SERVICES=1 but not configured: {', '.join(sorted(missing))}"
        )


_SKIPPED_SERVICE_TESTS: list[str] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and any(item.get_closest_marker(m) for m in ("postgres", "redis")):
        _SKIPPED_SERVICE_TESTS.append(item.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CASEWORKS_REQUIRE_SERVICES") == "1" and _SKIPPED_SERVICE_TESTS:
        print("\nService-backed tests were skipped:\n  " + "\n  ".join(_SKIPPED_SERVICE_TESTS))
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def coordinator(db):
    return factories.UserFactory(role=Role.COORDINATOR, username="coord")


@pytest.fixture
def caseworker(db):
    return factories.UserFactory(role=Role.CASEWORKER, username="cw")


@pytest.fixture
def colleague(db):
    return factories.UserFactory(role=Role.CASEWORKER, username="cw2")


@pytest.fixture
def lawyer(db):
    return factories.UserFactory(role=Role.LAWYER, username="lawyer")


@pytest.fixture
def other_lawyer(db):
    return factories.UserFactory(role=Role.LAWYER, username="lawyer2")


@pytest.fixture
def monitor(db):
    return factories.UserFactory(role=Role.MONITOR, username="monitor")


@pytest.fixture
def seeker(db, caseworker, lawyer):
    """A detained person with `lawyer` assigned (and `other_lawyer` not)."""
    return factories.AsylumSeekerFactory(caseworkers=[caseworker], lawyers=[lawyer])


def client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def shared_data_dir():
    path = settings.SHARED_DATA_DIR
    if not path.exists():
        pytest.skip(f"public data set not found at {path}")
    return path


@pytest.fixture
def pinned_today():
    """Pin the clock to Monday 2 March 2026, noon in the organization's zone (Los Angeles)."""
    import time_machine

    with time_machine.travel("2026-03-02 12:00 -08:00", tick=False):
        yield


@pytest.fixture
def reference_case(caseworker, lawyer):
    """Pavel Orlov, the invented reference story, with every kind of record (case files)."""
    return factories.reference_case(caseworker=caseworker, lawyer=lawyer)
