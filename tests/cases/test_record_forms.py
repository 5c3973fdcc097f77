"""The forms of every record: saved through their services, errors in plain words, input kept."""

from datetime import date

import pytest
from django.urls import reverse

from cases import enums
from cases.models import Appeal, ContactLog, ContactPerson, Hearing, HomeCountryCharge
from tests import factories
from tests.factories import HearingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]


def _post(client, user, name, seeker, data, *args):
    client.force_login(user)
    return client.post(reverse(f"cases:{name}", args=[seeker.reference, *args]), data)


def test_log_a_failed_call(client, caseworker, seeker):
    response = _post(
        client,
        caseworker,
        "contact_create",
        seeker,
        {
            "outcome": "refused",
            "party": "client",
            "channel": "call",
            "occurred_at": "2026-03-02T09:15",
        },
    )
    assert response["Location"] == f"{seeker.get_absolute_url()}#contacts"
    contact = ContactLog.objects.get()
    assert (contact.outcome, contact.by, contact.successful) == ("refused", caseworker, False)


def test_log_a_call_form_starts_with_a_call_to_the_client_now(client, caseworker, seeker):
    client.force_login(caseworker)
    form = client.get(reverse("cases:contact_create", args=[seeker.reference])).context["form"]
    assert (form.initial["party"], form.initial["channel"]) == ("client", "call")
    assert form.initial["occurred_at"].strftime("%Y-%m-%d %H:%M") == "2026-03-02 12:00"


def test_log_a_call_refuses_the_future_and_keeps_the_notes(client, caseworker, seeker):
    response = _post(
        client,
        caseworker,
        "contact_create",
        seeker,
        {
            "outcome": "",
            "party": "client",
            "channel": "call",
            "occurred_at": "2026-03-09T09:00",
            "notes": "tried twice",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "outcome": ["This field is required."],
        "occurred_at": ["A contact cannot be logged in the future."],
    }
    assert "tried twice" in response.content.decode()
    assert not ContactLog.objects.exists()


def test_add_and_edit_a_hearing(client, caseworker, seeker):
    data = {"kind": "individual", "date": "2026-04-01", "time": "09:00", "court": "Imperial"}
    _post(client, caseworker, "hearing_create", seeker, data)
    hearing = Hearing.objects.get()
    _post(client, caseworker, "hearing_update", seeker, {**data, "judge": "IJ Smith"}, hearing.pk)
    hearing.refresh_from_db()
    assert (hearing.date, hearing.judge, hearing.represented) == (
        date(2026, 4, 1),
        "IJ Smith",
        False,
    )
    assert [h.history_type for h in hearing.history.all()] == ["~", "+"]


def test_record_a_decision_on_a_hearing(client, lawyer, seeker):
    hearing = HearingFactory(seeker=seeker, date=date(2026, 2, 20))
    response = _post(
        client,
        lawyer,
        "hearing_decision",
        seeker,
        {
            "outcome": "denied_removal",
            "decision_date": "2026-02-20",
            "service_method": "oral",
            "credibility": "credible",
        },
        hearing.pk,
    )
    assert response["Location"] == f"{seeker.get_absolute_url()}#hearing-{hearing.pk}"
    hearing.refresh_from_db()
    assert (hearing.outcome, hearing.decision_date) == ("denied_removal", date(2026, 2, 20))


def test_record_a_written_decision_needs_the_service_date(client, caseworker, seeker):
    hearing = HearingFactory(seeker=seeker, date=date(2026, 2, 20))
    response = _post(
        client,
        caseworker,
        "hearing_decision",
        seeker,
        {"outcome": "denied_removal", "decision_date": "2026-02-19", "service_method": "mailed"},
        hearing.pk,
    )
    assert response.context["form"].errors == {
        "served_on": ["A written decision counts from the day it was mailed or served; enter it."],
    }
    response = _post(
        client,
        caseworker,
        "hearing_decision",
        seeker,
        {"outcome": "denied_removal", "decision_date": "2026-02-19", "service_method": "oral"},
        hearing.pk,
    )
    assert response.context["form"].errors == {
        "__all__": ["The decision date cannot be before the hearing."],
    }
    assert 'value="2026-02-19"' in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.outcome == "pending"


def test_add_charge_at_home_from_the_statute_list(client, caseworker, seeker):
    statute = factories.statute("RU CC 205.2")
    _post(
        client,
        caseworker,
        "charge_create",
        seeker,
        {
            "country": "RU",
            "statute": statute.pk,
            "status": "opened",
            "learned_on": "2026-03-01",
            "opened_on": "2026-01-10",
        },
    )
    charge = HomeCountryCharge.objects.get()
    assert (charge.statute, charge.max_penalty, charge.in_record) == (
        statute,
        statute.max_penalty,
        False,
    )


def test_charge_needs_a_statute_and_offers_only_this_cases_hearings(client, caseworker, seeker):
    other = HearingFactory()
    response = _post(
        client,
        caseworker,
        "charge_create",
        seeker,
        {
            "country": "RU",
            "status": "opened",
            "learned_on": "2026-03-01",
            "in_record_hearing": other.pk,
        },
    )
    errors = response.context["form"].errors
    assert errors["statute"] == ["Choose the statute from the list, or type it below."]
    assert errors["in_record_hearing"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]


def test_add_appeal_and_record_its_decision_by_editing(client, caseworker, seeker):
    hearing = HearingFactory(seeker=seeker, date=date(2026, 1, 5))
    data = {
        "kind": "bia_appeal",
        "hearing": hearing.pk,
        "filed_on": "2026-01-20",
        "outcome": "pending",
    }
    _post(client, caseworker, "appeal_create", seeker, data)
    appeal = Appeal.objects.get()
    _post(
        client,
        caseworker,
        "appeal_update",
        seeker,
        {**data, "outcome": "dismissed", "decided_on": "2026-02-25"},
        appeal.pk,
    )
    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.decided_on, appeal.hearing) == (
        "dismissed",
        date(2026, 2, 25),
        hearing,
    )


def test_add_and_edit_a_contact_person(client, caseworker, seeker):
    _post(
        client,
        caseworker,
        "contact_person_create",
        seeker,
        {"name": "Olga", "relationship": "spouse"},
    )
    person = ContactPerson.objects.get()
    _post(
        client,
        caseworker,
        "contact_person_update",
        seeker,
        {"name": "Olga", "relationship": "spouse", "phone": "+995 555"},
        person.pk,
    )
    person.refresh_from_db()
    assert (person.name, person.phone) == ("Olga", "+995 555")


def test_edit_without_changes_writes_no_history(client, caseworker, seeker):
    hearing = HearingFactory(seeker=seeker, date=date(2026, 4, 1))
    data = {"kind": hearing.kind, "date": "2026-04-01", "time": "09:00", "court": hearing.court}
    _post(client, caseworker, "hearing_update", seeker, data, hearing.pk)
    assert hearing.history.count() == 1
    assert enums.HearingKind(hearing.kind)
