"""Flight monitors see a removed person only as the stable pseudonym, on every page they
can reach. The pages come from the access matrix: every row where MONITOR gets 200, so a
page the flights branch adds is checked as soon as its row is in the table."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from caseworks import access
from tests.security import access_table as t
from tests.security.conftest import SECRETS

pytestmark = pytest.mark.django_db

MONITOR_PAGES = sorted(name for name, rule in t.ACCESS.items() if rule.expect[t.MONITOR] == 200)


def test_monitor_pages_include_the_flight_pages():
    assert {"deportation:flight_list", "deportation:flight_detail"} <= set(MONITOR_PAGES)


@pytest.mark.parametrize("name", MONITOR_PAGES)
def test_monitor_page_shows_no_name_or_a_number(name, client, world, monitor):
    rule = t.ACCESS[name]
    client.force_login(monitor)
    response = getattr(client, rule.method)(reverse(name, kwargs=rule.kwargs(world)))
    assert response.status_code == 200
    body = response.content.decode()
    assert [secret for secret in SECRETS if secret in body] == []


def test_person_label_is_the_pseudonym_for_monitors(world, monitor, caseworker, lawyer):
    seeker = world.seeker
    assert access.person_label(monitor, seeker) == seeker.pseudonym
    assert access.person_label(caseworker, seeker) == seeker.name_latin
    assert access.person_label(lawyer, seeker) == seeker.name_latin


def test_person_label_is_the_pseudonym_for_a_lawyer_not_on_the_case(world, other_lawyer):
    assert access.person_label(other_lawyer, world.seeker) == world.seeker.pseudonym


def test_person_label_template_tag(world, monitor, coordinator):
    template = Template("{% load privacy %}[{% person_label seeker %}]")
    for user, expected in (
        (monitor, world.seeker.pseudonym),
        (coordinator, world.seeker.name_latin),
    ):
        request = RequestFactory().get("/")
        request.user = user
        assert template.render(Context({"request": request, "seeker": world.seeker})) == (
            f"[{expected}]"
        )


def test_pseudonym_is_stable_and_unrelated_to_the_name(world):
    seeker = world.seeker
    assert seeker.pseudonym.startswith("P-") and len(seeker.pseudonym) == 8
    seeker.refresh_from_db()
    assert seeker.pseudonym == world.removal.seeker.pseudonym
    assert not any(part.lower() in seeker.pseudonym.lower() for part in seeker.name_latin.split())
