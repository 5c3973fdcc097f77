"""Deadlines appear, move and disappear with the record (cases.deadline_services).

Every date was worked out by hand from a printed 2025 calendar (`cal 2025`); the comment on each
case shows the arithmetic. Never regenerate these from the code's output.
"""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases import deadline_services as ds
from cases import enums, services
from cases.models import Deadline
from tests.factories import AsylumSeekerFactory, HearingFactory, noon

pytestmark = pytest.mark.django_db

D = date
DENIED = enums.HearingOutcome.DENIED_REMOVAL


def rows(seeker):
    """{rule: (trigger, due, file_by, status)} of a person's computed deadlines."""
    return {
        d.rule: (d.trigger_date, d.due_date, d.file_by, d.status)
        for d in Deadline.objects.filter(seeker=seeker).exclude(rule="")
    }


def decide(hearing, by=None, **fields):
    return services.hearing_record_decision(hearing=hearing, by=by, **fields)


def file_against(hearing, kind, **fields):
    return services.appeal_file(
        seeker=hearing.seeker, by=None, kind=kind, hearing=hearing, **fields
    )


@pytest.fixture
def merits(seeker):
    return HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=D(2025, 7, 1))


# --- immigration judge's decision -------------------------------------------------------------


def test_oral_denial_creates_appeal_and_motion_deadlines(merits, caseworker):
    decide(
        merits,
        by=caseworker,
        outcome=DENIED,
        decision_date=D(2025, 7, 1),
        service_method=enums.ServiceMethod.ORAL,
    )
    assert rows(merits.seeker) == {
        # Tue Jul 1 + 30 = Thu Jul 31.
        "bia_appeal": (D(2025, 7, 1), D(2025, 7, 31), D(2025, 7, 31), "open"),
        "motion_reconsider": (D(2025, 7, 1), D(2025, 7, 31), D(2025, 7, 31), "open"),
        # Jul 1 + 30 = Jul 31, + 31 = Aug 31, + 29 = Mon Sep 29.
        "motion_reopen": (D(2025, 7, 1), D(2025, 9, 29), D(2025, 9, 29), "open"),
    }
    bia = Deadline.objects.get(rule="bia_appeal")
    assert bia.title == "BIA appeal (Notice of Appeal, EOIR-26)"
    assert bia.hearing == merits and bia.appeal is None
    assert bia.history.first().history_user == caseworker


def test_mailed_decision_counts_appeal_from_mailing_date(merits):
    decide(
        merits,
        outcome=DENIED,
        decision_date=D(2025, 7, 2),
        service_method=enums.ServiceMethod.MAILED,
        served_on=D(2025, 7, 7),
    )
    assert rows(merits.seeker) == {
        # Mailed Mon Jul 7 + 24 = Jul 31, + 6 = Wed Aug 6.
        "bia_appeal": (D(2025, 7, 7), D(2025, 8, 6), D(2025, 8, 6), "open"),
        # IJ motions run from the order: Wed Jul 2 + 30 = Fri Aug 1.
        "motion_reconsider": (D(2025, 7, 2), D(2025, 8, 1), D(2025, 8, 1), "open"),
        # Jul 2 + 29 = Jul 31, + 31 = Aug 31, + 30 = Tue Sep 30.
        "motion_reopen": (D(2025, 7, 2), D(2025, 9, 30), D(2025, 9, 30), "open"),
    }


def test_written_decision_without_served_date_counts_from_decision(merits):
    decide(
        merits,
        outcome=DENIED,
        decision_date=D(2025, 7, 2),
        service_method=enums.ServiceMethod.ELECTRONIC,
    )
    # Earlier is never late: Wed Jul 2 + 30 = Fri Aug 1.
    assert rows(merits.seeker)["bia_appeal"][:3] == (D(2025, 7, 2), D(2025, 8, 1), D(2025, 8, 1))


