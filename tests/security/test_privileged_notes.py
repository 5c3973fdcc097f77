"""Privileged notes: only the lawyers assigned to the case read and add them, only their
author edits one; they never reach history pages, exports or other users' pages.

Decision: a user who cannot see the case gets 404 (an unassigned lawyer; its existence is
not revealed). A flight monitor gets 403 as on every case page (the whole area is closed to
the role, for every reference, so nothing is revealed). Coordinators and caseworkers see the
case, so 403 tells them nothing new: the notes are privileged from them.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import AsylumSeeker, PrivilegedNote
from cases.privacy import privileged_note_add, privileged_note_update
from caseworks import access
from caseworks.enums import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "Client fears the consulate; do not contact family in Perm"


@pytest.fixture
def note(seeker, lawyer):
    return privileged_note_add(seeker=seeker, by=lawyer, text=TEXT)


def notes_url(seeker):
    return reverse("cases:privileged_notes", args=[seeker.reference])


def test_privileged_notes_assigned_lawyer_reads_them(client, lawyer, seeker, note):
    client.force_login(lawyer)
    response = client.get(notes_url(seeker))
    page = response.content.decode()
    assert response.status_code == 200
    assert TEXT in page
    assert reverse("cases:privileged_note_edit", args=[seeker.reference, note.pk]) in page


def test_privileged_notes_assigned_lawyer_adds_one(client, lawyer, seeker):
    client.force_login(lawyer)
    response = client.post(notes_url(seeker), {"text": "Second interview went well"})
    assert response["Location"] == notes_url(seeker)
    saved = PrivilegedNote.objects.get()
    assert (saved.seeker, saved.author, saved.text) == (
        seeker,
        lawyer,
        "Second interview went well",
    )
    assert saved.history.get().history_user == lawyer


def test_privileged_notes_empty_note_is_refused(client, lawyer, seeker):
    client.force_login(lawyer)
    response = client.post(notes_url(seeker), {"text": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert PrivilegedNote.objects.count() == 0


@pytest.mark.parametrize("fixture", ["coordinator", "caseworker"])
def test_privileged_notes_staff_who_see_the_case_get_403(fixture, request, client, seeker, note):
    client.force_login(request.getfixturevalue(fixture))
    for response in (
        client.get(notes_url(seeker)),
        client.post(notes_url(seeker), {"text": "sneaky"}),
    ):
        assert response.status_code == 403
        assert TEXT not in response.content.decode()
    assert PrivilegedNote.objects.count() == 1


def test_privileged_notes_unassigned_lawyer_gets_404(client, other_lawyer, seeker, note):
    client.force_login(other_lawyer)
    assert client.get(notes_url(seeker)).status_code == 404
    edit = reverse("cases:privileged_note_edit", args=[seeker.reference, note.pk])
    assert client.post(edit, {"text": "x"}).status_code == 404


def test_privileged_notes_monitor_gets_403(client, monitor, seeker, note):
    client.force_login(monitor)
    assert client.get(notes_url(seeker)).status_code == 403


def test_privileged_notes_superuser_coordinator_cannot_read(client, seeker, note):
    boss = UserFactory(role=Role.COORDINATOR, is_superuser=True)
    assert boss.has_perm("cases.read_privileged_notes", seeker) is True  # why we don't ask it
    assert access.can_read_privileged_notes(boss, seeker) is False
    client.force_login(boss)
    assert client.get(notes_url(seeker)).status_code == 403


def test_privileged_note_author_edits_own_note(client, lawyer, seeker, note):
    client.force_login(lawyer)
    edit = reverse("cases:privileged_note_edit", args=[seeker.reference, note.pk])
    assert TEXT in client.get(edit).content.decode()
    response = client.post(edit, {"text": "Corrected"})
    assert response["Location"] == notes_url(seeker)
    note.refresh_from_db()
    assert note.text == "Corrected"
    assert note.history.count() == 2


def test_privileged_note_other_lawyer_on_the_case_reads_but_cannot_edit(client, seeker, note):
    co_counsel = UserFactory(role=Role.LAWYER)
    seeker.lawyers.add(co_counsel)
    client.force_login(co_counsel)
    page = client.get(notes_url(seeker)).content.decode()
    edit = reverse("cases:privileged_note_edit", args=[seeker.reference, note.pk])
    assert TEXT in page and edit not in page
    assert client.post(edit, {"text": "overwritten"}).status_code == 403
    note.refresh_from_db()
    assert note.text == TEXT


def test_privileged_note_of_another_case_is_404(client, lawyer, seeker, note):
    from tests.factories import AsylumSeekerFactory

    mine_too = AsylumSeekerFactory(lawyers=[lawyer])
    client.force_login(lawyer)
    url = reverse("cases:privileged_note_edit", args=[mine_too.reference, note.pk])
    assert client.get(url).status_code == 404


def test_privileged_note_update_without_change_writes_no_history(seeker, lawyer, note):
    privileged_note_update(note=note, by=lawyer, text=TEXT)
    assert note.history.count() == 1


def test_privileged_notes_history_only_for_the_lawyers_on_the_case(
    seeker, note, coordinator, caseworker, lawyer, other_lawyer, monitor
):
    historical_note = PrivilegedNote.history.model
    assert historical_note in access.history_models_visible_to(lawyer, seeker)
    for user in (coordinator, caseworker):
        models = access.history_models_visible_to(user, seeker)
        assert historical_note not in models
        assert AsylumSeeker.history.model in models
    assert access.history_models_visible_to(other_lawyer, seeker) == []
    assert access.history_models_visible_to(monitor, seeker) == []


def test_privileged_notes_are_not_on_the_case_page_or_in_search(client, caseworker, seeker, note):
    client.force_login(caseworker)
    page = client.get(seeker.get_absolute_url()).content.decode()
    assert TEXT not in page
    assert notes_url(seeker) not in page  # no link for those who may not follow it
    assert "fears" not in AsylumSeeker.objects.get(pk=seeker.pk).search_text


def test_privileged_notes_link_on_the_case_page_for_its_lawyer(client, lawyer, seeker):
    client.force_login(lawyer)
    assert notes_url(seeker) in client.get(seeker.get_absolute_url()).content.decode()


def test_privileged_notes_list_has_constant_queries(
    client, lawyer, seeker, django_assert_max_num_queries
):
    client.force_login(lawyer)
    privileged_note_add(seeker=seeker, by=lawyer, text="one")
    with django_assert_max_num_queries(15) as one:
        client.get(notes_url(seeker))
    for i in range(3):
        privileged_note_add(seeker=seeker, by=lawyer, text=f"more {i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(notes_url(seeker))
    assert response.content.decode().count('class="card mb-3"') == 4
