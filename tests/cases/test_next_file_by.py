"""`AsylumSeeker.next_file_by`: derived from the open deadlines, right after every write to one.

Each test checks the stored column twice: against the date worked out by hand (the deadline
dates are those of tests/cases/test_deadline_services.py) and against the rule computed in
Python from the person's deadlines (`expected`).
"""

import importlib
from datetime import date, timedelta

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from cases import deadline_services as ds
from cases import enums, services
from cases.models import Appeal, AsylumSeeker, Deadline, Hearing
from cases.privacy import seeker_erase
from tests.factories import AsylumSeekerFactory, DeadlineFactory, HearingFactory, noon

pytestmark = pytest.mark.django_db

D = date
DENIED = enums.HearingOutcome.DENIED_REMOVAL


def stored(seeker) -> date | None:
    return AsylumSeeker.objects.values_list("next_file_by", flat=True).get(pk=seeker.pk)


def expected(seeker) -> date | None:
    """The rule, in Python: the earliest "file by" of the person's open deadlines."""
    open_dates = [d.file_by for d in Deadline.objects.filter(seeker=seeker) if d.status == "open"]
    return min(open_dates, default=None)


def check(seeker, day: date | None) -> None:
    assert stored(seeker) == expected(seeker) == day


def decide(hearing, **fields):
    return services.hearing_record_decision(hearing=hearing, by=None, **fields)


@pytest.fixture
def merits(seeker):
    return HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=D(2025, 7, 1))


@pytest.fixture
def denied(merits):
    """An oral denial on Tue Jul 1 2025: appeal and reconsider by Jul 31, reopen by Sep 29."""
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    return merits


def deadline(rule: str) -> Deadline:
    return Deadline.objects.get(rule=rule)


# --- the services ------------------------------------------------------------------------------


def test_no_deadline_is_null(seeker, merits):
    check(seeker, None)


def test_decision_sets_it_and_a_corrected_date_moves_it(denied):
    check(denied.seeker, D(2025, 7, 31))
    # Wed Jul 2 + 30 = Fri Aug 1.
    decide(denied, outcome=DENIED, decision_date=D(2025, 7, 2), service_method="oral")
    check(denied.seeker, D(2025, 8, 1))


def test_cleared_decision_deletes_the_deadlines_and_clears_it(denied):
    decide(denied, outcome=enums.HearingOutcome.PENDING, decision_date=None)
    assert not Deadline.objects.exists()
    check(denied.seeker, None)


def test_past_hearing_entered_with_decision_sets_it(seeker):
    HearingFactory(seeker=seeker, date=D(2025, 7, 1), outcome=DENIED, decision_date=D(2025, 7, 1))
    check(seeker, D(2025, 7, 31))


def test_filings_answer_deadlines_and_the_board_adds_its_own(denied):
    appeal = services.appeal_file(
        seeker=denied.seeker,
        by=None,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=denied,
        filed_on=D(2025, 7, 28),
    )
    # The appeal met its deadline; the judge's motions are not applicable once it is filed.
    check(denied.seeker, None)
    # Mon Mar 3 + 21 = Mon Mar 24.
    services.appeal_update(appeal=appeal, by=None, briefing_schedule_on=D(2025, 3, 3))
    check(denied.seeker, D(2025, 3, 24))
    # Decided: the brief is not applicable; petition by Fri Oct 10 (Sep 10 + 30).
    services.appeal_record_decision(
        appeal=appeal, by=None, outcome=enums.AppealOutcome.DISMISSED, decided_on=D(2025, 9, 10)
    )
    check(denied.seeker, D(2025, 10, 10))


def test_arrival_and_filed_asylum_application(caseworker):
    seeker = AsylumSeekerFactory(entry_date=D(2025, 3, 12))
    check(seeker, D(2026, 3, 12))  # the anniversary
    # Anniversary Sat Mar 14 2026: file by Fri Mar 13.
    services.seeker_update(seeker=seeker, by=caseworker, entry_date=D(2025, 3, 14))
    check(seeker, D(2026, 3, 13))
    services.seeker_update(seeker=seeker, by=caseworker, asylum_application_filed_on=D(2025, 11, 3))
    check(seeker, None)


@time_machine.travel(noon(D(2025, 7, 20)), tick=False)
def test_mark_met_not_applicable_and_reopen(denied, lawyer):
    seeker = denied.seeker
    ds.deadline_mark_met(deadline=deadline("bia_appeal"), by=lawyer, completed_on=D(2025, 7, 18))
    check(seeker, D(2025, 7, 31))  # motion to reconsider, same day
    ds.deadline_mark_not_applicable(deadline=deadline("motion_reconsider"), by=lawyer)
    check(seeker, D(2025, 9, 29))  # motion to reopen
    ds.deadline_reopen(deadline=deadline("bia_appeal"), by=lawyer)
    check(seeker, D(2025, 7, 31))


