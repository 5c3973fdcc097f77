"""Flight screens: list (filters, sorting, pages, constant queries), record / edit / delete
with legs, and the airport list. Flight roles only: coordinator, caseworker, monitor."""

import datetime as dt

import pytest
from django.urls import reverse

from deportation.enums import FlightKind
from deportation.models import Airport, Flight
from tests.factories import AirportFactory, FlightFactory, RemovalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def airports():
    return {
        "KAEX": AirportFactory(icao="KAEX", city="Alexandria", country="US"),
        "HECA": AirportFactory(icao="HECA", iata="CAI", city="Cairo", country="EG"),
        "UUEE": AirportFactory(icao="UUEE", city="Moscow", country="RU"),
        "MGGT": AirportFactory(icao="MGGT", city="Guatemala City", country="GT"),
    }


@pytest.fixture
def flights(airports):
    """Three flights: to Russia via Cairo, to Guatemala, and one without legs."""
    a = airports
    return [
        FlightFactory(
            date=dt.date(2025, 3, 4),
            flight_number="RUS1",
            operator="Charter A",
            kind=FlightKind.REMOVAL_CHARTER,
            boarded=30,
            legs=[(a["KAEX"], a["HECA"]), (a["HECA"], a["UUEE"])],
        ),
        FlightFactory(
            date=dt.date(2025, 4, 8),
            flight_number="GUA1",
            operator="Charter B",
            kind=FlightKind.REMOVAL_CHARTER,
            boarded=110,
            legs=[(a["KAEX"], a["MGGT"])],
        ),
        FlightFactory(
            date=dt.date(2025, 5, 1),
            flight_number="DOM1",
            operator="Charter A",
            kind=FlightKind.DOMESTIC_SHUFFLE,
            boarded=None,
        ),
    ]


def _numbers(response):
    return [flight.flight_number for flight in response.context["page"].object_list]


@pytest.mark.parametrize("role", ["coordinator", "caseworker", "monitor"])
def test_flight_list_flight_roles_see_flights(client, request, role, flights):
    client.force_login(request.getfixturevalue(role))
    response = client.get(reverse("deportation:flight_list"))
    assert response.status_code == 200
    assert _numbers(response) == ["DOM1", "GUA1", "RUS1"]  # newest first
    page = response.content.decode()
    assert "KAEX → HECA → UUEE" in page
    assert "Russia" in page


def test_flight_list_counts_removals_per_flight(client, monitor, flights):
    russia, guatemala, _domestic = flights
    RemovalFactory(flight=russia)
    RemovalFactory(flight=russia)
    RemovalFactory(flight=guatemala, destination_country="GT")
    RemovalFactory()  # on no known flight
    client.force_login(monitor)
    page = client.get(reverse("deportation:flight_list")).context["page"]
    assert page.paginator.count == 3
    assert {f.flight_number: f.removal_count for f in page.object_list} == {
        "RUS1": 2,
        "GUA1": 1,
        "DOM1": 0,
    }


def test_flight_list_lawyer_forbidden(client, lawyer, flights):
    client.force_login(lawyer)
    assert client.get(reverse("deportation:flight_list")).status_code == 403


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "2025-04-01"}, ["DOM1", "GUA1"]),
        ({"date_to": "2025-04-08"}, ["GUA1", "RUS1"]),
        ({"date_from": "2025-04-01", "date_to": "2025-04-30"}, ["GUA1"]),
        ({"operator": "Charter A"}, ["DOM1", "RUS1"]),
        ({"kind": "domestic_shuffle"}, ["DOM1"]),
        ({"destination_country": "RU"}, ["RUS1"]),
        ({"ordering": "number"}, ["DOM1", "GUA1", "RUS1"]),
        ({"ordering": "-operator"}, ["GUA1", "DOM1", "RUS1"]),
        ({"ordering": "-date"}, ["DOM1", "GUA1", "RUS1"]),
        ({"ordering": "date"}, ["RUS1", "GUA1", "DOM1"]),
    ],
)
def test_flight_list_filter_and_sort(client, monitor, flights, params, expected):
    client.force_login(monitor)
    assert _numbers(client.get(reverse("deportation:flight_list"), params)) == expected


@pytest.mark.parametrize(
    ("ordering", "expected"), [("boarded", ["RUS1", "GUA1"]), ("-boarded", ["GUA1", "RUS1"])]
)
def test_flight_list_sort_by_count(client, monitor, flights, ordering, expected):
    # DOM1 has no count; where NULL sorts differs between SQLite and PostgreSQL
    client.force_login(monitor)
    response = client.get(reverse("deportation:flight_list"), {"ordering": ordering})
    assert [n for n in _numbers(response) if n != "DOM1"] == expected


