"""The delete pages of case records: a confirmation on GET, the delete on POST, refusals shown,
another case's record a 404 (the role x URL answers are in tests/security/access_table.py)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cases import services
from cases.enums import HearingKind
from cases.models import Appeal, ContactLog, Deadline, Hearing
from detention.models import DetentionStay
from detention.services import stay_start, stay_transfer
from tests.factories import (
    AsylumSeekerFactory,
    ContactLogFactory,
    DocumentFactory,
    FacilityFactory,
    bia_appeal,
    denied_hearing,
)

pytestmark = pytest.mark.django_db


def _hearing(seeker, by, *, decided: bool = True) -> Hearing:
    if decided:
        return denied_hearing(seeker, by=by)
    return services.hearing_schedule(
        seeker=seeker, by=by, kind=HearingKind.INDIVIDUAL, date=date(2025, 7, 1), judge="Jane Roe"
    )


def _url(name: str, seeker, pk: int) -> str:
    return reverse(name, args=[seeker.reference, pk])


def test_delete_page_asks_and_get_deletes_nothing(client, caseworker, seeker):
    hearing = _hearing(seeker, caseworker)
    client.force_login(caseworker)

    response = client.get(_url("cases:hearing_delete", seeker, hearing.pk))

    assert response.status_code == 200
    assert response.context["question"] == (
        "Delete the hearing of 2025-07-01 before Judge Jane Roe — Individual (merits)?"
    )
    assert response.context["effects"] == [
        "Its 3 computed deadlines go with it, with their alerts."
    ]
    page = response.content.decode()
    assert "The case's history keeps a record of what was deleted, when and by whom." in page
    assert 'type="submit">Delete</button>' in page
    assert response.context["refusals"] == []
    assert Hearing.objects.filter(pk=hearing.pk).exists()
    assert hearing.deadlines.count() == 3


@pytest.mark.parametrize("role", ["coordinator", "caseworker", "lawyer"])
def test_delete_post_deletes_and_returns_to_the_person(request, client, seeker, role):
    user = request.getfixturevalue(role)
    contact = ContactLogFactory(seeker=seeker, by=user)
    client.force_login(user)

    response = client.post(_url("cases:contact_delete", seeker, contact.pk))

    assert response.status_code == 302
    assert response["Location"] == f"{seeker.get_absolute_url()}#contacts"
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Contact deleted."]
    assert not ContactLog.objects.filter(pk=contact.pk).exists()
    (row,) = ContactLog.history.filter(id=contact.pk, history_type="-")
    assert row.history_user == user


def test_delete_is_404_for_a_lawyer_not_on_the_case(client, seeker, caseworker, other_lawyer):
    contact = ContactLogFactory(seeker=seeker, by=caseworker)
    client.force_login(other_lawyer)
    url = _url("cases:contact_delete", seeker, contact.pk)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert ContactLog.objects.filter(pk=contact.pk).exists()


def test_delete_is_403_for_a_flight_monitor(client, seeker, caseworker, monitor):
    contact = ContactLogFactory(seeker=seeker, by=caseworker)
    client.force_login(monitor)

    assert client.post(_url("cases:contact_delete", seeker, contact.pk)).status_code == 403
    assert ContactLog.objects.filter(pk=contact.pk).exists()


def test_delete_of_another_cases_record_under_this_reference_is_404(client, caseworker, seeker):
    other = AsylumSeekerFactory(caseworkers=[caseworker])
    hearing = _hearing(other, caseworker, decided=False)
    client.force_login(caseworker)
    url = _url("cases:hearing_delete", seeker, hearing.pk)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Hearing.objects.filter(pk=hearing.pk).exists()


def test_protected_delete_shows_why_and_deletes_nothing(client, caseworker, seeker):
    hearing = _hearing(seeker, caseworker)
    appeal = bia_appeal(hearing, filed_on=date(2025, 7, 25), by=caseworker)
    client.force_login(caseworker)
    url = _url("cases:hearing_delete", seeker, hearing.pk)

    shown = client.get(url)
    refused = client.post(url)

    for response in (shown, refused):
        page = response.content.decode()
        assert "It cannot be deleted:" in page
        assert "1 appeal or motion attacks this decision" in page
        assert 'type="submit">Delete</button>' not in page
    assert (shown.status_code, refused.status_code) == (200, 422)
    assert Hearing.objects.filter(pk=hearing.pk).exists()
    assert Appeal.objects.filter(pk=appeal.pk).exists()
    assert hearing.deadlines.count() == 3
    assert not Hearing.history.filter(id=hearing.pk, history_type="-").exists()


def test_deleting_a_filing_through_the_page_reopens_the_decisions_deadlines(
    client, caseworker, seeker
):
    hearing = _hearing(seeker, caseworker)
    appeal = bia_appeal(hearing, filed_on=date(2025, 7, 25), by=caseworker)
    client.force_login(caseworker)

    page = client.get(_url("cases:appeal_delete", seeker, appeal.pk)).content.decode()
    response = client.post(_url("cases:appeal_delete", seeker, appeal.pk))

    assert "Delete the BIA appeal filed on 2025-07-25?" in page
    assert "those it met or made not applicable are open again" in page
    assert response.status_code == 302
    assert set(hearing.deadlines.values_list("status", flat=True)) == {"open"}


def test_stay_delete_page_says_the_transfer_is_undone(client, caseworker, seeker):
    first_facility = FacilityFactory(name="Imperial Regional Detention Facility")
    stay_start(seeker=seeker, facility=first_facility, started_on=date(2025, 1, 2), by=caseworker)
    transfer = stay_transfer(
        seeker=seeker, facility=FacilityFactory(), on=date(2025, 3, 1), by=caseworker
    )
    client.force_login(caseworker)
    url = _url("detention:stay_delete", seeker, transfer.current.pk)

    page = client.get(url).content.decode()
    response = client.post(url)

    assert (
        "A transfer opened this stay, so the transfer is undone: the stay at "
        "Imperial Regional Detention Facility is open again." in page
    )
    assert response["Location"] == f"{seeker.get_absolute_url()}#detention"
    assert list(DetentionStay.objects.filter(seeker=seeker, ended_on__isnull=True)) == [
        transfer.previous
    ]


def test_edit_pages_link_to_their_delete_page(client, caseworker, seeker):
    hearing = _hearing(seeker, caseworker, decided=False)
    stay = stay_start(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 1, 2), by=caseworker
    )
    client.force_login(caseworker)

    hearing_edit = client.get(_url("cases:hearing_update", seeker, hearing.pk)).content.decode()
    stay_edit = client.get(_url("detention:stay_update", seeker, stay.pk)).content.decode()
    person_edit = client.get(reverse("cases:seeker_update", args=[seeker.reference]))

    assert f'href="{_url("cases:hearing_delete", seeker, hearing.pk)}">Delete</a>' in hearing_edit
    assert f'href="{_url("detention:stay_delete", seeker, stay.pk)}">Delete</a>' in stay_edit
    assert "btn-outline-danger" not in person_edit.content.decode()


def test_history_page_shows_the_deletion_and_its_author(client, caseworker, seeker):
    contact = ContactLogFactory(seeker=seeker, by=caseworker)
    client.force_login(caseworker)
    client.post(_url("cases:contact_delete", seeker, contact.pk))

    page = client.get(reverse("cases:seeker_history", args=[seeker.reference]))

    change = page.context["page"].object_list[0]
    assert (change.model, change.object_id, change.action, change.user) == (
        ContactLog,
        contact.pk,
        "-",
        caseworker,
    )


@pytest.mark.parametrize("deadlines", [0, 3])
def test_delete_page_queries_do_not_grow_with_the_deadlines(
    client, caseworker, seeker, deadlines, django_assert_max_num_queries
):
    """Session, user, unread alerts; the person, the hearing; three COUNTs of what points at
    it (appeals, charges, removals), met deadlines, deadlines that go: 10."""
    hearing = _hearing(seeker, caseworker, decided=bool(deadlines))
    assert Deadline.objects.filter(hearing=hearing).count() == deadlines
    client.force_login(caseworker)
    url = _url("cases:hearing_delete", seeker, hearing.pk)

    with django_assert_max_num_queries(10):
        response = client.get(url)

    assert response.status_code == 200


def test_document_delete_page_names_the_file(client, caseworker, seeker):
    document = DocumentFactory(
        seeker=seeker, title="Summons", original_name="summons.pdf", size=2048
    )
    client.force_login(caseworker)

    response = client.get(_url("cases:document_delete", seeker, document.pk))

    assert response.context["question"] == (
        "Delete the document “Summons” (summons.pdf, 2.0\xa0KB)?"
    )
    assert response.context["effects"] == [
        "The stored file is deleted too: nobody can download it again."
    ]