def test_weekend_and_labor_day_split_due_date_and_file_by(seeker):
    hearing = HearingFactory(seeker=seeker, date=D(2025, 8, 1))
    decide(hearing, outcome=DENIED, decision_date=D(2025, 8, 1), service_method="oral")
    # Fri Aug 1 + 30 = Sun Aug 31; Mon Sep 1 is Labor Day -> due Tue Sep 2; file by Fri Aug 29.
    assert rows(seeker)["bia_appeal"] == (D(2025, 8, 1), D(2025, 9, 2), D(2025, 8, 29), "open")


def test_bond_denial_creates_only_the_appeal_deadline(seeker):
    hearing = HearingFactory(seeker=seeker, kind=enums.HearingKind.BOND, date=D(2025, 7, 1))
    decide(hearing, outcome=enums.HearingOutcome.BOND_DENIED, decision_date=D(2025, 7, 1))
    assert set(rows(seeker)) == {"bia_appeal"}


@pytest.mark.parametrize(
    "outcome",
    [
        enums.HearingOutcome.GRANTED,
        enums.HearingOutcome.TERMINATED,
        enums.HearingOutcome.CONTINUED,
        enums.HearingOutcome.BOND_GRANTED,
    ],
)
def test_favourable_or_open_outcome_creates_no_deadline(merits, outcome):
    decide(merits, outcome=outcome, decision_date=D(2025, 7, 1))
    assert rows(merits.seeker) == {}


def test_voluntary_departure_grant_creates_its_deadline(seeker):
    hearing = HearingFactory(seeker=seeker, date=D(2025, 6, 2))
    decide(
        hearing,
        outcome=enums.HearingOutcome.TERMINATED,
        decision_date=D(2025, 6, 2),
        voluntary_departure_days=60,
    )
    # Mon Jun 2 + 28 = Jun 30, + 31 = Jul 31, + 1 = Fri Aug 1.
    assert rows(seeker) == {
        "voluntary_departure": (D(2025, 6, 2), D(2025, 8, 1), D(2025, 8, 1), "open")
    }


def test_voluntary_departure_over_120_days_is_refused(seeker):
    hearing = HearingFactory(seeker=seeker, date=D(2025, 6, 2))
    with pytest.raises(ValidationError) as error:
        decide(hearing, outcome=DENIED, decision_date=D(2025, 6, 2), voluntary_departure_days=150)
    assert "voluntary_departure_days" in error.value.message_dict
    assert not Deadline.objects.exists()


def test_past_hearing_entered_with_decision_gets_deadlines(seeker):
    HearingFactory(seeker=seeker, date=D(2025, 7, 1), outcome=DENIED, decision_date=D(2025, 7, 1))
    assert set(rows(seeker)) == {"bia_appeal", "motion_reconsider", "motion_reopen"}


# --- editing and clearing the decision ---------------------------------------------------------


def test_corrected_decision_date_moves_the_same_rows(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    before = dict(Deadline.objects.values_list("rule", "pk"))
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 2), service_method="oral")
    assert dict(Deadline.objects.values_list("rule", "pk")) == before
    # Wed Jul 2 + 30 = Fri Aug 1.
    assert rows(merits.seeker)["bia_appeal"] == (
        D(2025, 7, 2),
        D(2025, 8, 1),
        D(2025, 8, 1),
        "open",
    )


def test_cleared_decision_withdraws_open_deadlines_but_keeps_met_ones(merits, caseworker):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    met = Deadline.objects.get(rule="motion_reconsider")
    with time_machine.travel(noon(D(2025, 7, 20))):
        ds.deadline_mark_met(deadline=met, by=caseworker, completed_on=D(2025, 7, 15))
    decide(merits, outcome=enums.HearingOutcome.PENDING, decision_date=None, service_method="")
    assert rows(merits.seeker) == {
        "motion_reconsider": (D(2025, 7, 1), D(2025, 7, 31), D(2025, 7, 31), "met")
    }
    # The withdrawn rows stay in the audit history, with who withdrew them.
    deleted = Deadline.history.filter(history_type="-")
    assert sorted(deleted.values_list("rule", flat=True)) == ["bia_appeal", "motion_reopen"]


