"""Who reaches which screen of the flight area (role x URL), and the identity rule."""

import datetime as dt

import pytest
from django.urls import reverse

from caseworks.access import can_see_person_identity, filter_removals
from deportation.models import Removal
from tests.factories import AsylumSeekerFactory, FlightFactory, RemovalFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["coordinator", "caseworker", "lawyer", "monitor"]


@pytest.fixture
def objects(seeker):
    flight = FlightFactory(date=dt.date(2025, 3, 4))
    removal = RemovalFactory(seeker=seeker, flight=flight)
    return {"flight": flight.pk, "removal": removal.pk, "reference": seeker.reference}


# (url name, argument, roles allowed); everyone else: 403 for a role, login for anonymous
MATRIX = [
    ("deportation:dashboard", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:flight_list", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:flight_create", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:flight_detail", "flight", {"coordinator", "caseworker", "monitor"}),
    ("deportation:flight_update", "flight", {"coordinator", "caseworker", "monitor"}),
    ("deportation:flight_delete", "flight", {"coordinator", "caseworker", "monitor"}),
    ("deportation:flight_search", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:airport_list", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:airport_create", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:airport_search", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:removal_list", None, {"coordinator", "caseworker", "monitor"}),
    ("deportation:removal_detail", "removal", {"coordinator", "caseworker", "monitor"}),
    ("deportation:removal_update", "removal", {"coordinator", "caseworker", "monitor"}),
    ("deportation:follow_up_create", "removal", {"coordinator", "caseworker", "monitor"}),
    ("deportation:removal_delete", "removal", {"coordinator", "caseworker"}),
    ("deportation:removal_create", "reference", {"coordinator", "caseworker"}),
    ("deportation:import_create", None, {"coordinator", "caseworker", "monitor"}),
]


@pytest.mark.parametrize(("name", "arg", "allowed"), MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_flight_area_access_matrix(client, request, objects, name, arg, allowed, role):
    client.force_login(request.getfixturevalue(role))
    url = reverse(name, args=[objects[arg]] if arg else [])
    assert client.get(url).status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize(("name", "arg", "allowed"), MATRIX)
def test_flight_area_anonymous_sent_to_login(client, objects, name, arg, allowed):
    url = reverse(name, args=[objects[arg]] if arg else [])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    "name",
    [
        "deportation:public_figures",
        "deportation:public_figures_csv",
        "deportation:public_figures_json",
        "deportation_api:public_aggregates",
    ],
)
def test_public_figures_need_no_login(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_can_see_person_identity_by_role(
    coordinator, caseworker, lawyer, other_lawyer, monitor, seeker
):
    assert can_see_person_identity(coordinator, seeker)
    assert can_see_person_identity(caseworker, seeker)
    assert can_see_person_identity(lawyer, seeker)  # assigned
    assert not can_see_person_identity(other_lawyer, seeker)
    assert not can_see_person_identity(monitor, seeker)
    assert not can_see_person_identity(monitor)
    assert not can_see_person_identity(UserFactory(role="coordinator", is_active=False), seeker)


def test_filter_removals_monitor_all_lawyer_own(lawyer, other_lawyer, monitor, seeker):
    mine = RemovalFactory(seeker=seeker)
    other = RemovalFactory(seeker=AsylumSeekerFactory())
    everything = Removal.objects.all()
    assert set(filter_removals(everything, monitor)) == {mine, other}
    assert set(filter_removals(everything, lawyer)) == {mine}
    assert set(filter_removals(everything, other_lawyer)) == set()
    # the case rule itself is unchanged: monitors see no removal as a case object
    assert not Removal.objects.visible_to(monitor).exists()
