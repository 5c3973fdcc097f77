"""caseworks.sessions: the every-request session save is one UPDATE, with Django's behaviour."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseworks.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_session_save_of_an_existing_session_is_one_update():
    store = SessionStore()
    store["x"] = 1
    store.create()
    store["x"] = 2
    with CaptureQueriesContext(connection) as ctx:
        store.save()
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["UPDATE"]
    assert SessionStore(store.session_key).load() == {"x": 2}


def test_session_save_of_a_deleted_session_raises_update_error():
    store = SessionStore()
    store.create()
    Session.objects.filter(session_key=store.session_key).delete()
    with pytest.raises(UpdateError):
        store.save()


def test_each_request_moves_the_idle_expiry(client, caseworker, settings):
    settings.SESSION_COOKIE_AGE = 600
    client.force_login(caseworker)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=Session.objects.get(session_key=key).expire_date - timedelta(seconds=500)
    )
    before = Session.objects.get(session_key=key).expire_date
    assert client.get(reverse("cases:seeker_list")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date > before + timedelta(seconds=400)
