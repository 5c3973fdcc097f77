"""deportation.services: every write of the flight area, through the same functions the
screens, the importer and the demo use."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.enums import CustodyStatus
from cases.models import AsylumSeeker
from deportation import services
from deportation.enums import ArrivalOutcome, FollowUpStatus
from deportation.models import Airport, Flight, FlightLeg, Removal
from detention.models import DetentionStay
from detention.services import stay_start
from tests.factories import (
    AirportFactory,
    AsylumSeekerFactory,
    FacilityFactory,
    FlightFactory,
    HearingFactory,
    RemovalFactory,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def airports():
    return {
        "KAEX": AirportFactory(icao="KAEX", country="US"),
        "HECA": AirportFactory(icao="HECA", iata="CAI", country="EG"),
        "UUEE": AirportFactory(icao="UUEE", country="RU"),
        "LTFM": AirportFactory(icao="LTFM", country="TR"),
    }


def test_flight_create_derives_route_from_legs(airports, monitor):
    flight = FlightFactory(
        legs=[(airports["KAEX"], airports["HECA"]), (airports["HECA"], airports["UUEE"])]
    )
    assert (flight.origin_country, flight.destination_country) == ("US", "RU")
    assert (flight.route, flight.transit_countries) == ("US → EG → RU", "EG")
    assert [(leg.order, leg.origin.icao, leg.destination.icao) for leg in flight.legs.all()] == [
        (1, "KAEX", "HECA"),
        (2, "HECA", "UUEE"),
    ]
    # one history row for the flight: the route was saved with it, not after it
    assert flight.history.count() == 1


def test_flight_create_normalizes_flight_number():
    assert FlightFactory(flight_number=" swq 3501 ").flight_number == "SWQ3501"


def test_flight_update_new_route_updates_legs_in_place(airports, monitor):
    flight = FlightFactory(
        legs=[(airports["KAEX"], airports["HECA"]), (airports["HECA"], airports["UUEE"])]
    )
    first_leg = flight.legs.get(order=1)
    legs = [
        services.LegInput(airports["KAEX"], airports["HECA"]),
        services.LegInput(airports["HECA"], airports["LTFM"]),
        services.LegInput(airports["LTFM"], airports["UUEE"]),
    ]
    flight = services.flight_update(flight=flight, by=monitor, legs=legs, operator="Other Air")
    assert (flight.route, flight.transit_countries, flight.operator) == (
        "US → EG → TR → RU",
        "EG,TR",
        "Other Air",
    )
    assert flight.legs.get(order=1).pk == first_leg.pk  # unchanged leg kept its row
    assert flight.legs.count() == 3
    assert flight.history.first().history_user == monitor


def test_flight_update_fewer_legs_deletes_the_rest(airports, monitor):
    flight = FlightFactory(
        legs=[(airports["KAEX"], airports["HECA"]), (airports["HECA"], airports["UUEE"])]
    )
    flight = services.flight_update(
        flight=flight, by=monitor, legs=[services.LegInput(airports["KAEX"], airports["HECA"])]
    )
    assert (flight.route, flight.destination_country, flight.transit_countries) == (
        "US → EG",
        "EG",
        "",
    )
    assert FlightLeg.objects.filter(flight=flight).count() == 1


def test_flight_update_nothing_changed_writes_no_history(airports, monitor):
    flight = FlightFactory(legs=[(airports["KAEX"], airports["HECA"])])
    before = (Flight.history.count(), FlightLeg.history.count())
    services.flight_update(
        flight=flight,
        by=monitor,
        legs=[services.LegInput(airports["KAEX"], airports["HECA"])],
        operator=flight.operator,
    )
    assert (Flight.history.count(), FlightLeg.history.count()) == before


def test_flight_leg_same_airport_rejected(airports):
    with pytest.raises(ValidationError, match="another airport"):
        FlightFactory(legs=[(airports["KAEX"], airports["KAEX"])])
    assert not Flight.objects.exists()


def test_flight_delete_keeps_removal_without_flight(airports, monitor):
    flight = FlightFactory(legs=[(airports["KAEX"], airports["HECA"])])
    removal = RemovalFactory(flight=flight)
    services.flight_delete(flight=flight, by=monitor)
    removal.refresh_from_db()
    assert removal.flight is None
    assert not Flight.objects.exists() and not FlightLeg.objects.exists()
    assert Flight.history.first().history_type == "-"
    assert Flight.history.first().history_user == monitor


def test_airport_get_or_create_us_code_created_foreign_unknown_not():
    airport, created = services.airport_get_or_create(code="kden")
    assert (airport.icao, airport.country, created) == ("KDEN", "US", True)
    assert services.airport_get_or_create(code="KDEN") == (airport, False)
    assert services.airport_get_or_create(code="UUEE") == (None, False)
    assert services.airport_get_or_create(code="K1AB") == (None, False)


def test_airport_find_iata_then_k_prefix(airports):
    assert services.airport_find("cai") == airports["HECA"]
    assert services.airport_find("AEX") == airports["KAEX"]  # no IATA stored: K + code
    assert services.airport_find("XYZ") is None


def test_removal_record_marks_removed_and_ends_detention(caseworker):
    seeker = AsylumSeekerFactory()
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=dt.date(2025, 1, 5), by=None)
    removal = services.removal_record(
        seeker=seeker,
        by=caseworker,
        removal_date=dt.date(2025, 5, 20),
        today=TODAY,
        destination_country="RU",
        outcome=ArrivalOutcome.ARRESTED,
    )
    seeker.refresh_from_db()
    stay = DetentionStay.objects.get(seeker=seeker)
    assert seeker.custody_status == CustodyStatus.REMOVED
    assert (stay.ended_on, stay.end_reason) == (dt.date(2025, 5, 20), "removed")
    assert removal.history.first().history_user == caseworker


def test_removal_record_future_date_rejected():
    seeker = AsylumSeekerFactory()
    with pytest.raises(ValidationError, match="in the future"):
        services.removal_record(
            seeker=seeker, by=None, removal_date=dt.date(2025, 6, 2), today=TODAY
        )
    assert not Removal.objects.exists()
    assert AsylumSeeker.objects.get(pk=seeker.pk).custody_status == CustodyStatus.DETAINED


def test_removal_final_order_of_another_person_rejected():
    seeker, other = AsylumSeekerFactory(), AsylumSeekerFactory()
    hearing = HearingFactory(seeker=other, date=dt.date(2025, 1, 10))
    with pytest.raises(ValidationError, match="same person"):
        services.removal_record(
            seeker=seeker,
            by=None,
            removal_date=dt.date(2025, 5, 1),
            today=TODAY,
            final_order=hearing,
        )


def test_removal_update_tracking_changes_only_tracking_fields(monitor, airports):
    removal = RemovalFactory(notes="Staff note", outcome=ArrivalOutcome.UNKNOWN)
    flight = FlightFactory(legs=[(airports["KAEX"], airports["HECA"])])
    updated = services.removal_update_tracking(
        removal=removal,
        by=monitor,
        flight=flight,
        outcome=ArrivalOutcome.CHARGED,
        last_contact_on=dt.date(2025, 4, 1),
    )
    assert (updated.flight, updated.outcome, updated.last_contact_on, updated.notes) == (
        flight,
        ArrivalOutcome.CHARGED,
        dt.date(2025, 4, 1),
        "Staff note",
    )
    assert updated.history.first().history_user == monitor


def test_removal_update_unchanged_writes_no_history(caseworker):
    removal = RemovalFactory(outcome=ArrivalOutcome.ARRESTED)
    before = Removal.history.count()
    services.removal_update(removal=removal, by=caseworker, today=TODAY, outcome="arrested")
    assert Removal.history.count() == before


def test_follow_up_add_and_removal_delete_takes_follow_ups(monitor, caseworker):
    removal = RemovalFactory()
    follow_up = services.follow_up_add(
        removal=removal,
        by=monitor,
        date=dt.date(2025, 4, 2),
        status=FollowUpStatus.CHARGED,
        note=" x ",
    )
    assert (follow_up.by, follow_up.note, follow_up.status) == (monitor, "x", "charged")
    services.removal_delete(removal=removal, by=caseworker)
    assert not Removal.objects.exists()
    assert removal.follow_ups.model.objects.count() == 0


def test_airports_load_creates_and_updates_only_when_asked():
    from deportation.observations import Airport as Parsed

    rows = [Parsed("BKPR", "KS", "Pristina", "Slatina", 42.5, 21.0)]
    report = services.airports_load(airports=rows, update_existing=False)
    assert (report.created, Airport.objects.get(icao="BKPR").country) == (1, "XK")
    rows = [Parsed("BKPR", "KS", "Pristina", "Other", 42.5, 21.0)]
    assert services.airports_load(airports=rows, update_existing=False).unchanged == 1
    assert Airport.objects.get(icao="BKPR").city == "Slatina"
    assert services.airports_load(airports=rows, update_existing=True).updated == 1
    assert Airport.objects.get(icao="BKPR").city == "Other"


def test_admin_leg_edit_rederives_route(client, coordinator, airports):
    flight = FlightFactory(legs=[(airports["KAEX"], airports["HECA"])])
    leg = flight.legs.get()
    client.force_login(coordinator)
    url = f"/admin/deportation/flight/{flight.pk}/change/"
    data = {
        "date": "2025-03-04",
        "flight_number": flight.flight_number,
        "tail_number": "",
        "operator": "Test Air",
        "owner": "",
        "kind": "removal_charter",
        "boarded": "",
        "deplaned": "",
        "reported_boarded": "",
        "reported_deplaned": "",
        "source": "observer",
        "confidence": "unverified",
        "notes": "",
        "observations": "",
        "link": "",
        "legs-TOTAL_FORMS": "2",
        "legs-INITIAL_FORMS": "1",
        "legs-MIN_NUM_FORMS": "0",
        "legs-MAX_NUM_FORMS": "1000",
        "legs-0-id": str(leg.pk),
        "legs-0-flight": str(flight.pk),
        "legs-0-order": "1",
        "legs-0-origin": str(airports["KAEX"].pk),
        "legs-0-destination": str(airports["HECA"].pk),
        "legs-1-flight": str(flight.pk),
        "legs-1-order": "2",
        "legs-1-origin": str(airports["HECA"].pk),
        "legs-1-destination": str(airports["UUEE"].pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    flight.refresh_from_db()
    assert (flight.route, flight.transit_countries) == ("US → EG → RU", "EG")
