"""The deportation dashboard: exact aggregates for the flight roles, one grouped query each."""

import datetime as dt

import pytest
from django.urls import reverse

from deportation.enums import ArrivalOutcome, FlightKind
from tests.factories import AirportFactory, FlightFactory, RemovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def airports():
    return {
        code: AirportFactory(icao=code, country=country)
        for code, country in [("KAEX", "US"), ("HECA", "EG"), ("UUEE", "RU"), ("MGGT", "GT")]
    }


@pytest.fixture
def data(airports):
    a = airports
    via_cairo = [(a["KAEX"], a["HECA"]), (a["HECA"], a["UUEE"])]
    f1 = FlightFactory(date=dt.date(2025, 3, 4), operator="Charter A", legs=via_cairo)
    f2 = FlightFactory(date=dt.date(2025, 3, 18), operator="Charter A", legs=via_cairo, boarded=20)
    f3 = FlightFactory(
        date=dt.date(2025, 4, 1),
        operator="Airline B",
        kind=FlightKind.COMMERCIAL_ESCORT,
        legs=[(a["KAEX"], a["MGGT"])],
        boarded=3,
    )
    RemovalFactory(flight=f1, removal_date=f1.date, outcome=ArrivalOutcome.ARRESTED)
    RemovalFactory(flight=f2, removal_date=f2.date, outcome=ArrivalOutcome.ARRESTED)
    RemovalFactory(flight=f2, removal_date=f2.date, outcome=ArrivalOutcome.CHARGED)
    RemovalFactory(flight=f3, removal_date=f3.date, destination_country="GT")
    RemovalFactory(removal_date=dt.date(2025, 4, 9), destination_country="RU")  # no flight
    return f1, f2, f3


def _charts(response):
    return {chart.id: chart for chart in response.context["charts"]}


def test_dashboard_aggregates_exact(client, monitor, data):
    client.force_login(monitor)
    response = client.get(reverse("deportation:dashboard"))
    charts = _charts(response)
    assert charts["flights-per-month"].table_header == [
        "",
        "Removal charter",
        "Commercial with escort",
    ]
    assert charts["flights-per-month"].table_rows == [["2025-03", 2, 0], ["2025-04", 0, 1]]
    assert charts["people-per-route"].table_rows == [
        ["US → EG → RU", 3],
        ["US → GT", 1],
        ["Route not known", 1],
    ]
    assert charts["people-per-transit"].table_rows == [["Egypt", 3]]
    assert charts["outcomes-per-month"].table_header == [
        "",
        "Arrested on arrival",
        "Charged",
        "Unknown",
    ]
    assert charts["outcomes-per-month"].table_rows == [["2025-03", 2, 1, 0], ["2025-04", 0, 0, 2]]
    assert charts["flights-per-operator"].table_rows == [["Charter A", 2], ["Airline B", 1]]
    assert response.context["totals"] == {"flights": 3, "boarded": 23, "deplaned": None}
    assert response.context["removal_total"] == 5


def test_dashboard_filters_apply_to_flights_and_removals(client, monitor, data):
    client.force_login(monitor)
    response = client.get(
        reverse("deportation:dashboard"),
        {"date_from": "2025-03-10", "date_to": "2025-04-30", "destination_country": "RU"},
    )
    charts = _charts(response)
    assert charts["flights-per-month"].table_rows == [["2025-03", 1]]
    assert charts["people-per-route"].table_rows == [["US → EG → RU", 2], ["Route not known", 1]]
    by_operator = client.get(reverse("deportation:dashboard"), {"operator": "Airline B"})
    assert _charts(by_operator)["people-per-route"].table_rows == [["US → GT", 1]]


def test_dashboard_reversed_dates_explained(client, monitor, data):
    client.force_login(monitor)
    response = client.get(
        reverse("deportation:dashboard"), {"date_from": "2025-05-01", "date_to": "2025-01-01"}
    )
    assert "&#x27;Until&#x27; is before &#x27;From&#x27;." in response.content.decode()


def test_dashboard_empty_says_so(client, monitor):
    client.force_login(monitor)
    page = client.get(reverse("deportation:dashboard")).content.decode()
    assert page.count("Nothing recorded for these filters.") == 5


def test_dashboard_svg_has_no_inline_style(client, coordinator, data):
    client.force_login(coordinator)
    page = client.get(reverse("deportation:dashboard")).content.decode()
    assert page.count('<svg width="100%"') == 5
    assert "style=" not in page
    assert "<script>" not in page


def test_dashboard_lawyer_forbidden(client, lawyer):
    client.force_login(lawyer)
    assert client.get(reverse("deportation:dashboard")).status_code == 403


@pytest.mark.parametrize("count", [2, 24])
def test_dashboard_constant_queries(
    client, monitor, airports, count, django_assert_max_num_queries
):
    a = airports
    for i in range(count):
        flight = FlightFactory(
            date=dt.date(2024, 1, 1) + dt.timedelta(days=15 * i),
            operator=f"Operator {i % 3}",
            kind=[FlightKind.REMOVAL_CHARTER, FlightKind.LATERAL][i % 2],
            legs=[(a["KAEX"], a["HECA"]), (a["HECA"], a[["UUEE", "MGGT"][i % 2]])],
        )
        RemovalFactory(flight=flight, removal_date=flight.date, outcome=list(ArrivalOutcome)[i % 5])
    client.force_login(monitor)
    # session, user, 3 filter choices, per month, outcomes per month, per route, per
    # transit group, per operator, totals, session save (3): 14 at any size
    with django_assert_max_num_queries(14):
        response = client.get(reverse("deportation:dashboard"), {"date_from": "2024-01-01"})
    assert response.status_code == 200


def test_dashboard_months_without_flights_shown_as_zero(client, monitor, airports):
    FlightFactory(date=dt.date(2024, 11, 5))
    FlightFactory(date=dt.date(2025, 2, 5))
    client.force_login(monitor)
    rows = _charts(client.get(reverse("deportation:dashboard")))["flights-per-month"].table_rows
    assert rows == [["2024-11", 1], ["2024-12", 0], ["2025-01", 0], ["2025-02", 1]]