def test_changed_to_granted_withdraws_adverse_deadlines(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    decide(merits, outcome=enums.HearingOutcome.GRANTED, decision_date=D(2025, 7, 1))
    assert rows(merits.seeker) == {}


def test_sync_twice_writes_nothing_the_second_time(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    history = Deadline.history.count()
    assert ds.deadlines_sync_hearing(hearing=merits, by=None) == []
    assert Deadline.history.count() == history
    assert Deadline.objects.count() == 3


def test_deleting_the_hearing_deletes_its_deadlines(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    merits.delete()
    assert not Deadline.objects.exists()


# --- filings answer deadlines ------------------------------------------------------------------


def test_filing_bia_appeal_meets_it_and_ends_judge_motions(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    file_against(merits, enums.AppealKind.BIA_APPEAL, filed_on=D(2025, 7, 28))
    met = Deadline.objects.get(rule="bia_appeal", hearing=merits)
    assert (met.status, met.completed_on, met.note) == (
        "met",
        D(2025, 7, 28),
        "Met: filed on 2025-07-28.",
    )
    assert set(
        Deadline.objects.filter(hearing=merits, status="not_applicable").values_list(
            "rule", flat=True
        )
    ) == {"motion_reconsider", "motion_reopen"}


def test_changed_country_conditions_motion_has_no_90_day_deadline(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    file_against(merits, enums.AppealKind.MOTION_REOPEN, changed_circumstances=True)
    reopen = Deadline.objects.get(rule="motion_reopen")
    assert reopen.status == "not_applicable"
    assert "changed country conditions" in reopen.note
    assert "1003.23(b)(4)(i)" in reopen.note
    # The appeal deadline is untouched: a motion does not answer it.
    assert Deadline.objects.get(rule="bia_appeal").status == "open"


def test_ordinary_motion_to_reopen_filed_meets_deadline(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    file_against(merits, enums.AppealKind.MOTION_REOPEN, filed_on=D(2025, 8, 5))
    reopen = Deadline.objects.get(rule="motion_reopen")
    assert (reopen.status, reopen.completed_on) == ("met", D(2025, 8, 5))


def test_clearing_a_filing_date_opens_again_what_the_filing_closed(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    appeal = file_against(merits, enums.AppealKind.BIA_APPEAL, filed_on=D(2025, 7, 28))
    services.appeal_update(appeal=appeal, by=None, filed_on=None)
    assert rows(merits.seeker) == {
        "bia_appeal": (D(2025, 7, 1), D(2025, 7, 31), D(2025, 7, 31), "open"),
        "motion_reconsider": (D(2025, 7, 1), D(2025, 7, 31), D(2025, 7, 31), "open"),
        # Jul 1 + 30 = Jul 31, + 31 = Aug 31, + 29 = Mon Sep 29.
        "motion_reopen": (D(2025, 7, 1), D(2025, 9, 29), D(2025, 9, 29), "open"),
    }


def test_correcting_a_filings_kind_moves_the_deadline_it_meets(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    motion = file_against(merits, enums.AppealKind.MOTION_RECONSIDER, filed_on=D(2025, 7, 20))
    assert Deadline.objects.get(rule="motion_reconsider").status == "met"
    services.appeal_update(appeal=motion, by=None, kind=enums.AppealKind.MOTION_REOPEN)
    assert Deadline.objects.get(rule="motion_reconsider").status == "open"
    reopen = Deadline.objects.get(rule="motion_reopen")
    assert (reopen.status, reopen.completed_on) == ("met", D(2025, 7, 20))


def test_editing_a_filings_notes_leaves_its_deadlines_alone(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    appeal = file_against(merits, enums.AppealKind.BIA_APPEAL, filed_on=D(2025, 7, 28))
    history = Deadline.history.count()
    services.appeal_update(appeal=appeal, by=None, notes="Brief due after transcript.")
    assert Deadline.history.count() == history
    assert Deadline.objects.get(rule="bia_appeal").status == "met"


# --- the Board ---------------------------------------------------------------------------------


@pytest.fixture
def bia_appeal(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    return file_against(merits, enums.AppealKind.BIA_APPEAL, filed_on=D(2025, 7, 28))


def test_briefing_schedule_creates_brief_deadline(bia_appeal):
    services.appeal_update(appeal=bia_appeal, by=None, briefing_schedule_on=D(2025, 3, 3))
    brief = Deadline.objects.get(rule="bia_brief_detained")
    # Mon Mar 3 + 21 = Mon Mar 24.
    assert (brief.due_date, brief.file_by, brief.appeal) == (
        D(2025, 3, 24),
        D(2025, 3, 24),
        bia_appeal,
    )


def test_briefing_extension_moves_brief_deadline(bia_appeal):
    services.appeal_update(appeal=bia_appeal, by=None, briefing_schedule_on=D(2025, 3, 3))
    services.appeal_update(appeal=bia_appeal, by=None, brief_extension_days=21)
    brief = Deadline.objects.get(rule="bia_brief_detained")
    # Mar 3 + 42: + 28 = Mar 31, + 14 = Mon Apr 14.
    assert (brief.due_date, brief.file_by) == (D(2025, 4, 14), D(2025, 4, 14))


def test_bia_dismissal_creates_petition_and_motion_deadlines(bia_appeal):
    services.appeal_record_decision(
        appeal=bia_appeal,
        by=None,
        outcome=enums.AppealOutcome.DISMISSED,
        decided_on=D(2025, 9, 10),
        served_on=D(2025, 9, 12),
    )
    got = {
        d.rule: (d.trigger_date, d.due_date, d.file_by)
        for d in Deadline.objects.filter(appeal=bia_appeal)
    }
    assert got == {
        # Wed Sep 10 + 20 = Sep 30, + 10 = Fri Oct 10.
        "pfr": (D(2025, 9, 10), D(2025, 10, 10), D(2025, 10, 10)),
        # Mailed Fri Sep 12 + 30 = Sun Oct 12; Mon Oct 13 is Columbus Day -> due Tue Oct 14;
        # file by Fri Oct 10.
        "motion_reconsider": (D(2025, 9, 12), D(2025, 10, 14), D(2025, 10, 10)),
        # Sep 10 + 20 = Sep 30, + 31 = Oct 31, + 30 = Nov 30, + 9 = Tue Dec 9.
        "motion_reopen": (D(2025, 9, 10), D(2025, 12, 9), D(2025, 12, 9)),
    }


def test_decision_entered_by_mistake_and_undone_opens_the_brief_again(bia_appeal):
    services.appeal_update(appeal=bia_appeal, by=None, briefing_schedule_on=D(2025, 3, 3))
    services.appeal_record_decision(
        appeal=bia_appeal, by=None, outcome=enums.AppealOutcome.DISMISSED, decided_on=D(2025, 9, 10)
    )
    assert Deadline.objects.get(rule="bia_brief_detained").status == "not_applicable"
    services.appeal_update(
        appeal=bia_appeal, by=None, outcome=enums.AppealOutcome.PENDING, decided_on=None
    )
    assert rows(bia_appeal.seeker)["bia_brief_detained"][3] == "open"
    assert not Deadline.objects.filter(appeal=bia_appeal, rule="pfr").exists()


def test_a_deadline_a_person_closed_stays_closed_whatever_the_record_says(bia_appeal, lawyer):
    services.appeal_update(appeal=bia_appeal, by=None, briefing_schedule_on=D(2025, 3, 3))
    brief = Deadline.objects.get(rule="bia_brief_detained")
    ds.deadline_mark_not_applicable(deadline=brief, by=lawyer, note="Summary affirmance expected")
    services.appeal_update(appeal=bia_appeal, by=None, brief_extension_days=21)
    brief.refresh_from_db()
    assert (brief.status, brief.note) == ("not_applicable", "Summary affirmance expected")


def test_correcting_the_kind_of_the_decision_a_denied_motion_attacks(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    board = file_against(merits, enums.AppealKind.STAY, filed_on=D(2025, 7, 28))  # mistyped
    services.appeal_record_decision(
        appeal=board, by=None, outcome=enums.AppealOutcome.DISMISSED, decided_on=D(2025, 9, 10)
    )
    motion = services.appeal_file(
        seeker=merits.seeker, by=None, kind=enums.AppealKind.MOTION_REOPEN, parent=board
    )
    services.appeal_record_decision(
        appeal=motion, by=None, outcome=enums.AppealOutcome.DENIED, decided_on=D(2025, 10, 15)
    )
    assert not Deadline.objects.filter(appeal=motion).exists()
    services.appeal_update(appeal=board, by=None, kind=enums.AppealKind.BIA_APPEAL)
    assert list(Deadline.objects.filter(appeal=motion).values_list("rule", "due_date")) == [
        ("pfr", D(2025, 11, 14))
    ]


def test_bia_sustained_creates_no_deadline(bia_appeal):
    services.appeal_record_decision(
        appeal=bia_appeal, by=None, outcome=enums.AppealOutcome.SUSTAINED, decided_on=D(2025, 9, 10)
    )
    assert not Deadline.objects.filter(appeal=bia_appeal).exists()


def test_petition_filed_meets_petition_deadline(bia_appeal):
    services.appeal_record_decision(
        appeal=bia_appeal, by=None, outcome=enums.AppealOutcome.DISMISSED, decided_on=D(2025, 9, 10)
    )
    services.appeal_file(
        seeker=bia_appeal.seeker,
        by=None,
        kind=enums.AppealKind.PFR,
        parent=bia_appeal,
        filed_on=D(2025, 10, 1),
        circuit=9,
    )
    pfr = Deadline.objects.get(rule="pfr")
    assert (pfr.status, pfr.completed_on) == ("met", D(2025, 10, 1))
    assert Deadline.objects.get(appeal=bia_appeal, rule="motion_reopen").status == "open"


def test_bia_changed_conditions_motion_moved_to_board_updates_both_decisions(bia_appeal):
    services.appeal_record_decision(
        appeal=bia_appeal, by=None, outcome=enums.AppealOutcome.DISMISSED, decided_on=D(2025, 9, 10)
    )
    motion = services.appeal_file(
        seeker=bia_appeal.seeker,
        by=None,
        kind=enums.AppealKind.MOTION_REOPEN,
        hearing=bia_appeal.hearing,
        changed_circumstances=True,
    )
    # Entered against the judge's decision by mistake, then pointed at the Board's.
    services.appeal_update(appeal=motion, by=None, parent=bia_appeal)
    assert Deadline.objects.get(appeal=bia_appeal, rule="motion_reopen").status == "not_applicable"


def _board_motion(bia_appeal, **fields):
    services.appeal_record_decision(
        appeal=bia_appeal, by=None, outcome=enums.AppealOutcome.DISMISSED, decided_on=D(2025, 9, 10)
    )
    return services.appeal_file(
        seeker=bia_appeal.seeker,
        by=None,
        kind=enums.AppealKind.MOTION_REOPEN,
        parent=bia_appeal,
        filed_on=D(2025, 10, 1),
        **fields,
    )


def test_board_denying_a_motion_starts_a_petition_deadline_of_its_own(bia_appeal):
    motion = _board_motion(bia_appeal)
    services.appeal_record_decision(
        appeal=motion, by=None, outcome=enums.AppealOutcome.DENIED, decided_on=D(2025, 10, 15)
    )
    pfr = Deadline.objects.get(appeal=motion)
    # Wed Oct 15 + 16 = Oct 31, + 14 = Fri Nov 14.
    assert (pfr.rule, pfr.trigger_date, pfr.due_date, pfr.file_by, pfr.status) == (
        "pfr",
        D(2025, 10, 15),
        D(2025, 11, 14),
        D(2025, 11, 14),
        "open",
    )
    # The petition deadline of the first decision did not move (Stone v. INS).
    first = Deadline.objects.get(appeal=bia_appeal, rule="pfr")
    assert first.due_date == D(2025, 10, 10)


def test_petition_against_the_denied_motion_meets_its_deadline(bia_appeal):
    motion = _board_motion(bia_appeal)
    services.appeal_record_decision(
        appeal=motion, by=None, outcome=enums.AppealOutcome.DENIED, decided_on=D(2025, 10, 15)
    )
    services.appeal_file(
        seeker=motion.seeker,
        by=None,
        kind=enums.AppealKind.PFR,
        parent=motion,
        filed_on=D(2025, 11, 3),
        circuit=9,
    )
    pfr = Deadline.objects.get(appeal=motion)
    assert (pfr.status, pfr.completed_on) == ("met", D(2025, 11, 3))
    assert Deadline.objects.get(appeal=bia_appeal, rule="pfr").status == "open"


def test_granted_motion_starts_no_deadline(bia_appeal):
    motion = _board_motion(bia_appeal)
    services.appeal_record_decision(
        appeal=motion, by=None, outcome=enums.AppealOutcome.GRANTED, decided_on=D(2025, 10, 15)
    )
    assert not Deadline.objects.filter(appeal=motion).exists()


def test_judge_denying_a_motion_starts_a_board_appeal_deadline(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    motion = file_against(merits, enums.AppealKind.MOTION_REOPEN, filed_on=D(2025, 7, 20))
    services.appeal_record_decision(
        appeal=motion,
        by=None,
        outcome=enums.AppealOutcome.DENIED,
        decided_on=D(2025, 8, 4),
        served_on=D(2025, 8, 6),
    )
    appeal = Deadline.objects.get(appeal=motion)
    # Served Wed Aug 6 + 25 = Aug 31, + 5 = Fri Sep 5.
    assert (appeal.rule, appeal.trigger_date, appeal.due_date, appeal.file_by) == (
        "bia_appeal",
        D(2025, 8, 6),
        D(2025, 9, 5),
        D(2025, 9, 5),
    )


# --- arrival: the asylum one-year deadline ----------------------------------------------------


def test_arrival_date_creates_one_year_deadline():
    seeker = AsylumSeekerFactory(entry_date=D(2025, 3, 12))
    # Anniversary of Wed Mar 12 2025 = Thu Mar 12 2026.
    assert rows(seeker) == {
        "asylum_one_year": (D(2025, 3, 12), D(2026, 3, 12), D(2026, 3, 12), "open")
    }


def test_filed_asylum_application_meets_one_year_deadline(caseworker):
    seeker = AsylumSeekerFactory(entry_date=D(2025, 3, 12))
    services.seeker_update(seeker=seeker, by=caseworker, asylum_application_filed_on=D(2025, 11, 3))
    deadline = Deadline.objects.get(seeker=seeker)
    assert (deadline.status, deadline.completed_on) == ("met", D(2025, 11, 3))


def test_cleared_application_date_opens_the_one_year_deadline_again(caseworker):
    seeker = AsylumSeekerFactory(entry_date=D(2025, 3, 12))
    services.seeker_update(seeker=seeker, by=caseworker, asylum_application_filed_on=D(2025, 11, 3))
    services.seeker_update(seeker=seeker, by=caseworker, asylum_application_filed_on=None)
    deadline = Deadline.objects.get(seeker=seeker)
    assert (deadline.status, deadline.completed_on, deadline.note) == ("open", None, "")


def test_corrected_arrival_date_moves_one_year_deadline():
    seeker = AsylumSeekerFactory(entry_date=D(2025, 3, 12))
    services.seeker_update(seeker=seeker, by=None, entry_date=D(2025, 3, 14))
    # Anniversary Sat Mar 14 2026 -> due Mon Mar 16, file by Fri Mar 13.
    assert rows(seeker)["asylum_one_year"] == (
        D(2025, 3, 14),
        D(2026, 3, 16),
        D(2026, 3, 13),
        "open",
    )


# --- one-click actions and manual deadlines ---------------------------------------------------


@time_machine.travel(noon(D(2025, 7, 20)), tick=False)
def test_mark_met_then_reopen(merits, lawyer):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    deadline = Deadline.objects.get(rule="bia_appeal")
    ds.deadline_mark_met(deadline=deadline, by=lawyer, completed_on=D(2025, 7, 18))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.completed_on) == ("met", D(2025, 7, 18))
    ds.deadline_reopen(deadline=deadline, by=lawyer)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.completed_on) == ("open", None)


@time_machine.travel(noon(D(2025, 7, 20)), tick=False)
def test_mark_met_in_the_future_is_refused(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        ds.deadline_mark_met(
            deadline=Deadline.objects.get(rule="bia_appeal"), by=None, completed_on=D(2025, 7, 21)
        )


@time_machine.travel(noon(D(2025, 7, 20)), tick=False)
def test_mark_not_applicable_keeps_the_reason(merits):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    deadline = ds.deadline_mark_not_applicable(
        deadline=Deadline.objects.get(rule="bia_appeal"), by=None, note="Appeal waived."
    )
    assert (deadline.status, deadline.completed_on, deadline.note) == (
        "not_applicable",
        D(2025, 7, 20),
        "Appeal waived.",
    )


def test_manual_deadline_due_on_saturday_files_by_friday(seeker):
    deadline = ds.deadline_add_manual(
        seeker=seeker, by=None, title="Evidence to the court", due_date=D(2025, 8, 2)
    )
    assert (deadline.rule, deadline.due_date, deadline.file_by) == (
        "",
        D(2025, 8, 2),
        D(2025, 8, 1),
    )


# --- closure days ------------------------------------------------------------------------------


def test_closure_day_on_the_last_day_moves_both_dates_and_back(merits, coordinator):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    appeal = Deadline.objects.get(rule="bia_appeal")
    closure, moves = ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)
    # Thu Jul 31 closed: due rolls to Fri Aug 1, file by back to Wed Jul 30. Both 30-day rules move.
    assert sorted(
        (m.deadline_id, m.file_by_before, m.file_by_after, m.due_before, m.due_after) for m in moves
    ) == sorted(
        (pk, D(2025, 7, 31), D(2025, 7, 30), D(2025, 7, 31), D(2025, 8, 1))
        for pk in Deadline.objects.filter(rule__in=["bia_appeal", "motion_reconsider"]).values_list(
            "pk", flat=True
        )
    )
    appeal.refresh_from_db()
    assert (appeal.file_by, appeal.due_date) == (D(2025, 7, 30), D(2025, 8, 1))
    assert appeal.history.first().history_user == coordinator
    moves = ds.closure_day_delete(closure=closure, by=coordinator)
    appeal.refresh_from_db()
    assert (appeal.file_by, appeal.due_date) == (D(2025, 7, 31), D(2025, 7, 31))
    assert len(moves) == 2


def test_closure_day_elsewhere_moves_nothing(merits, coordinator):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    _closure, moves = ds.closure_day_add(day=D(2025, 7, 29), reason="Storm", by=coordinator)
    assert moves == []


def test_closure_day_leaves_met_deadline_alone(merits, coordinator):
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    with time_machine.travel(noon(D(2025, 7, 20))):
        ds.deadline_mark_met(
            deadline=Deadline.objects.get(rule="bia_appeal"), by=None, completed_on=D(2025, 7, 20)
        )
    _closure, moves = ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)
    assert [m.deadline_id for m in moves] == [Deadline.objects.get(rule="motion_reconsider").pk]
    assert Deadline.objects.get(rule="bia_appeal").file_by == D(2025, 7, 31)


def test_new_deadline_counts_existing_closure_day(merits, coordinator):
    ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)
    decide(merits, outcome=DENIED, decision_date=D(2025, 7, 1), service_method="oral")
    assert rows(merits.seeker)["bia_appeal"][1:3] == (D(2025, 8, 1), D(2025, 7, 30))