def test_flight_list_filter_choices_from_records(client, monitor, flights):
    client.force_login(monitor)
    form = client.get(reverse("deportation:flight_list")).context["filter"].form
    assert list(form.fields["operator"].choices)[1:] == [
        ("Charter A", "Charter A"),
        ("Charter B", "Charter B"),
    ]
    assert list(form.fields["destination_country"].choices)[1:] == [
        ("GT", "Guatemala"),
        ("RU", "Russia"),
    ]


def test_flight_list_nothing_matches_says_so(client, monitor, flights):
    client.force_login(monitor)
    response = client.get(
        reverse("deportation:flight_list"), {"operator": "Charter B", "kind": "lateral"}
    )
    assert "No flight matches these filters." in response.content.decode()


def test_flight_list_empty_state(client, monitor):
    client.force_login(monitor)
    assert (
        "No flights recorded yet."
        in client.get(reverse("deportation:flight_list")).content.decode()
    )


def test_flight_list_pages_of_fifty(client, monitor):
    for day in range(51):
        FlightFactory(date=dt.date(2024, 1, 1) + dt.timedelta(days=day), flight_number=f"P{day}")
    client.force_login(monitor)
    first = client.get(reverse("deportation:flight_list"), {"ordering": "date"})
    second = client.get(reverse("deportation:flight_list"), {"ordering": "date", "page": 2})
    assert len(first.context["page"].object_list) == 50
    assert _numbers(second) == ["P50"]
    assert "ordering=date&amp;page=2" in first.content.decode()


def _many_flights(airports, count):
    a = airports
    for i in range(count):
        flight = FlightFactory(
            date=dt.date(2025, 1, 1) + dt.timedelta(days=i),
            operator=f"Operator {i % 4}",
            legs=[(a["KAEX"], a["HECA"]), (a["HECA"], a["UUEE"])],
        )
        if i % 3 == 0:
            RemovalFactory(flight=flight, removal_date=flight.date)


@pytest.mark.parametrize("count", [3, 30])
def test_flight_list_constant_queries(
    client, monitor, airports, count, django_assert_max_num_queries
):
    _many_flights(airports, count)
    client.force_login(monitor)
    # session, user, operator choices, country choices, count, page of flights (with the
    # removal count), legs with their airports, and the session save (savepoint, update,
    # release): 10 at any size
    with django_assert_max_num_queries(10):
        response = client.get(reverse("deportation:flight_list"), {"operator": "Operator 1"})
    assert response.status_code == 200


def _flight_post(legs, **fields):
    data = {
        "date": "2025-03-04",
        "flight_number": "swq3501",
        "tail_number": "N529AU",
        "kind": "removal_charter",
        "operator": "iAero Airways",
        "owner": "",
        "boarded": "31",
        "deplaned": "",
        "reported_boarded": "",
        "reported_deplaned": "",
        "source": "observer",
        "confidence": "likely",
        "link": "",
        "notes": "Seen from the fence.",
        "observations": "",
        "legs-TOTAL_FORMS": str(len(legs)),
        "legs-INITIAL_FORMS": "0",
        "legs-MIN_NUM_FORMS": "0",
        "legs-MAX_NUM_FORMS": "1000",
    }
    for i, (origin, destination, departs) in enumerate(legs):
        data |= {
            f"legs-{i}-origin": origin,
            f"legs-{i}-destination": destination,
            f"legs-{i}-departs_at": departs,
            f"legs-{i}-arrives_at": "",
        }
    return data | fields


def test_flight_create_with_legs_by_code_and_iata(client, monitor, airports):
    client.force_login(monitor)
    data = _flight_post([("kaex", "CAI", "2025-03-04T17:30"), ("HECA", "UUEE", ""), ("", "", "")])
    response = client.post(reverse("deportation:flight_create"), data)
    flight = Flight.objects.get()
    assert response.status_code == 302 and response["Location"] == flight.get_absolute_url()
    assert (flight.flight_number, flight.route, flight.transit_countries, flight.boarded) == (
        "SWQ3501",
        "US → EG → RU",
        "EG",
        31,
    )
    legs = list(flight.legs.all())
    assert [(leg.origin.icao, leg.destination.icao) for leg in legs] == [
        ("KAEX", "HECA"),
        ("HECA", "UUEE"),
    ]
    # typed as UTC, stored as UTC (not the organization's zone)
    assert legs[0].departs_at == dt.datetime(2025, 3, 4, 17, 30, tzinfo=dt.UTC)
    assert flight.history.first().history_user == monitor


