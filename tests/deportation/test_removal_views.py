"""Removals: recorded from the person page by roles that see the case, followed up by flight
monitors, who see the person only as a pseudonym and reach no case page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from cases.enums import CustodyStatus
from deportation.enums import ArrivalOutcome
from deportation.models import Removal, RemovalFollowUp
from tests.factories import (
    AirportFactory,
    AsylumSeekerFactory,
    FlightFactory,
    HearingFactory,
    RemovalFactory,
)

pytestmark = pytest.mark.django_db

NAME, NAME_CYRILLIC, A_NUMBER = "Pavel Testov", "Павел Тестов", "A-201-555-014"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def flight():
    kaex = AirportFactory(icao="KAEX", country="US")
    heca = AirportFactory(icao="HECA", country="EG")
    uuee = AirportFactory(icao="UUEE", country="RU")
    return FlightFactory(
        date=dt.date(2025, 5, 20), flight_number="DMO103", legs=[(kaex, heca), (heca, uuee)]
    )


@pytest.fixture
def removed(caseworker, lawyer, flight):
    """A removed person whose identity must never reach a flight monitor."""
    seeker = AsylumSeekerFactory(
        name_latin=NAME,
        name_original=NAME_CYRILLIC,
        a_number=A_NUMBER,
        date_of_birth=dt.date(1991, 3, 14),
        caseworkers=[caseworker],
        lawyers=[lawyer],
    )
    hearing = HearingFactory(seeker=seeker, date=dt.date(2025, 1, 10))
    removal = RemovalFactory(
        seeker=seeker,
        removal_date=dt.date(2025, 5, 20),
        flight=flight,
        final_order=hearing,
        outcome=ArrivalOutcome.ARRESTED,
        notes="Wife reached at home; staff only.",
    )
    return removal


def _form(removal=None, **fields):
    data = {
        "removal_date": "2025-05-20",
        "flight": "2025-05-20 DMO103",
        "destination_country": "RU",
        "route_summary": "",
        "final_order": "",
        "outcome": "arrested",
        "last_contact_on": "",
        "notes": "",
    }
    return data | fields


# --------------------------------------------------------------------------- record


def test_removal_create_from_case_reference(client, caseworker, flight):
    seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    hearing = HearingFactory(seeker=seeker, date=dt.date(2025, 2, 3))
    client.force_login(caseworker)
    url = reverse("deportation:removal_create", args=[seeker.reference])
    form = client.get(url, {"flight": flight.pk}).content.decode()
    assert 'value="2025-05-20 DMO103"' in form  # prefilled from ?flight=
    response = client.post(url, _form(final_order=str(hearing.pk), notes="Staff note"))
    removal = Removal.objects.get()
    assert response["Location"] == removal.get_absolute_url()
    assert (removal.seeker, removal.flight, removal.final_order, removal.outcome) == (
        seeker,
        flight,
        hearing,
        "arrested",
    )
    seeker.refresh_from_db()
    assert seeker.custody_status == CustodyStatus.REMOVED


def test_removal_create_final_order_only_this_persons_hearings(client, caseworker, flight):
    seeker, other = AsylumSeekerFactory(), AsylumSeekerFactory()
    other_hearing = HearingFactory(seeker=other, date=dt.date(2025, 2, 3))
    client.force_login(caseworker)
    url = reverse("deportation:removal_create", args=[seeker.reference])
    response = client.post(url, _form(final_order=str(other_hearing.pk)))
    assert "Select a valid choice" in response.content.decode()
    assert not Removal.objects.exists()


def test_removal_create_unknown_flight_and_future_date_explained(client, caseworker):
    seeker = AsylumSeekerFactory()
    client.force_login(caseworker)
    url = reverse("deportation:removal_create", args=[seeker.reference])
    page = client.post(url, _form(flight="2025-05-21 NOPE1")).content.decode()
    assert "No flight NOPE1 on 2025-05-21 is recorded. Record the flight first." in page
    page = client.post(url, _form(flight="", removal_date="2025-06-02")).content.decode()
    assert "the date is in the future" in page
    assert not Removal.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("monitor", 403), ("lawyer", 403), ("other_lawyer", 403)]
)
def test_removal_create_other_roles_refused(client, request, role, status):
    seeker = AsylumSeekerFactory()
    client.force_login(request.getfixturevalue(role))
    url = reverse("deportation:removal_create", args=[seeker.reference])
    assert client.get(url).status_code == status
    assert client.post(url, _form(flight="")).status_code == status
    assert not Removal.objects.exists()


def test_removal_create_unknown_reference_404(client, caseworker):
    client.force_login(caseworker)
    url = reverse("deportation:removal_create", args=["CW-NOPE00"])
    assert client.get(url).status_code == 404


# --------------------------------------------------------------------------- monitors


def test_monitor_edits_tracking_fields_only(client, monitor, removed):
    client.force_login(monitor)
    url = reverse("deportation:removal_update", args=[removed.pk])
    form = client.get(url).content.decode()
    assert 'name="notes"' not in form and 'name="final_order"' not in form
    response = client.post(
        url,
        {
            "flight": "",
            "outcome": "charged",
            "last_contact_on": "2025-05-30",
            "notes": "monitor tries to write here",
            "removal_date": "2025-01-01",
        },
    )
    assert response["Location"] == removed.get_absolute_url()
    removed.refresh_from_db()
    assert (removed.flight, removed.outcome, removed.last_contact_on) == (
        None,
        "charged",
        dt.date(2025, 5, 30),
    )
    assert (removed.notes, removed.removal_date) == (
        "Wife reached at home; staff only.",
        dt.date(2025, 5, 20),
    )


def test_monitor_adds_follow_up(client, monitor, removed):
    client.force_login(monitor)
    url = reverse("deportation:follow_up_create", args=[removed.pk])
    response = client.post(
        url, {"date": "2025-05-28", "status": "in_custody", "note": "Pre-trial detention"}
    )
    assert response["Location"] == removed.get_absolute_url()
    follow_up = RemovalFollowUp.objects.get()
    assert (follow_up.removal, follow_up.by, follow_up.status, follow_up.note) == (
        removed,
        monitor,
        "in_custody",
        "Pre-trial detention",
    )
    page = client.get(removed.get_absolute_url()).content.decode()
    assert "Pre-trial detention" in page and "In custody" in page


def test_follow_up_in_future_explained_and_kept(client, monitor, removed):
    client.force_login(monitor)
    url = reverse("deportation:follow_up_create", args=[removed.pk])
    page = client.post(
        url, {"date": "2025-06-05", "status": "released", "note": "keep me"}
    ).content.decode()
    assert "the date is in the future" in page and "keep me" in page
    assert not RemovalFollowUp.objects.exists()


def test_monitor_cannot_delete_removal(client, monitor, removed):
    client.force_login(monitor)
    url = reverse("deportation:removal_delete", args=[removed.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert Removal.objects.filter(pk=removed.pk).exists()


def test_caseworker_deletes_removal_after_confirmation(client, caseworker, removed):
    client.force_login(caseworker)
    url = reverse("deportation:removal_delete", args=[removed.pk])
    assert f"Delete the removal of {removed.seeker.pseudonym}?" in client.get(url).content.decode()
    assert Removal.objects.filter(pk=removed.pk).exists()
    assert client.post(url)["Location"] == reverse("deportation:removal_list")
    assert not Removal.objects.exists()


def test_caseworker_sees_case_link_and_staff_fields(client, caseworker, removed):
    client.force_login(caseworker)
    page = client.get(removed.get_absolute_url()).content.decode()
    assert removed.seeker.get_absolute_url() in page
    assert "Wife reached at home" in page
    assert NAME not in page  # the flight area shows the pseudonym to everyone


def test_removal_list_filters_by_outcome_and_pseudonym(client, monitor, removed):
    other = RemovalFactory(outcome=ArrivalOutcome.UNKNOWN)
    client.force_login(monitor)
    url = reverse("deportation:removal_list")
    listed = lambda **params: [r.pk for r in client.get(url, params).context["page"].object_list]  # noqa: E731
    assert sorted(listed()) == sorted([removed.pk, other.pk])
    assert listed(outcome="arrested") == [removed.pk]
    assert listed(q=other.seeker.pseudonym) == [other.pk]
    assert listed(q="DMO103") == [removed.pk]


@pytest.mark.parametrize("count", [2, 20])
def test_removal_list_constant_queries(
    client, monitor, flight, count, django_assert_max_num_queries
):
    for _ in range(count):
        RemovalFactory(flight=flight, removal_date=dt.date(2025, 5, 20))
    client.force_login(monitor)
    # session, user, count, page (flight joined, pseudonym annotated), session save (3)
    with django_assert_max_num_queries(7):
        assert client.get(reverse("deportation:removal_list")).status_code == 200


# --------------------------------------------------------------------------- privacy


def test_monitor_gets_403_on_every_case_page(client, monitor, removed):
    client.force_login(monitor)
    assert client.get(reverse("cases:seeker_list")).status_code == 403
    assert client.get(removed.seeker.get_absolute_url()).status_code == 403
    assert client.get(reverse("detention:facility_list")).status_code == 403


def _identity_strings(seeker):
    return [
        NAME,
        NAME_CYRILLIC,
        "Testov",
        A_NUMBER,
        seeker.a_number,  # 201555014
        "201-555-014",
        "1991-03-14",
        "March 14, 1991",
        "14.03.1991",
        seeker.reference,
        seeker.get_absolute_url(),
    ]


def test_monitor_never_sees_identity_on_any_page_or_export(client, monitor, removed):
    RemovalFollowUp.objects.create(removal=removed, date=dt.date(2025, 5, 25), status="charged")
    client.force_login(monitor)
    pk, flight_pk = removed.pk, removed.flight_id
    urls = [
        reverse("deportation:dashboard"),
        reverse("deportation:dashboard") + "?destination_country=RU",
        reverse("deportation:flight_list"),
        reverse("deportation:flight_detail", args=[flight_pk]),
        reverse("deportation:flight_update", args=[flight_pk]),
        reverse("deportation:flight_delete", args=[flight_pk]),
        reverse("deportation:removal_list"),
        reverse("deportation:removal_list") + "?q=" + removed.seeker.pseudonym,
        reverse("deportation:removal_detail", args=[pk]),
        reverse("deportation:removal_update", args=[pk]),
        reverse("deportation:follow_up_create", args=[pk]),
        reverse("deportation:flight_search") + "?q=DMO",
        reverse("deportation:import_create"),
        reverse("deportation:airport_list"),
        reverse("deportation:public_figures"),
        reverse("deportation:public_figures_csv"),
        reverse("deportation:public_figures_json"),
        reverse("deportation_api:public_aggregates"),
        reverse("api_docs"),
    ]
    seen = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        seen += [(url, value) for value in _identity_strings(removed.seeker) if value in body]
        assert removed.seeker.pseudonym in body or "removal" not in url or "search" in url
    assert seen == []
    # and a search by the real name finds nothing
    found = client.get(reverse("deportation:removal_list"), {"q": NAME}).context["page"]
    assert list(found.object_list) == []


def test_monitor_removal_detail_shows_pseudonym_and_outcome_only(client, monitor, removed):
    client.force_login(monitor)
    page = client.get(removed.get_absolute_url()).content.decode()
    assert f"Removal of {removed.seeker.pseudonym}" in page
    assert "Arrested on arrival" in page and "2025-05-20 DMO103" in page
    assert "Wife reached at home" not in page  # staff-only notes
    assert "Final order" not in page and "Open the case" not in page
