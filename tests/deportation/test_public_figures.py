"""Public figures (page, CSV, JSON, API): small-number suppression, no totals, no person.

The fixture makes cells of 1, 2, 3, 4, 5 and 7 people and months of 1, 4 and 5 flights, so
every small count 1..4 occurs once and must come out as "<5".
"""

import csv
import datetime as dt
import io
import json

import pytest
import time_machine
from django.urls import reverse

from deportation.aggregates import public_aggregates, suppress
from deportation.enums import ArrivalOutcome as O
from tests.factories import AirportFactory, AsylumSeekerFactory, FlightFactory, RemovalFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 15)
NAME, A_NUMBER = "Ivan Publicov", "A-209-555-777"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2025, 6, 15, 12, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def figures():
    us, eg, ru, gt = (
        AirportFactory(icao=code, country=country)
        for code, country in [("KAEX", "US"), ("HECA", "EG"), ("UUEE", "RU"), ("MGGT", "GT")]
    )
    cairo = FlightFactory(date=dt.date(2024, 1, 9), legs=[(us, eg), (eg, ru)])
    for day in (3, 10, 17, 24):
        FlightFactory(date=dt.date(2024, 2, day))
    guatemala = FlightFactory(date=dt.date(2024, 3, 5), legs=[(us, gt)])
    for day in (6, 7, 8, 9):
        FlightFactory(date=dt.date(2024, 3, day))
    FlightFactory(date=dt.date(2025, 6, 2))  # this month: not published yet
    cells = [
        (cairo, O.ARRESTED, 1),
        (cairo, O.CHARGED, 2),
        (guatemala, O.ARRESTED, 3),
        (guatemala, O.UNKNOWN, 4),
        (None, O.ARRESTED, 5),
        (cairo, O.QUESTIONED_RELEASED, 7),
    ]
    for flight, outcome, people in cells:
        for _ in range(people):
            RemovalFactory(
                flight=flight,
                removal_date=flight.date if flight else dt.date(2024, 8, 1),
                outcome=outcome,
            )
    # the person who must never appear, in a cell of one
    seeker = AsylumSeekerFactory(name_latin=NAME, a_number=A_NUMBER)
    RemovalFactory(
        seeker=seeker, flight=guatemala, removal_date=dt.date(2024, 3, 5), outcome=O.CHARGED
    )
    # this year's removals: not published until the year is complete
    RemovalFactory(flight=cairo, removal_date=dt.date(2025, 2, 1), outcome=O.ARRESTED)
    return seeker


EXPECTED_PEOPLE = [
    {"year": 2024, "route": "US → EG → RU", "outcome": "arrested", "people": "<5"},
    {"year": 2024, "route": "US → EG → RU", "outcome": "charged", "people": "<5"},
    {"year": 2024, "route": "US → EG → RU", "outcome": "questioned_released", "people": 7},
    {"year": 2024, "route": "US → GT", "outcome": "arrested", "people": "<5"},
    {"year": 2024, "route": "US → GT", "outcome": "charged", "people": "<5"},
    {"year": 2024, "route": "US → GT", "outcome": "unknown", "people": "<5"},
    {"year": 2024, "route": "unknown", "outcome": "arrested", "people": 5},
]
EXPECTED_FLIGHTS = [
    {"month": "2024-01", "flights": "<5"},
    {"month": "2024-02", "flights": "<5"},
    {"month": "2024-03", "flights": 5},
]


@pytest.mark.parametrize(
    ("count", "shown"), [(0, 0), (1, "<5"), (2, "<5"), (3, "<5"), (4, "<5"), (5, 5), (12, 12)]
)
def test_suppress_counts_below_five(count, shown):
    assert suppress(count) == shown


def _numbers(value):
    """Every number anywhere in a JSON document."""
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return [value] if isinstance(value, int) and not isinstance(value, bool) else []


