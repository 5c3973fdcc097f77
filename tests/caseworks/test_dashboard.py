"""The "This week" page: what needs attention now, per role, with right counts, fast."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases import enums, services
from cases.models import PrivilegedNote
from tests.factories import AsylumSeekerFactory, DeadlineFactory, HearingFactory, detain

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
TODAY = date(2026, 3, 2)


def _board(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard")).context["board"]


def test_dashboard_lists_open_deadlines_by_file_by_date(client, caseworker, seeker):
    DeadlineFactory(seeker=seeker, title="Later", due_date=TODAY + timedelta(20))
    DeadlineFactory(
        seeker=seeker, title="Sooner", due_date=TODAY + timedelta(4), file_by=TODAY + timedelta(3)
    )
    DeadlineFactory(seeker=seeker, title="Done", status=enums.DeadlineStatus.MET)
    board = _board(client, caseworker)
    assert [(d.title, d.file_by) for d in board.deadlines.rows] == [
        ("Sooner", TODAY + timedelta(3)),
        ("Later", TODAY + timedelta(20)),
    ]
    assert board.deadlines.total == 2


def test_dashboard_marks_hearings_without_a_lawyer(client, caseworker, seeker):
    alone = AsylumSeekerFactory(name_latin="Alone")
    HearingFactory(seeker=alone, date=TODAY + timedelta(days=3))
    HearingFactory(seeker=seeker, date=TODAY + timedelta(days=1))
    HearingFactory(seeker=seeker, date=TODAY + timedelta(days=15))  # beyond two weeks
    response = client.get(reverse("dashboard")) if client.force_login(caseworker) is None else None
    board = response.context["board"]
    assert [(h.seeker.name_latin, h.has_lawyer) for h in board.hearings.rows] == [
        (seeker.name_latin, True),
        ("Alone", False),
    ]
    assert response.content.decode().count(">no lawyer<") == 1


def test_dashboard_counts_detention_across_transfers(client, caseworker):
    from detention.services import stay_transfer
    from tests.factories import FacilityFactory

    moved = AsylumSeekerFactory(name_latin="Moved")
    detain(moved, on=TODAY - timedelta(days=50))
    stay_transfer(seeker=moved, facility=FacilityFactory(), on=TODAY - timedelta(days=5), by=None)
    detain(AsylumSeekerFactory(name_latin="Recent"), on=TODAY - timedelta(days=20))
    board = _board(client, caseworker)
    assert [(s.name_latin, s.days_detained) for s in board.long_detained.rows] == [("Moved", 51)]
    assert board.long_detained.total == 1


def test_dashboard_lists_unknown_whereabouts(client, caseworker):
    AsylumSeekerFactory(name_latin="Lost", custody_status=enums.CustodyStatus.UNKNOWN)
    AsylumSeekerFactory(name_latin="Known")
    board = _board(client, caseworker)
    assert ([s.name_latin for s in board.unknown.rows], board.unknown.total) == (["Lost"], 1)


def test_dashboard_shows_lawyers_only_their_cases(client, lawyer, seeker):
    other = AsylumSeekerFactory(name_latin="Not Mine", custody_status=enums.CustodyStatus.UNKNOWN)
    DeadlineFactory(seeker=other)
    HearingFactory(seeker=other, date=TODAY)
    DeadlineFactory(seeker=seeker)
    board = _board(client, lawyer)
    assert [d.seeker for d in board.deadlines.rows] == [seeker]
    assert (board.hearings.total, board.unknown.total) == (0, 0)


def test_dashboard_recent_changes_are_by_others_and_never_privileged(
    client, caseworker, colleague, seeker
):
    services.seeker_update(seeker=seeker, by=colleague, notes="moved to medical")
    services.seeker_update(seeker=seeker, by=caseworker, notes="called the facility")
    PrivilegedNote.objects.create(seeker=seeker, author=colleague, text="secret")
    changes = _board(client, caseworker).changes
    # The clock is pinned: same-moment rows of different tables come in any order.
    assert Counter((c.change.user, c.change.record_label, c.seeker) for c in changes) == {
        (colleague, "asylum seeker", seeker): 1,
        # registered by the factory, no author: the person, its caseworker and its lawyer
        (None, "asylum seeker", seeker): 1,
        (None, "assignment", seeker): 2,
    }


def test_dashboard_recent_changes_skip_cases_a_lawyer_may_not_see(
    client, lawyer, colleague, seeker
):
    other = AsylumSeekerFactory()
    services.seeker_update(seeker=other, by=colleague, notes="x")
    services.seeker_update(seeker=seeker, by=colleague, notes="y")
    assert {c.seeker for c in _board(client, lawyer).changes} == {seeker}


def test_dashboard_says_when_nothing_is_due(client, caseworker):
    page = client.get(reverse("dashboard")) if client.force_login(caseworker) is None else None
    text = page.content.decode()
    assert "No open deadlines." in text and "We know where everyone is." in text


@pytest.mark.parametrize("people", [1, 5])
def test_dashboard_query_count_does_not_grow(
    client, caseworker, colleague, people, django_assert_max_num_queries, settings
):
    for i in range(people):
        seeker = AsylumSeekerFactory(custody_status=enums.CustodyStatus.UNKNOWN)
        detain(seeker, on=TODAY - timedelta(days=60))
        DeadlineFactory(seeker=seeker)
        HearingFactory(seeker=seeker, date=TODAY + timedelta(days=i))
        services.seeker_update(seeker=seeker, by=colleague, notes=str(i))
    settings.SESSION_SAVE_EVERY_REQUEST = False
    client.force_login(caseworker)
    # session + user, deadlines, hearings, long detained, unknown (the first page of each holds
    # them all, so no count), recent changes (one UNION ALL), their authors, their people
    with django_assert_max_num_queries(10):  # +1: the unread-alert badge
        response = client.get(reverse("dashboard"))
    assert response.context["board"].unknown.total == people


# --- "My cases" ---------------------------------------------------------------------------------


def _mine(client, user):
    client.force_login(user)
    return client.get(reverse("dashboard"), {"mine": "1"})


def test_my_cases_keeps_only_the_cases_i_am_assigned_to(client, caseworker, colleague, seeker):
    theirs = AsylumSeekerFactory(name_latin="Theirs", caseworkers=[colleague])
    for person in (seeker, theirs):
        DeadlineFactory(seeker=person, title=f"Brief of {person.name_latin}")
        HearingFactory(seeker=person, date=TODAY + timedelta(days=2))
        services.seeker_update(seeker=person, by=colleague, notes="moved to Tacoma")
    everyone = _board(client, caseworker)
    assert everyone.deadlines.total == everyone.hearings.total == 2
    board = _mine(client, caseworker).context["board"]
    assert [d.seeker for d in board.deadlines.rows] == [seeker]
    assert [h.seeker for h in board.hearings.rows] == [seeker]
    assert {c.seeker for c in board.changes} == {seeker}


def test_my_cases_counts_a_case_i_am_its_lawyer_on(client, coordinator, seeker):
    services.seeker_assign(seeker=seeker, by=None, lawyers=[coordinator])
    DeadlineFactory(seeker=seeker)
    DeadlineFactory(seeker=AsylumSeekerFactory())
    assert _mine(client, coordinator).context["board"].deadlines.total == 1


def test_switch_is_offered_to_those_who_see_every_case_only(client, caseworker, lawyer, seeker):
    page = _mine(client, caseworker).content.decode()
    assert 'href="/?mine=1" aria-current="page">My cases</a>' in page
    DeadlineFactory(seeker=seeker)
    DeadlineFactory(seeker=AsylumSeekerFactory(lawyers=[lawyer]))
    response = _mine(client, lawyer)
    assert "My cases" not in response.content.decode()
    assert response.context["board"].deadlines.total == 2  # all of a lawyer's cases are theirs


def test_my_cases_query_count(
    client, caseworker, colleague, django_assert_max_num_queries, settings
):
    for i in range(3):
        seeker = AsylumSeekerFactory(caseworkers=[caseworker])
        DeadlineFactory(seeker=seeker)
        services.seeker_update(seeker=seeker, by=colleague, notes=str(i))
    settings.SESSION_SAVE_EVERY_REQUEST = False
    client.force_login(caseworker)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("dashboard"), {"mine": "1"})
    assert response.context["board"].deadlines.total == 3


def test_a_computed_deadline_shows_its_citation_not_its_internal_key(client, caseworker, seeker):
    DeadlineFactory(seeker=seeker, rule="asylum_one_year", title="Asylum application (I-589)")
    client.force_login(caseworker)
    page = client.get(reverse("dashboard")).content.decode()
    assert "8 U.S.C. 1158(a)(2)(B)" in page
    assert "asylum_one_year" not in page
