"""Facilities directory and page, stays and the one-form transfer."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from detention.models import DetentionStay
from tests.factories import AsylumSeekerFactory, FacilityFactory, detain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
TODAY = date(2026, 3, 2)


@pytest.fixture
def calexico():
    return FacilityFactory(
        code="IRADFCA",
        name="IMPERIAL REGIONAL DETENTION FACILITY",
        city="CALEXICO",
        state="CA",
        circuit=9,
        aor="SND",
    )


@pytest.fixture
def jena():
    return FacilityFactory(
        code="JENADLA",
        name="CENTRAL LOUISIANA ICE PROCESSING CENTER",
        city="JENA",
        state="LA",
        circuit=5,
        aor="NOL",
    )


@pytest.mark.parametrize("query", ["imperial", "IRADFCA", "calexico", "CA", "imperial calexico"])
def test_facility_list_searches_name_code_city_state(client, caseworker, calexico, jena, query):
    client.force_login(caseworker)
    page = client.get(reverse("detention:facility_list"), {"q": query}).context["page"]
    assert [f.code for f in page.object_list] == ["IRADFCA"]


def test_facility_search_offers_options_for_the_form(client, caseworker, calexico, jena):
    client.force_login(caseworker)
    html = client.get(reverse("detention:facility_search"), {"facility": "jena"}).content.decode()
    label = "JENADLA — Central Louisiana Ice Processing Center (Jena, LA)"
    assert html == f'<option value="{label}"></option>\n'


def test_facility_detail_lists_only_visible_people_with_days(
    client, lawyer, seeker, calexico, jena
):
    detain(seeker, calexico, on=TODAY - timedelta(days=9))
    detain(AsylumSeekerFactory(name_latin="Not Mine"), calexico)
    client.force_login(lawyer)
    response = client.get(reverse("detention:facility_detail", args=["IRADFCA"]))
    assert [(stay.seeker, days) for stay, days in response.context["rows"]] == [(seeker, 10)]
    assert "Not Mine" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 5])
def test_facility_detail_query_count_does_not_grow(
    client, caseworker, calexico, rows, django_assert_max_num_queries, settings
):
    for _ in range(rows):
        detain(AsylumSeekerFactory(), calexico)
    settings.SESSION_SAVE_EVERY_REQUEST = False
    client.force_login(caseworker)
    with django_assert_max_num_queries(6):  # session, user, unread badge, facility, count, page
        response = client.get(reverse("detention:facility_detail", args=["IRADFCA"]))
    assert len(response.context["rows"]) == rows


def test_record_a_transfer_warns_about_circuit_and_ice_area(
    client, caseworker, seeker, calexico, jena
):
    detain(seeker, calexico, on=TODAY - timedelta(days=30))
    client.force_login(caseworker)
    response = client.post(
        reverse("detention:stay_transfer", args=[seeker.reference]),
        {
            "facility": "JENADLA — Central Louisiana",
            "on": "2026-03-01",
            "reason": "Bed space",
            "notice_given": "false",
        },
    )
    assert response["Location"] == f"{seeker.get_absolute_url()}#detention"
    stays = list(DetentionStay.objects.filter(seeker=seeker))
    assert [(s.facility.code, s.started_on, s.ended_on) for s in stays] == [
        ("IRADFCA", TODAY - timedelta(days=30), date(2026, 3, 1)),
        ("JENADLA", date(2026, 3, 1), None),
    ]
    assert (stays[1].transfer_reason, stays[1].transfer_notice_given) == ("Bed space", False)
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert texts[0].startswith("This move changes the federal circuit (9 → 5)")
    assert texts[1].startswith("This move changes the ICE area of responsibility (SND → NOL)")
    assert texts[2] == "Transfer recorded."


def test_record_a_transfer_explains_an_unknown_code_and_keeps_input(
    client, caseworker, seeker, calexico
):
    detain(seeker, calexico)
    client.force_login(caseworker)
    response = client.post(
        reverse("detention:stay_transfer", args=[seeker.reference]),
        {"facility": "nowhere", "on": "2026-03-01", "reason": "Court"},
    )
    assert (
        response.context["form"]
        .errors["facility"][0]
        .startswith("No facility has the code “NOWHERE”.")
    )
    assert 'value="Court"' in response.content.decode()


def test_record_a_transfer_without_a_stay_says_why(client, caseworker, seeker, jena):
    client.force_login(caseworker)
    response = client.post(
        reverse("detention:stay_transfer", args=[seeker.reference]),
        {"facility": "JENADLA", "on": "2026-03-01", "notice_given": "unknown"},
    )
    assert response.context["form"].non_field_errors() == [
        "This person has no open detention stay to transfer from."
    ]


def test_record_detention_and_correct_it(client, caseworker, seeker, calexico, jena):
    client.force_login(caseworker)
    client.post(
        reverse("detention:stay_create", args=[seeker.reference]),
        {"facility": "IRADFCA", "started_on": "2026-02-01"},
    )
    stay = DetentionStay.objects.get()
    url = reverse("detention:stay_update", args=[seeker.reference, stay.pk])
    assert "Imperial Regional" in client.get(url).content.decode()
    client.post(url, {"facility": "JENADLA", "started_on": "2026-02-02"})
    stay.refresh_from_db()
    assert (stay.facility, stay.started_on) == (jena, date(2026, 2, 2))


def test_correcting_a_stay_refuses_overlap(client, caseworker, seeker, calexico, jena):
    from detention.services import stay_end

    first = detain(seeker, calexico, on=date(2026, 1, 1))
    stay_end(seeker=seeker, on=date(2026, 1, 20), reason="released", by=None)
    detain(seeker, jena, on=date(2026, 2, 1))
    client.force_login(caseworker)
    response = client.post(
        reverse("detention:stay_update", args=[seeker.reference, first.pk]),
        {
            "facility": "IRADFCA",
            "started_on": "2026-01-01",
            "ended_on": "2026-02-10",
            "end_reason": "released",
        },
    )
    assert response.context["form"].non_field_errors() == [
        "These dates overlap another detention stay; check the dates."
    ]