def test_manual_deadline(denied):
    # Due Sat Aug 2: file by Fri Aug 1, after the Jul 31 ones.
    ds.deadline_add_manual(seeker=denied.seeker, by=None, title="Evidence", due_date=D(2025, 8, 2))
    check(denied.seeker, D(2025, 7, 31))
    ds.deadline_add_manual(seeker=denied.seeker, by=None, title="Brief", due_date=D(2025, 7, 22))
    check(denied.seeker, D(2025, 7, 22))


def test_closure_day_moves_it_and_back(denied, coordinator):
    other = AsylumSeekerFactory()
    HearingFactory(seeker=other, date=D(2025, 7, 1), outcome=DENIED, decision_date=D(2025, 7, 1))
    # Thu Jul 31 closed: file by Wed Jul 30, for both people.
    closure, _moves = ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)
    check(denied.seeker, D(2025, 7, 30))
    check(other, D(2025, 7, 30))
    ds.closure_day_delete(closure=closure, by=coordinator)
    check(denied.seeker, D(2025, 7, 31))
    check(other, D(2025, 7, 31))


def test_erasure_and_closing_the_case_keep_it(denied, coordinator):
    services.seeker_update(seeker=denied.seeker, by=coordinator, closed_on=D(2025, 7, 10))
    check(denied.seeker, D(2025, 7, 31))
    seeker_erase(seeker=denied.seeker, by=coordinator)
    check(denied.seeker, D(2025, 7, 31))


def test_full_save_of_a_stale_person_keeps_it(denied):
    stale = AsylumSeeker.objects.get(pk=denied.seeker_id)
    ds.deadline_add_manual(seeker=denied.seeker, by=None, title="Brief", due_date=D(2025, 7, 22))
    stale.notes = "edited in the admin"
    stale.save()
    check(denied.seeker, D(2025, 7, 22))
    assert AsylumSeeker.objects.get(pk=denied.seeker_id).notes == "edited in the admin"


