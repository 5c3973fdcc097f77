"""The alert sweep (cases.alerts): each kind and threshold with the clock pinned, recipients,
and that sweeping twice creates nothing new. Dates are worked by hand from `cal 2025`."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from celery import current_app
from django.core.management import call_command

from cases import alerts, enums, services
from cases import deadline_services as ds
from cases.alerts import _COLUMNS as alert_columns
from cases.alerts import _insert, sweep
from cases.models import Alert, Deadline
from caseworks.enums import Role
from detention.enums import StayEndReason
from detention.services import stay_end, stay_start, stay_transfer
from tests.factories import (
    AsylumSeekerFactory,
    FacilityFactory,
    HearingFactory,
    UserFactory,
    noon,
)

pytestmark = pytest.mark.django_db

D = date
K = enums.AlertKind


def sweep_on(day: date, **kwargs):
    with time_machine.travel(noon(day), tick=False):
        return sweep(**kwargs)


def got(kind=None):
    """{(kind, threshold, recipient username, urgent)} of all alerts."""
    alerts = Alert.objects.select_related("recipient")
    if kind:
        alerts = alerts.filter(kind=kind)
    return {(a.kind, a.threshold, a.recipient.username, a.urgent) for a in alerts}


@pytest.fixture
def due_jul_31(seeker):
    # Thu Jul 31 2025: a business day, so file by = due date.
    return ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=D(2025, 7, 31))


# --- deadlines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 7, 16), set()),  # 15 days before: nothing yet
        (D(2025, 7, 17), {14}),  # 14 days
        (D(2025, 7, 23), {14}),  # 8 days: still the 14-day band
        (D(2025, 7, 24), {7}),  # 7 days
        (D(2025, 7, 27), {7}),  # 4 days
        (D(2025, 7, 28), {3}),  # 3 days
        (D(2025, 7, 29), {3}),  # 2 days
        (D(2025, 7, 30), {1}),  # 1 day
        (D(2025, 7, 31), {1}),  # the day itself
    ],
)
def test_deadline_alert_threshold_on_day(due_jul_31, today, expected):
    sweep_on(today)
    assert got() == {(K.DEADLINE, t, name, False) for t in expected for name in ("cw", "lawyer")}
    for alert in Alert.objects.all():
        assert alert.subject == f"deadline:{due_jul_31.pk}:2025-07-31"
        assert (alert.deadline, alert.seeker, alert.due_on) == (
            due_jul_31,
            due_jul_31.seeker,
            D(2025, 7, 31),
        )


def test_deadline_alerts_each_threshold_once_over_the_weeks(due_jul_31):
    for day in (D(2025, 7, 17), D(2025, 7, 20), D(2025, 7, 24), D(2025, 7, 28), D(2025, 7, 30)):
        sweep_on(day)
        sweep_on(day)
    assert sorted(
        Alert.objects.filter(recipient__username="lawyer").values_list("threshold", flat=True)
    ) == [1, 3, 7, 14]


def test_deadline_entered_two_days_out_alerts_once(seeker):
    ds.deadline_add_manual(seeker=seeker, by=None, title="Late news", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 29))
    assert got() == {(K.DEADLINE, 3, "cw", False), (K.DEADLINE, 3, "lawyer", False)}


def test_rolled_due_date_keeps_last_band_until_due_then_missed(seeker):
    hearing = HearingFactory(seeker=seeker, date=D(2025, 8, 1))
    services.hearing_record_decision(
        hearing=hearing,
        by=None,
        outcome=enums.HearingOutcome.BOND_DENIED,
        decision_date=D(2025, 8, 1),
    )
    # File by Fri Aug 29, due Tue Sep 2 (Labor Day Mon Sep 1).
    sweep_on(D(2025, 8, 30))
    assert got() == {(K.DEADLINE, 1, "cw", False), (K.DEADLINE, 1, "lawyer", False)}
    Alert.objects.all().delete()
    sweep_on(D(2025, 9, 2))
    assert got(K.DEADLINE_MISSED) == set()
    sweep_on(D(2025, 9, 3))
    assert got(K.DEADLINE_MISSED) == {
        (K.DEADLINE_MISSED, 0, "cw", False),
        (K.DEADLINE_MISSED, 0, "lawyer", False),
    }


def test_missed_deadline_reported_for_30_days_only(due_jul_31):
    sweep_on(D(2025, 8, 30))  # 30 days after the due date
    assert {k for k, *_ in got()} == {K.DEADLINE_MISSED}
    Alert.objects.all().delete()
    sweep_on(D(2025, 8, 31))
    assert got() == set()


def test_met_deadline_raises_no_alert(due_jul_31):
    with time_machine.travel(noon(D(2025, 7, 20))):
        ds.deadline_mark_met(deadline=due_jul_31, by=None, completed_on=D(2025, 7, 20))
    sweep_on(D(2025, 7, 24))
    sweep_on(D(2025, 8, 2))
    assert got() == set()


def test_deadline_alert_urgent_when_no_lawyer(caseworker):
    alone = AsylumSeekerFactory(caseworkers=[caseworker])
    ds.deadline_add_manual(seeker=alone, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 24))
    assert got() == {(K.DEADLINE, 7, "cw", True)}


def test_outside_counsel_is_a_lawyer(caseworker):
    counselled = AsylumSeekerFactory(caseworkers=[caseworker], external_counsel="A. Attorney")
    ds.deadline_add_manual(seeker=counselled, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 24))
    assert got() == {(K.DEADLINE, 7, "cw", False)}


def test_moved_deadline_alerts_again_at_new_date(seeker, coordinator):
    hearing = HearingFactory(seeker=seeker, date=D(2025, 7, 1))
    services.hearing_record_decision(
        hearing=hearing, by=None, outcome="bond_denied", decision_date=D(2025, 7, 1)
    )
    appeal = Deadline.objects.get(rule="bia_appeal")  # file by Thu Jul 31
    sweep_on(D(2025, 7, 24))
    ds.closure_day_add(day=D(2025, 7, 31), reason="Flood", by=coordinator)  # file by Jul 30
    sweep_on(D(2025, 7, 24))
    assert sorted(
        Alert.objects.filter(recipient__username="lawyer").values_list("subject", "threshold")
    ) == [(f"deadline:{appeal.pk}:2025-07-30", 7), (f"deadline:{appeal.pk}:2025-07-31", 7)]


def test_closed_case_raises_no_alert(due_jul_31):
    services.seeker_update(seeker=due_jul_31.seeker, by=None, closed_on=D(2025, 7, 1))
    sweep_on(D(2025, 7, 24))
    assert got() == set()


# --- recipients --------------------------------------------------------------------------------


def test_nobody_assigned_alerts_active_coordinators(coordinator):
    UserFactory(role=Role.COORDINATOR, username="retired", is_active=False)
    orphan = AsylumSeekerFactory()
    ds.deadline_add_manual(seeker=orphan, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 24))
    assert got() == {(K.DEADLINE, 7, "coord", True)}


def test_inactive_lawyer_gets_nothing_and_counts_as_no_lawyer(caseworker):
    gone = UserFactory(role=Role.LAWYER, username="gone", is_active=False)
    seeker = AsylumSeekerFactory(caseworkers=[caseworker], lawyers=[gone])
    ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 24))
    assert got() == {(K.DEADLINE, 7, "cw", True)}


def test_user_both_caseworker_and_lawyer_gets_one_alert(caseworker):
    seeker = AsylumSeekerFactory(caseworkers=[caseworker], lawyers=[caseworker])
    ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 24))
    assert Alert.objects.count() == 1


def test_unassigned_lawyer_and_colleague_get_nothing(due_jul_31, colleague, other_lawyer):
    sweep_on(D(2025, 7, 24))
    assert not Alert.objects.filter(recipient__in=[colleague, other_lawyer]).exists()


# --- hearings without a lawyer -----------------------------------------------------------------


@pytest.fixture
def pro_se(caseworker):
    seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=D(2025, 7, 30))
    return seeker


@pytest.mark.parametrize(
    ("today", "alerted"),
    [
        (D(2025, 7, 15), False),
        (D(2025, 7, 16), True),
        (D(2025, 7, 30), True),
        (D(2025, 7, 31), False),
    ],
)
def test_hearing_without_lawyer_alert_window(pro_se, today, alerted):
    sweep_on(today)
    assert got() == ({(K.HEARING_NO_LAWYER, 14, "cw", True)} if alerted else set())


def test_hearing_with_lawyer_raises_no_alert(pro_se, lawyer):
    services.seeker_assign(seeker=pro_se, by=None, lawyers=[lawyer])
    sweep_on(D(2025, 7, 20))
    assert got() == set()


# --- changed circumstances ---------------------------------------------------------------------


def deny_on(seeker, day: date):
    hearing = HearingFactory(seeker=seeker, date=day)
    return services.hearing_record_decision(
        hearing=hearing,
        by=None,
        outcome=enums.HearingOutcome.DENIED_REMOVAL,
        decision_date=day,
        service_method="oral",
    )


def deny_on_jul_1(seeker):
    return deny_on(seeker, D(2025, 7, 1))


@pytest.fixture
def denied(seeker):
    hearing = deny_on_jul_1(seeker)
    Deadline.objects.all().delete()  # only the alert under test
    return hearing


def add_charge(seeker, learned_on, **fields):
    return services.charge_add(
        seeker=seeker, by=None, country="RU", statute_text="205.2", learned_on=learned_on, **fields
    )


def test_charge_learned_after_decision_alerts(denied):
    charge = add_charge(denied.seeker, D(2025, 7, 10))
    sweep_on(D(2025, 7, 11))
    assert got() == {
        (K.CHANGED_CIRCUMSTANCES, 0, "cw", False),
        (K.CHANGED_CIRCUMSTANCES, 0, "lawyer", False),
    }
    assert set(Alert.objects.values_list("subject", flat=True)) == {f"charge:{charge.pk}"}


def test_deleting_a_charge_typed_by_mistake_takes_its_alerts(denied):
    from cases import delete_services

    charge = add_charge(denied.seeker, D(2025, 7, 10))
    sweep_on(D(2025, 7, 11))
    assert Alert.objects.filter(kind=K.CHANGED_CIRCUMSTANCES).count() == 2
    delete_services.charge_delete(charge=charge, by=None)
    assert list(Alert.objects.values_list("kind", "subject")) == []


def test_charge_learned_before_decision_or_in_record_is_quiet(denied):
    add_charge(denied.seeker, D(2025, 6, 20))
    add_charge(denied.seeker, D(2025, 7, 10), in_record_hearing=denied)
    sweep_on(D(2025, 7, 11))
    assert got() == set()


def test_charge_learned_after_board_decision_alerts(denied):
    appeal = services.appeal_file(
        seeker=denied.seeker, by=None, kind="bia_appeal", hearing=denied, filed_on=D(2025, 7, 20)
    )
    add_charge(denied.seeker, D(2025, 8, 1))  # while the appeal is pending: still alerts
    services.appeal_record_decision(
        appeal=appeal, by=None, outcome="dismissed", decided_on=D(2025, 9, 10)
    )
    sweep_on(D(2025, 9, 11))
    assert got(K.CHANGED_CIRCUMSTANCES) == set()  # learned before the Board's decision
    add_charge(denied.seeker, D(2025, 9, 12))
    sweep_on(D(2025, 9, 13))
    assert len(got(K.CHANGED_CIRCUMSTANCES)) == 2


def test_charge_without_any_decision_is_quiet(seeker):
    add_charge(seeker, D(2025, 7, 10))
    sweep_on(D(2025, 7, 11))
    assert got() == set()


# --- days in detention -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_held", "threshold"),
    [(41, None), (42, 42), (179, 42), (180, 180), (364, 180), (365, 365), (900, 365)],
)
def test_detention_days_threshold(seeker, days_held, threshold):
    today = D(2025, 7, 20)
    stay_start(
        seeker=seeker,
        facility=FacilityFactory(),
        started_on=today - timedelta(days=days_held - 1),
        by=None,
    )
    sweep_on(today)
    expected = {(K.DETENTION_DAYS, threshold, n, False) for n in ("cw", "lawyer")}
    assert got(K.DETENTION_DAYS) == (expected if threshold else set())


def test_detention_days_count_across_transfers_not_across_release(seeker):
    calexico, san_luis = FacilityFactory(), FacilityFactory()
    stay_start(seeker=seeker, facility=calexico, started_on=D(2025, 1, 1), by=None)
    stay_transfer(seeker=seeker, facility=san_luis, on=D(2025, 2, 1), by=None)
    # Jan 1 + 41 = Feb 11 is day 42.
    sweep_on(D(2025, 2, 11))
    assert {a.due_on for a in Alert.objects.all()} == {D(2025, 1, 1)}
    Alert.objects.all().delete()
    stay_end(seeker=seeker, on=D(2025, 3, 1), reason=StayEndReason.RELEASED, by=None)
    stay_start(seeker=seeker, facility=calexico, started_on=D(2025, 5, 1), by=None)
    sweep_on(D(2025, 6, 10))  # day 41 of the new detention
    assert got(K.DETENTION_DAYS) == set()
    sweep_on(D(2025, 6, 11))
    assert {(a.threshold, a.due_on) for a in Alert.objects.all()} == {(42, D(2025, 5, 1))}


def test_detention_days_count_from_the_date_the_person_page_shows(seeker):
    """A transfer typed as ending the day before the next stay began is still one detention
    (detention.periods.detained_since, stored on the person): the alert counts from it."""
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D(2025, 1, 1), by=None)
    stay_end(seeker=seeker, on=D(2025, 1, 31), reason=StayEndReason.TRANSFERRED, by=None)
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D(2025, 2, 1), by=None)
    seeker.refresh_from_db()
    assert seeker.detained_since == D(2025, 1, 1)
    # Jul 20 is day 201 from Jan 1 (day 170 of the second stay alone, which would say 42).
    sweep_on(D(2025, 7, 20))
    assert {(a.threshold, a.due_on) for a in Alert.objects.all()} == {(180, D(2025, 1, 1))}


# --- contact with a detained client ------------------------------------------------------------


def log_contact(seeker, when: datetime, outcome):
    return services.contact_log(
        seeker=seeker,
        by=seeker.caseworkers.first(),
        party=enums.ContactParty.CLIENT,
        channel=enums.ContactChannel.CALL,
        occurred_at=when,
        outcome=outcome,
    )


@pytest.fixture
def detained(seeker):
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D(2025, 7, 1), by=None)
    return seeker


REACHED = enums.ContactOutcome.REACHED
NO_ANSWER = enums.ContactOutcome.NO_ANSWER


@pytest.mark.parametrize(("days_since", "alerted"), [(13, False), (14, True), (30, True)])
def test_contact_gap(detained, days_since, alerted):
    today = D(2025, 7, 20)
    log_contact(detained, noon(today - timedelta(days=days_since)), REACHED)
    sweep_on(today)
    expected = {(K.CONTACT_GAP, 14, n, False) for n in ("cw", "lawyer")}
    assert got(K.CONTACT_GAP) == (expected if alerted else set())


def test_contact_gap_setting(detained, settings):
    settings.CONTACT_GAP_DAYS = 30
    log_contact(detained, noon(D(2025, 7, 1)), REACHED)
    sweep_on(D(2025, 7, 20))
    assert got(K.CONTACT_GAP) == set()


def test_contact_gap_never_reached_counts_from_registration(caseworker):
    with time_machine.travel(noon(D(2025, 7, 1))):
        seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D(2025, 6, 1), by=None)
    sweep_on(D(2025, 7, 14))
    assert got(K.CONTACT_GAP) == set()
    sweep_on(D(2025, 7, 15))
    assert got(K.CONTACT_GAP) == {(K.CONTACT_GAP, 14, "cw", True)}


def test_contact_gap_alerts_again_after_next_success(detained):
    log_contact(detained, noon(D(2025, 7, 1)), REACHED)
    sweep_on(D(2025, 7, 16))
    log_contact(detained, noon(D(2025, 7, 17)), REACHED)
    sweep_on(D(2025, 7, 20))
    sweep_on(D(2025, 8, 1))
    assert Alert.objects.filter(recipient__username="cw", kind=K.CONTACT_GAP).count() == 2


def test_released_client_raises_no_contact_alert(detained):
    stay_end(seeker=detained, on=D(2025, 7, 2), reason=StayEndReason.RELEASED, by=None)
    sweep_on(D(2025, 8, 1))
    assert got(K.CONTACT_GAP) == set()


@pytest.mark.parametrize(("failures", "alerted"), [(2, False), (3, True), (4, True)])
def test_failed_attempts_in_a_row(detained, failures, alerted):
    log_contact(detained, noon(D(2025, 7, 10)), NO_ANSWER)  # before the success: not counted
    log_contact(detained, noon(D(2025, 7, 12)), REACHED)
    for i in range(failures):
        log_contact(detained, noon(D(2025, 7, 13 + i)), NO_ANSWER)
    sweep_on(D(2025, 7, 20))
    expected = {(K.CONTACT_FAILED, 3, n, False) for n in ("cw", "lawyer")}
    assert got(K.CONTACT_FAILED) == (expected if alerted else set())


# --- final orders ------------------------------------------------------------------------------


def test_board_dismissal_without_stay_alerts_final_order(denied):
    appeal = services.appeal_file(
        seeker=denied.seeker, by=None, kind="bia_appeal", hearing=denied, filed_on=D(2025, 7, 20)
    )
    sweep_on(D(2025, 9, 1))
    assert got(K.FINAL_ORDER) == set()  # the pending appeal stays removal
    services.appeal_record_decision(
        appeal=appeal, by=None, outcome="dismissed", decided_on=D(2025, 9, 10)
    )
    sweep_on(D(2025, 9, 11))
    assert got(K.FINAL_ORDER) == {
        (K.FINAL_ORDER, 0, "cw", False),
        (K.FINAL_ORDER, 0, "lawyer", False),
    }
    assert Alert.objects.filter(kind=K.FINAL_ORDER).first().due_on == D(2025, 9, 10)


def test_pending_petition_does_not_silence_final_order_but_a_stay_does(denied):
    appeal = services.appeal_file(
        seeker=denied.seeker, by=None, kind="bia_appeal", hearing=denied, filed_on=D(2025, 7, 20)
    )
    services.appeal_record_decision(
        appeal=appeal, by=None, outcome="dismissed", decided_on=D(2025, 9, 10)
    )
    services.appeal_file(
        seeker=denied.seeker, by=None, kind="pfr", parent=appeal, filed_on=D(2025, 10, 1)
    )
    sweep_on(D(2025, 10, 2))
    assert len(got(K.FINAL_ORDER)) == 2
    Alert.objects.all().delete()
    services.appeal_file(
        seeker=denied.seeker, by=None, kind="stay", parent=appeal, outcome="granted"
    )
    sweep_on(D(2025, 10, 3))
    assert got(K.FINAL_ORDER) == set()


def test_no_appeal_after_the_window_is_a_final_order(seeker):
    deny_on_jul_1(seeker)
    sweep_on(D(2025, 7, 31))  # the last day to appeal
    assert got(K.FINAL_ORDER) == set()
    sweep_on(D(2025, 8, 1))
    assert len(got(K.FINAL_ORDER)) == 2


def test_removed_person_raises_no_final_order_alert(denied):
    services.seeker_update(
        seeker=denied.seeker, by=None, custody_status=enums.CustodyStatus.REMOVED
    )
    sweep_on(D(2025, 9, 1))
    assert got(K.FINAL_ORDER) == set()


# --- idempotence and email preferences ---------------------------------------------------------


def test_double_sweep_creates_and_sends_each_alert_once(
    due_jul_31, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_on(D(2025, 7, 24))
    with django_capture_on_commit_callbacks(execute=True):
        second = sweep_on(D(2025, 7, 24))
    assert (first.due, first.created, first.enqueued) == (2, 2, 2)
    assert (second.due, second.created, second.enqueued) == (0, 0, 0)
    assert Alert.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["cw@example.org", "lawyer@example.org"]
    assert set(Alert.objects.values_list("email_status", flat=True)) == {"sent"}


def test_second_sweep_selects_nothing_of_any_kind(seeker, django_capture_on_commit_callbacks):
    """Each kind's NOT EXISTS must recognize the alert the first sweep stored: a steady-state
    sweep selects nothing (the unique constraint would drop repeats, but only after they were
    selected, addressed and inserted again, which is what made repeat sweeps slow)."""
    # Detained since Jan 1 through a transfer on Feb 1: day 201 on Jul 20 (threshold 180),
    # day 170 of the current stay (which alone would give 42).
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D(2025, 1, 1), by=None)
    stay_transfer(seeker=seeker, facility=FacilityFactory(), on=D(2025, 2, 1), by=None)
    log_contact(seeker, noon(D(2025, 6, 1)), REACHED)
    for day in (2, 3, 4):
        log_contact(seeker, noon(D(2025, 6, day)), NO_ANSWER)
    deny_on(seeker, D(2025, 6, 2))
    add_charge(seeker, D(2025, 7, 10))
    ds.deadline_add_manual(seeker=seeker, by=None, title="Brief", due_date=D(2025, 7, 31))
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_on(D(2025, 7, 20))
        second = sweep_on(D(2025, 7, 20))
    assert {(a.kind, a.threshold) for a in Alert.objects.filter(recipient__username="cw")} == {
        (K.DEADLINE, 14),
        (K.DEADLINE_MISSED, 0),
        (K.DETENTION_DAYS, 180),
        (K.CONTACT_GAP, 14),
        (K.CONTACT_FAILED, 3),
        (K.CHANGED_CIRCUMSTANCES, 0),
        (K.FINAL_ORDER, 0),
    }
    assert (first.due, first.created) == (16, 16)  # two deadlines were missed
    assert (second.due, second.created, second.enqueued) == (0, 0, 0)


def test_second_sweep_selects_nothing_for_a_client_never_reached(caseworker):
    with time_machine.travel(noon(D(2025, 6, 1))):
        seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D(2025, 6, 1), by=None)
    for day in (2, 3, 4):
        log_contact(seeker, noon(D(2025, 6, day)), NO_ANSWER)
    first = sweep_on(D(2025, 7, 1))
    second = sweep_on(D(2025, 7, 1))
    assert sorted(Alert.objects.values_list("kind", "subject")) == [
        (K.CONTACT_FAILED, f"seeker:{seeker.pk}:contact-failed:0"),
        (K.CONTACT_GAP, f"seeker:{seeker.pk}:contact-gap:0"),
    ]
    assert (first.due, second.due) == (2, 0)


def test_insert_leaves_out_existing_alerts_and_counts_only_new_ones(due_jul_31, lawyer, colleague):
    sweep_on(D(2025, 7, 24))
    now = noon(D(2025, 7, 25))
    row = Alert.objects.values(*(f.attname for f in alert_columns)).get(recipient=lawyer)
    again = row | {"created_at": now}
    assert _insert([again, again | {"recipient_id": colleague.pk}], now=now) == 1
    assert sorted(Alert.objects.values_list("recipient__username", "created_at")) == [
        ("cw", noon(D(2025, 7, 24))),
        ("cw2", now),
        ("lawyer", noon(D(2025, 7, 24))),
    ]


@pytest.mark.parametrize("listed", [2000, 0])
def test_recipients_whether_ids_are_listed_or_all_assignments_read(
    due_jul_31, colleague, coordinator, monkeypatch, listed
):
    monkeypatch.setattr(alerts, "RECIPIENT_IDS", listed)
    AsylumSeekerFactory(caseworkers=[colleague])  # nothing due: cw2 hears nothing
    unassigned = AsylumSeekerFactory()
    ds.deadline_add_manual(seeker=unassigned, by=None, title="Brief", due_date=D(2025, 7, 31))
    sweep_on(D(2025, 7, 24))
    assert got() == {
        (K.DEADLINE, 7, "cw", False),
        (K.DEADLINE, 7, "lawyer", False),
        (K.DEADLINE, 7, "coord", True),
    }


def test_email_off_keeps_in_app_alert(
    due_jul_31, lawyer, mailoutbox, django_capture_on_commit_callbacks
):
    lawyer.email_alerts = False
    lawyer.save()
    with django_capture_on_commit_callbacks(execute=True):
        sweep_on(D(2025, 7, 24))
    assert [m.to for m in mailoutbox] == [["cw@example.org"]]
    off = Alert.objects.get(recipient=lawyer)
    assert (off.email_status, off.sent_at) == ("off", None)


def test_sweep_at_explicit_time():
    report = sweep(now=datetime(2025, 7, 24, 19, tzinfo=UTC))
    assert (report.due, report.created, report.enqueued) == (0, 0, 0)


def test_lawyer_assigned_after_an_alert_gets_the_next_threshold(due_jul_31, colleague):
    sweep_on(D(2025, 7, 24))
    services.seeker_assign(seeker=due_jul_31.seeker, by=None, caseworkers=[colleague])
    sweep_on(D(2025, 7, 24))
    assert not Alert.objects.filter(recipient=colleague).exists()
    sweep_on(D(2025, 7, 28))
    assert got() >= {(K.DEADLINE, 3, "cw2", False)}


def test_sweep_alerts_command_reports_counts(due_jul_31, capsys):
    with time_machine.travel(noon(D(2025, 7, 24)), tick=False):
        call_command("sweep_alerts")
    assert capsys.readouterr().out == "Alerts due: 2; new: 2; emails enqueued: 2.\n"


def test_beat_runs_the_sweep_task_every_15_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-alerts"]
    assert (entry["task"], entry["schedule"]) == ("cases.sweep_alerts", 900)
    assert "cases.sweep_alerts" in current_app.tasks
