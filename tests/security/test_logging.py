"""Logs never hold personal data: the main flows, logged at DEBUG, name nobody."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from cases.privacy import data_export_request, privileged_note_add, seeker_erase
from cases.services import seeker_register

pytestmark = pytest.mark.django_db

NAME = "Gennady Loggerov-Secret"
NAME_ORIGINAL = "Геннадий Логгеров"
A_NUMBER = "201555777"
NOTE = "He hid in Almaty for two weeks"
PASSWORD_TRIED = "my-guess-Loggerov-1990"
SECRETS = (NAME, NAME_ORIGINAL, A_NUMBER, "A-201-555-777", "Loggerov", NOTE, PASSWORD_TRIED)


def test_main_flows_log_no_personal_data(
    caplog,
    client,
    caseworker,
    lawyer,
    other_lawyer,
    coordinator,
    django_capture_on_commit_callbacks,
):
    caplog.set_level(logging.DEBUG)
    for name in ("django", "axes", "celery", "cases", "caseworks"):
        caplog.set_level(logging.DEBUG, logger=name)

    client.post(reverse("login"), {"username": "cw", "password": PASSWORD_TRIED})
    seeker = seeker_register(
        by=caseworker,
        name_latin=NAME,
        name_original=NAME_ORIGINAL,
        a_number=A_NUMBER,
        lawyers=[lawyer],
    )
    privileged_note_add(seeker=seeker, by=lawyer, text=NOTE)
    client.force_login(caseworker)
    assert NAME in client.get(seeker.get_absolute_url()).content.decode()
    client.force_login(other_lawyer)
    assert client.get(seeker.get_absolute_url()).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        data_export_request(seeker=seeker, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        seeker_erase(seeker=seeker, by=coordinator)

    assert len(caplog.records) > 0  # the flows did log something
    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert [secret for secret in SECRETS if secret in logged] == []


def test_a_person_repr_holds_no_name(seeker):
    assert repr(seeker) == f"<AsylumSeeker {seeker.reference}>"


def test_template_debug_logging_is_off():
    # django.template at DEBUG logs whole template contexts when a variable is missing.
    assert logging.getLogger("django.template").getEffectiveLevel() == logging.INFO