def test_flight_create_unknown_airport_keeps_everything_typed(client, monitor, airports):
    client.force_login(monitor)
    data = _flight_post([("KAEX", "HECX", "2025-03-04T17:30")], notes="Keep this note")
    response = client.post(reverse("deportation:flight_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "No airport with the code HECX is in the list." in page
    assert 'value="HECX"' in page and "Keep this note" in page and 'value="N529AU"' in page
    assert 'value="2025-03-04T17:30"' in page
    assert not Flight.objects.exists()


def test_flight_create_leg_with_one_airport_rejected(client, monitor, airports):
    client.force_login(monitor)
    response = client.post(reverse("deportation:flight_create"), _flight_post([("KAEX", "", "")]))
    assert "A leg needs both airports" in response.content.decode()
    assert not Flight.objects.exists()


def test_flight_create_same_date_and_number_rejected(client, monitor, flights):
    client.force_login(monitor)
    response = client.post(
        reverse("deportation:flight_create"),
        _flight_post([], date="2025-03-04", flight_number="rus1"),
    )
    assert "Flight RUS1 on 2025-03-04 is already recorded" in response.content.decode()
    assert Flight.objects.count() == 3


def test_flight_update_replaces_route(client, caseworker, flights, airports):
    client.force_login(caseworker)
    flight = flights[0]
    form = client.get(reverse("deportation:flight_update", args=[flight.pk])).content.decode()
    assert 'value="KAEX"' in form and 'value="UUEE"' in form  # current legs shown
    data = _flight_post([("KAEX", "MGGT", "")], date="2025-03-04", flight_number="RUS1")
    response = client.post(reverse("deportation:flight_update", args=[flight.pk]), data)
    assert response.status_code == 302
    flight.refresh_from_db()
    assert (flight.route, flight.destination_country.code, flight.operator) == (
        "US → GT",
        "GT",
        "iAero Airways",
    )


def test_flight_delete_asks_first_then_deletes(client, monitor, flights):
    client.force_login(monitor)
    flight = flights[0]
    RemovalFactory(flight=flight)
    url = reverse("deportation:flight_delete", args=[flight.pk])
    confirm = client.get(url).content.decode()
    assert "Delete flight 2025-03-04 RUS1?" in confirm
    assert "1 removal is linked to this flight" in confirm
    assert Flight.objects.filter(pk=flight.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("deportation:flight_list")
    assert not Flight.objects.filter(pk=flight.pk).exists()


def test_flight_detail_shows_legs_and_pseudonyms(client, monitor, flights):
    removal = RemovalFactory(flight=flights[0])
    client.force_login(monitor)
    page = client.get(flights[0].get_absolute_url()).content.decode()
    assert "US → EG → RU" in page and ">HECA</abbr>" in page
    assert removal.seeker.pseudonym in page
    assert removal.seeker.name_latin not in page


def test_airport_search_suggests_by_code_and_city(client, monitor, airports):
    client.force_login(monitor)
    url = reverse("deportation:airport_search")
    by_iata = client.get(url, {"legs-0-origin": "ca"}, HTTP_HX_REQUEST="true").content.decode()
    assert '<option value="HECA">HECA / CAI · Cairo, Egypt</option>' in by_iata
    by_city = client.get(url, {"q": "moscow"}).content.decode()
    assert '<option value="UUEE">' in by_city and "HECA" not in by_city
    assert client.get(url, {"q": ""}).content.decode().strip() == ""


def test_airport_create_and_list(client, monitor):
    client.force_login(monitor)
    response = client.post(
        reverse("deportation:airport_create"),
        {
            "icao": "heca",
            "iata": "cai",
            "name": "Cairo International",
            "city": "Cairo",
            "region": "",
            "country": "EG",
        },
    )
    assert response["Location"] == reverse("deportation:airport_list")
    assert Airport.objects.filter(icao="HECA", iata="CAI", country="EG").exists()
    page = client.get(reverse("deportation:airport_list"), {"q": "cai"}).content.decode()
    assert "<td>HECA</td>" in page


def test_airport_create_bad_code_explained(client, monitor):
    client.force_login(monitor)
    response = client.post(
        reverse("deportation:airport_create"), {"icao": "CAIRO", "country": "EG"}
    )
    assert "Ensure this value has at most 4 characters" in response.content.decode() or (
        "An ICAO code has four letters" in response.content.decode()
    )
    assert not Airport.objects.exists()
