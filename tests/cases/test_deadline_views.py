"""Deadline screens: what a caseworker, a colleague and outsiders see and can do."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from cases import deadline_services as ds
from cases import enums, services
from cases.models import ClosureDay, Deadline
from detention.services import stay_start, stay_transfer
from tests.factories import AsylumSeekerFactory, FacilityFactory, HearingFactory, noon

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sunday_jul_20_2025():
    with time_machine.travel(noon(date(2025, 7, 20)), tick=False):
        yield


D = date


JUL_1 = D(2025, 7, 1)


def deny(seeker, day=JUL_1):
    hearing = HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=day)
    return services.hearing_record_decision(
        hearing=hearing,
        by=None,
        outcome=enums.HearingOutcome.DENIED_REMOVAL,
        decision_date=day,
        service_method="oral",
    )


def page_of(client, user, seeker):
    client.force_login(user)
    return client.get(reverse("cases:seeker_deadlines", args=[seeker.reference]))


@pytest.fixture
def denied(seeker):
    return deny(seeker)


# --- the list ----------------------------------------------------------------------------------


def test_caseworker_sees_computed_deadlines_with_dates_and_legal_facts(client, caseworker, denied):
    response = page_of(client, caseworker, denied.seeker)
    page = response.content.decode()
    assert response.status_code == 200
    assert "BIA appeal (Notice of Appeal, EOIR-26)" in page
    assert "8 CFR 1003.38(b)-(c)" in page
    assert "<strong>Thu 31 Jul 2025</strong>" in page  # file by
    assert "(in 11 days)" in page
    assert "Removal is stayed automatically during the 30 days" in page
    assert "does not extend the petition-for-review deadline" in page
    assert page.index("BIA appeal") < page.index("Motion to reopen")  # by date


@pytest.mark.parametrize("who", ["colleague", "coordinator", "lawyer"])
def test_colleagues_and_assigned_lawyer_see_the_list(client, who, denied, request):
    response = page_of(client, request.getfixturevalue(who), denied.seeker)
    assert response.content.decode().count('class="card mb-3 deadline-card') == 3


def test_unassigned_lawyer_gets_404_and_monitor_403(client, other_lawyer, monitor, denied):
    assert page_of(client, other_lawyer, denied.seeker).status_code == 404
    assert page_of(client, monitor, denied.seeker).status_code == 403


def test_empty_list_says_how_deadlines_appear(client, caseworker, seeker):
    page = page_of(client, caseworker, seeker).content.decode()
    assert "No deadlines yet." in page


def test_petition_shows_circuit_where_judge_decided(client, caseworker, seeker):
    calexico = FacilityFactory(name="Imperial Regional", circuit=9)
    stay_start(seeker=seeker, facility=calexico, started_on=D(2025, 1, 1), by=None)
    hearing = deny(seeker)
    stay_transfer(seeker=seeker, facility=FacilityFactory(circuit=5), on=D(2025, 7, 10), by=None)
    appeal = services.appeal_file(
        seeker=seeker, by=None, kind="bia_appeal", hearing=hearing, filed_on=D(2025, 7, 2)
    )
    services.appeal_record_decision(
        appeal=appeal, by=None, outcome="dismissed", decided_on=D(2025, 7, 15)
    )
    page = page_of(client, caseworker, seeker).content.decode()
    assert "<strong>Ninth Circuit</strong>: the person was held at Imperial Regional" in page
    assert "A petition for review does not stay removal" in page


def test_list_queries_do_not_grow(client, caseworker, django_assert_max_num_queries):
    small = AsylumSeekerFactory(caseworkers=[caseworker])
    ds.deadline_add_manual(seeker=small, by=None, title="One", due_date=D(2025, 8, 1))
    big = AsylumSeekerFactory(caseworkers=[caseworker])
    stay_start(seeker=big, facility=FacilityFactory(), started_on=D(2025, 1, 1), by=None)
    appeal = services.appeal_file(
        seeker=big, by=None, kind="bia_appeal", hearing=deny(big), filed_on=D(2025, 7, 2)
    )
    services.appeal_record_decision(
        appeal=appeal, by=None, outcome="dismissed", decided_on=D(2025, 7, 15)
    )
    for i in range(5):
        ds.deadline_add_manual(seeker=big, by=None, title=f"M{i}", due_date=D(2025, 8, 1 + i))
    client.force_login(caseworker)
    # session, user, seeker, access log, count, page of deadlines, badge, session save
    # (savepoint, update, release); the big case adds one: its detention stays (PFR venue).
    with django_assert_max_num_queries(10) as one:
        client.get(reverse("cases:seeker_deadlines", args=[small.reference]))
    with django_assert_max_num_queries(len(one.captured_queries) + 1):
        response = client.get(reverse("cases:seeker_deadlines", args=[big.reference]))
    assert response.content.decode().count("deadline-card") >= 11


# --- one-click actions -------------------------------------------------------------------------


def post_action(client, user, deadline, action, data=None, htmx=False):
    client.force_login(user)
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse(f"cases:deadline_{action}", args=[deadline.pk]), data or {}, headers=headers
    )


def test_mark_met_by_htmx_returns_the_updated_card(client, lawyer, denied):
    deadline = Deadline.objects.get(rule="bia_appeal")
    response = post_action(
        client, lawyer, deadline, "mark_met", {"completed_on": "2025-07-18"}, htmx=True
    )
    card = response.content.decode()
    assert card.lstrip().startswith('<article class="card mb-3 deadline-card"')
    assert ">Met</span>" in card and "Fri 18 Jul 2025" in card and ">Reopen</button>" in card
    deadline.refresh_from_db()
    assert (deadline.status, deadline.completed_on) == ("met", D(2025, 7, 18))
    assert deadline.history.first().history_user == lawyer


def test_mark_met_without_htmx_redirects_to_the_card(client, caseworker, denied):
    deadline = Deadline.objects.get(rule="bia_appeal")
    response = post_action(client, caseworker, deadline, "mark_met", {"completed_on": "2025-07-18"})
    assert response["Location"] == (
        reverse("cases:seeker_deadlines", args=[denied.seeker.reference])
        + f"#deadline-{deadline.pk}"
    )


def test_mark_met_in_future_shows_error_and_changes_nothing(client, caseworker, denied):
    deadline = Deadline.objects.get(rule="bia_appeal")
    response = post_action(
        client, caseworker, deadline, "mark_met", {"completed_on": "2025-07-25"}, htmx=True
    )
    assert "The filing date cannot be in the future." in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_mark_met_without_date_says_so(client, caseworker, denied):
    deadline = Deadline.objects.get(rule="bia_appeal")
    response = post_action(client, caseworker, deadline, "mark_met", {}, htmx=True)
    assert "Enter the date it was filed." in response.content.decode()


def test_not_applicable_then_reopen(client, colleague, denied):
    deadline = Deadline.objects.get(rule="motion_reopen")
    post_action(client, colleague, deadline, "mark_not_applicable", {"note": "Waived"})
    deadline.refresh_from_db()
    assert (deadline.status, deadline.note) == ("not_applicable", "Waived")
    post_action(client, colleague, deadline, "reopen")
    deadline.refresh_from_db()
    assert (deadline.status, deadline.completed_on) == ("open", None)


def test_outsiders_cannot_act_on_a_deadline(client, other_lawyer, monitor, denied):
    deadline = Deadline.objects.get(rule="bia_appeal")
    assert (
        post_action(
            client, other_lawyer, deadline, "mark_met", {"completed_on": "2025-07-18"}
        ).status_code
        == 404
    )
    assert post_action(client, monitor, deadline, "mark_not_applicable").status_code == 403
    deadline.refresh_from_db()
    assert deadline.status == "open"


def test_actions_refuse_get(client, caseworker, denied):
    client.force_login(caseworker)
    deadline = Deadline.objects.get(rule="bia_appeal")
    assert client.get(reverse("cases:deadline_mark_met", args=[deadline.pk])).status_code == 405


# --- manual deadlines --------------------------------------------------------------------------


def test_add_manual_deadline(client, caseworker, seeker):
    client.force_login(caseworker)
    url = reverse("cases:deadline_add", args=[seeker.reference])
    assert 'for="id_title"' in client.get(url).content.decode()
    response = client.post(url, {"title": "BIA brief, extended", "due_date": "2025-08-02"})
    assert response["Location"] == reverse("cases:seeker_deadlines", args=[seeker.reference])
    deadline = Deadline.objects.get(seeker=seeker)
    assert (deadline.title, deadline.due_date, deadline.file_by) == (
        "BIA brief, extended",
        D(2025, 8, 2),
        D(2025, 8, 1),  # Sat -> Fri
    )


def test_add_manual_deadline_errors_keep_the_input(client, caseworker, seeker):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:deadline_add", args=[seeker.reference]),
        {"title": "Evidence", "due_date": "2025-08-01", "file_by": "2025-08-04"},
    )
    page = response.content.decode()
    assert "&#x27;File by&#x27; cannot be after the legal due date." in page
    assert 'value="Evidence"' in page and 'value="2025-08-04"' in page
    assert not Deadline.objects.exists()


def test_unassigned_lawyer_cannot_add_deadline(client, other_lawyer, seeker):
    client.force_login(other_lawyer)
    url = reverse("cases:deadline_add", args=[seeker.reference])
    assert client.post(url, {"title": "x", "due_date": "2025-08-01"}).status_code == 404
    assert not Deadline.objects.exists()


# --- closure days ------------------------------------------------------------------------------


def test_coordinator_adds_closure_day_and_sees_what_moved(client, coordinator, denied):
    client.force_login(coordinator)
    response = client.post(
        reverse("cases:closure_day_list"),
        {"date": "2025-07-31", "reason": "Flood at the court"},
        follow=True,
    )
    page = response.content.decode()
    assert "Closure day 2025-07-31 added; 2 open deadlines moved." in page
    assert "Deadlines moved by this change" in page
    assert "Thu 31 Jul 2025 → <strong>Wed 30 Jul 2025</strong>" in page
    assert "Thu 31 Jul 2025 → <strong>Fri 1 Aug 2025</strong>" in page
    assert denied.seeker.reference in page
    assert ClosureDay.objects.get().added_by == coordinator
    # Shown once: a reload shows the list without the moves.
    assert "Deadlines moved" not in client.get(reverse("cases:closure_day_list")).content.decode()


def test_duplicate_closure_day_is_refused_in_plain_words(client, coordinator):
    ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)
    client.force_login(coordinator)
    response = client.post(reverse("cases:closure_day_list"), {"date": "2025-07-31", "reason": "x"})
    assert "This day is already a closure day." in response.content.decode()


def test_delete_closure_day_asks_then_moves_back(client, coordinator, denied):
    closure, _moves = ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)
    client.force_login(coordinator)
    url = reverse("cases:closure_day_delete", args=[closure.pk])
    assert "Delete the closure day Thu 31 Jul 2025 (Flood)?" in client.get(url).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "Closure day 2025-07-31 deleted; 2 open deadlines moved." in page
    assert Deadline.objects.get(rule="bia_appeal").file_by == D(2025, 7, 31)
    assert client.post(url, follow=True).status_code == 200  # already gone: no error page


@pytest.mark.parametrize("who", ["caseworker", "lawyer", "monitor"])
def test_only_coordinators_manage_closure_days(client, who, request):
    client.force_login(request.getfixturevalue(who))
    response = client.post(reverse("cases:closure_day_list"), {"date": "2025-07-31", "reason": "x"})
    assert response.status_code == 403
    assert not ClosureDay.objects.exists()


def test_closure_day_list_queries_do_not_grow(client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    ds.closure_day_add(day=D(2025, 1, 2), reason="Snow", by=coordinator)
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("cases:closure_day_list"))
    for day in range(3, 20):
        ds.closure_day_add(day=D(2025, 1, day), reason="Snow", by=coordinator)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("cases:closure_day_list")).content.decode()
    assert page.count(">Delete</a>") == 18