def test_demo_data_has_it_right_for_everyone(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path  # the built-in facility list: faster, offline
    call_command("seed_demo", people=5)
    people = list(AsylumSeeker.objects.all())
    assert len(people) == 6
    assert any(p.next_file_by for p in people)
    for person in people:
        check(person, expected(person))


# --- the admin (it writes rows itself) -----------------------------------------------------------


def _admin_request(user):
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


def test_admin_change_and_delete_of_a_deadline(denied, coordinator):
    model_admin = admin.site._registry[Deadline]
    row = deadline("bia_appeal")
    row.file_by = D(2025, 7, 15)
    model_admin.save_model(_admin_request(coordinator), row, None, True)
    check(denied.seeker, D(2025, 7, 15))
    model_admin.delete_model(_admin_request(coordinator), row)
    check(denied.seeker, D(2025, 7, 31))


def test_admin_moving_a_deadline_to_another_person_refreshes_both(denied, coordinator):
    other = AsylumSeekerFactory()
    row = deadline("motion_reopen")
    row.seeker = other
    admin.site._registry[Deadline].save_model(_admin_request(coordinator), row, None, True)
    check(denied.seeker, D(2025, 7, 31))
    check(other, D(2025, 9, 29))
    for rule in ("bia_appeal", "motion_reconsider"):
        row = deadline(rule)
        row.seeker = other
        admin.site._registry[Deadline].save_model(_admin_request(coordinator), row, None, True)
    check(denied.seeker, None)
    check(other, D(2025, 7, 31))


def test_admin_deleting_a_hearing_or_appeal_cascades_to_it(denied, coordinator):
    appeal = services.appeal_file(
        seeker=denied.seeker, by=None, kind=enums.AppealKind.BIA_APPEAL, hearing=denied
    )
    services.appeal_update(appeal=appeal, by=None, briefing_schedule_on=D(2025, 7, 7))
    check(denied.seeker, D(2025, 7, 28))  # Mon Jul 7 + 21 = Mon Jul 28
    admin.site._registry[Appeal].delete_model(_admin_request(coordinator), appeal)
    check(denied.seeker, D(2025, 7, 31))
    admin.site._registry[Hearing].delete_queryset(
        _admin_request(coordinator), Hearing.objects.filter(pk=denied.pk)
    )
    assert not Deadline.objects.exists()
    check(denied.seeker, None)


def test_admin_delete_selected_action(client, denied, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:cases_deadline_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(
                Deadline.objects.filter(file_by=D(2025, 7, 31)).values_list("pk", flat=True)
            ),
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(Deadline.objects.values_list("rule", flat=True)) == ["motion_reopen"]
    check(denied.seeker, D(2025, 9, 29))


def test_clearing_a_filing_date_brings_it_back(denied):
    appeal = services.appeal_file(
        seeker=denied.seeker,
        by=None,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=denied,
        filed_on=D(2025, 7, 28),
    )
    check(denied.seeker, None)  # met, and the judge's motions not applicable
    services.appeal_update(appeal=appeal, by=None, filed_on=None)
    check(denied.seeker, D(2025, 7, 31))


def test_deleting_a_hearing_or_a_filing_typed_by_mistake_moves_it(denied):
    from cases import delete_services

    motion = services.appeal_file(
        seeker=denied.seeker,
        by=None,
        kind=enums.AppealKind.BIA_APPEAL,
        hearing=denied,
    )
    services.appeal_update(appeal=motion, by=None, briefing_schedule_on=D(2025, 7, 7))
    # The brief: Mon Jul 7 + 21 = Mon Jul 28, before the appeal's Jul 31.
    check(denied.seeker, D(2025, 7, 28))
    delete_services.appeal_delete(appeal=motion, by=None)
    check(denied.seeker, D(2025, 7, 31))
    delete_services.hearing_delete(hearing=denied, by=None)
    check(denied.seeker, None)


# --- migration cases/0009, the seed's rule, the list --------------------------------------------


def test_migration_backfill_agrees_with_the_rule(coordinator):
    """The UPDATE of migration cases/0009 gives what the Python rule gives, person by person,
    and what refresh_next_file_by gives."""
    people = {
        "none": AsylumSeekerFactory(),
        "met only": AsylumSeekerFactory(),
        "open and met": AsylumSeekerFactory(),
        "manual earliest": AsylumSeekerFactory(),
        "two open": AsylumSeekerFactory(),
    }
    day = D(2025, 8, 4)
    DeadlineFactory(seeker=people["met only"], due_date=day, status=enums.DeadlineStatus.MET)
    DeadlineFactory(seeker=people["open and met"], due_date=day, status="met")
    DeadlineFactory(seeker=people["open and met"], due_date=day + timedelta(3))
    DeadlineFactory(seeker=people["open and met"], due_date=day + timedelta(9), status="missed")
    DeadlineFactory(seeker=people["manual earliest"], due_date=day + timedelta(5))
    DeadlineFactory(seeker=people["manual earliest"], due_date=day - timedelta(10))
    DeadlineFactory(seeker=people["two open"], due_date=day + timedelta(1), status="not_applicable")
    DeadlineFactory(seeker=people["two open"], due_date=day + timedelta(2))
    refreshed = {name: stored(s) for name, s in people.items()}
    AsylumSeeker.objects.update(next_file_by=None)  # as the column is when it is added
    migration = importlib.import_module("cases.migrations.0009_next_file_by")
    migration.backfill_next_file_by(apps, None)
    for name, seeker in people.items():
        assert stored(seeker) == expected(seeker) == refreshed[name], name
    assert [stored(s) for s in people.values()] == [
        None,
        None,
        day + timedelta(3),
        day - timedelta(10),
        day + timedelta(2),
    ]


def test_the_sort_and_the_filter_read_the_column(client, caseworker):
    today = timezone.localdate()
    for name, days in [("Bravo", 9), ("Alpha", 9), ("Sooner", 2)]:
        DeadlineFactory(
            seeker=AsylumSeekerFactory(name_latin=name), due_date=today + timedelta(days)
        )
    # An earlier deadline that is met does not count.
    done = AsylumSeekerFactory(name_latin="Done")
    DeadlineFactory(seeker=done, due_date=today, status=enums.DeadlineStatus.MET)
    DeadlineFactory(seeker=done, due_date=today + timedelta(20))
    AsylumSeekerFactory(name_latin="Aaron None")
    client.force_login(caseworker)

    def names(**params):
        response = client.get(reverse("cases:seeker_list"), params)
        return [s.name_latin for s in response.context["page"].object_list]

    # Same day: by name; no open deadline: last.
    assert names(sort="deadline") == ["Sooner", "Alpha", "Bravo", "Done", "Aaron None"]
    assert names(sort="deadline", deadline_within=9) == ["Sooner", "Alpha", "Bravo"]
    assert [s.next_file_by for s in AsylumSeeker.objects.order_by("name_latin")] == [
        None,
        today + timedelta(9),
        today + timedelta(9),
        today + timedelta(20),
        today + timedelta(2),
    ]