def test_public_aggregates_exact_and_suppressed(figures):
    data = public_aggregates(today=TODAY).as_dict()
    assert (data["flights_through"], data["people_through"]) == ("2025-05-31", "2024-12-31")
    assert data["flights_per_month"] == EXPECTED_FLIGHTS
    assert data["people_by_year_route_outcome"] == EXPECTED_PEOPLE
    counts = [n for n in _numbers(data) if n not in (2024,)]
    assert all(n >= 5 for n in counts), counts
    # no totals of any kind: the only keys are the ones below
    assert set(data) == {
        "flights_through",
        "people_through",
        "suppression",
        "flights_per_month",
        "people_by_year_route_outcome",
    }
    assert {key for row in data["people_by_year_route_outcome"] for key in row} == {
        "year",
        "route",
        "outcome",
        "people",
    }


def test_public_json_export_anonymous_no_person(client, figures):
    response = client.get(reverse("deportation:public_figures_json"))
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="deportation-figures-2025-06-15.json"'
    )
    body = response.content.decode()
    data = json.loads(body)
    assert data["people_by_year_route_outcome"] == EXPECTED_PEOPLE
    for secret in (
        NAME,
        "Publicov",
        A_NUMBER,
        figures.a_number,
        figures.pseudonym,
        figures.reference,
    ):
        assert secret not in body


def test_public_csv_export_anonymous_exact_rows(client, figures):
    response = client.get(reverse("deportation:public_figures_csv"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["table", "period", "route", "outcome", "count"],
        ["flights_per_month", "2024-01", "", "", "<5"],
        ["flights_per_month", "2024-02", "", "", "<5"],
        ["flights_per_month", "2024-03", "", "", "5"],
        ["people_by_year_route_outcome", "2024", "US → EG → RU", "arrested", "<5"],
        ["people_by_year_route_outcome", "2024", "US → EG → RU", "charged", "<5"],
        ["people_by_year_route_outcome", "2024", "US → EG → RU", "questioned_released", "7"],
        ["people_by_year_route_outcome", "2024", "US → GT", "arrested", "<5"],
        ["people_by_year_route_outcome", "2024", "US → GT", "charged", "<5"],
        ["people_by_year_route_outcome", "2024", "US → GT", "unknown", "<5"],
        ["people_by_year_route_outcome", "2024", "unknown", "arrested", "5"],
    ]
    assert NAME not in response.content.decode()


def test_public_api_anonymous_allowed_same_figures(client, figures):
    response = client.get(reverse("deportation_api:public_aggregates"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["flights_per_month"] == EXPECTED_FLIGHTS
    assert data["people_by_year_route_outcome"] == EXPECTED_PEOPLE
    assert NAME not in response.content.decode()


def test_public_figures_take_no_filter(client, figures):
    # a date filter would let anyone subtract two periods: parameters are ignored
    plain = client.get(reverse("deportation_api:public_aggregates")).json()
    filtered = client.get(
        reverse("deportation_api:public_aggregates"),
        {"date_from": "2024-03-01", "date_to": "2024-03-31", "route": "US → GT"},
    ).json()
    assert filtered == plain


def test_public_page_anonymous_shows_labels(client, figures):
    page = client.get(reverse("deportation:public_figures")).content.decode()
    assert "Questioned and released" in page and "&lt;5" in page
    assert NAME not in page and figures.pseudonym not in page


def test_api_schema_needs_login(client, monitor):
    assert client.get(reverse("api_schema")).status_code == 403
    client.force_login(monitor)
    response = client.get(reverse("api_schema"), {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    operation = schema["paths"]["/api/public/deportation/"]["get"]
    assert {} in operation["security"]  # documented as public
    assert schema["components"]["schemas"]["PeopleCell"]["properties"]["people"]["oneOf"] == [
        {"type": "integer", "minimum": 5},
        {"type": "string", "enum": ["<5"]},
    ]


def test_api_docs_page_needs_login_and_lists_endpoint(client, monitor):
    response = client.get(reverse("api_docs"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(monitor)
    page = client.get(reverse("api_docs")).content.decode()
    assert "/api/public/deportation/" in page and "Public: no login needed." in page
    assert "cdn" not in page.lower()
