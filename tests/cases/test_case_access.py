"""Every case URL: an unassigned lawyer gets 404 (the case is not revealed), a flight monitor 403
(the area is not theirs), the assigned lawyer, the caseworker and a colleague get the page."""

import pytest
from django.urls import reverse

from cases import services
from tests.factories import ContactLogFactory, HearingFactory, detain

pytestmark = pytest.mark.django_db


@pytest.fixture
def case_urls(seeker, caseworker):
    ref = seeker.reference
    hearing = HearingFactory(seeker=seeker)
    contact = ContactLogFactory(seeker=seeker, by=caseworker)
    stay = detain(seeker)
    appeal = services.appeal_file(seeker=seeker, by=None, kind="bia_appeal")
    person = services.contact_person_add(seeker=seeker, by=None, name="Kin", relationship="other")
    charge = services.charge_add(
        seeker=seeker, by=None, country="RU", statute_text="x", learned_on=hearing.date
    )
    return [
        reverse("cases:seeker_detail", args=[ref]),
        reverse("cases:seeker_update", args=[ref]),
        reverse("cases:seeker_history", args=[ref]),
        reverse("cases:hearing_decision", args=[ref, hearing.pk]),
        reverse("detention:stay_transfer", args=[ref]),
        reverse("detention:stay_create", args=[ref]),
        reverse("detention:stay_update", args=[ref, stay.pk]),
        *[
            reverse(f"cases:{k}_create", args=[ref])
            for k in ("hearing", "appeal", "charge", "contact", "document", "contact_person")
        ],
        reverse("cases:hearing_update", args=[ref, hearing.pk]),
        reverse("cases:appeal_update", args=[ref, appeal.pk]),
        reverse("cases:charge_update", args=[ref, charge.pk]),
        reverse("cases:contact_update", args=[ref, contact.pk]),
        reverse("cases:contact_person_update", args=[ref, person.pk]),
    ]


def test_case_urls_are_404_for_an_unassigned_lawyer(client, other_lawyer, case_urls):
    client.force_login(other_lawyer)
    assert {url: client.get(url).status_code for url in case_urls} == {
        url: 404 for url in case_urls
    }


def test_case_forms_refuse_an_unassigned_lawyers_post_with_404(client, other_lawyer, case_urls):
    client.force_login(other_lawyer)
    forms = [
        url for url in case_urls if url.endswith(("/new/", "/edit/", "/decision/", "/transfer/"))
    ]
    assert len(forms) == 16
    assert {url: client.post(url, {}).status_code for url in forms} == {url: 404 for url in forms}


def test_case_urls_are_403_for_a_flight_monitor(client, monitor, case_urls):
    client.force_login(monitor)
    assert {url: client.get(url).status_code for url in case_urls} == {
        url: 403 for url in case_urls
    }


@pytest.mark.parametrize("who", ["caseworker", "colleague", "lawyer"])
def test_case_urls_open_for_people_on_the_case(client, case_urls, who, request):
    client.force_login(request.getfixturevalue(who))
    assert {url: client.get(url).status_code for url in case_urls} == {
        url: 200 for url in case_urls
    }


def test_record_of_another_case_is_404_through_this_case(client, caseworker, seeker):
    from tests.factories import AsylumSeekerFactory

    other_hearing = HearingFactory(seeker=AsylumSeekerFactory())
    client.force_login(caseworker)
    url = reverse("cases:hearing_update", args=[seeker.reference, other_hearing.pk])
    assert client.get(url).status_code == 404


def test_registering_is_for_staff(client, lawyer, monitor, caseworker):
    url = reverse("cases:seeker_create")
    client.force_login(lawyer)
    assert client.get(url).status_code == 403
    client.force_login(monitor)
    assert client.get(url).status_code == 403
    client.force_login(caseworker)
    assert "Register a person" in client.get(url).content.decode()
