"""caseworks.sessions: the every-request session save is one UPDATE at most, and none when
nothing changed and the idle expiry was moved less than a minute ago."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from caseworks.sessions import REFRESH_AFTER, SessionStore

pytestmark = pytest.mark.django_db


def _new_session() -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    return store.session_key


def _saves(store) -> list[str]:
    with CaptureQueriesContext(connection) as ctx:
        store.save()
    return [q["sql"].split()[0] for q in ctx.captured_queries]


def test_changed_session_is_saved_with_one_update():
    store = SessionStore(_new_session())
    store["x"] = 2
    assert _saves(store) == ["UPDATE"]
    assert SessionStore(store.session_key).load() == {"x": 2}


def test_unchanged_session_is_not_written_within_a_minute():
    key = _new_session()
    store = SessionStore(key)
    assert store["x"] == 1  # read, as every page reads the login
    assert _saves(store) == []


def test_unchanged_session_moves_its_expiry_after_a_minute(settings):
    key = _new_session()
    with time_machine.travel(timezone.now() + REFRESH_AFTER + timedelta(seconds=1)):
        store = SessionStore(key)
        assert store["x"] == 1
        assert _saves(store) == ["UPDATE"]
        expected = timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs(Session.objects.get(session_key=key).expire_date - expected) < timedelta(seconds=1)


def test_session_save_of_a_deleted_session_raises_update_error():
    store = SessionStore(_new_session())
    store["x"] = 3
    Session.objects.filter(session_key=store.session_key).delete()
    with pytest.raises(UpdateError):
        store.save()


def test_requests_keep_the_session_alive(client, caseworker, settings):
    """The idle timeout still slides: a page after a quiet spell moves the expiry."""
    settings.SESSION_COOKIE_AGE = 600
    client.force_login(caseworker)
    key = client.session.session_key
    start = timezone.now()
    with time_machine.travel(start + timedelta(seconds=500)):
        assert client.get(reverse("cases:seeker_list")).status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert expiry > start + timedelta(seconds=1000)
