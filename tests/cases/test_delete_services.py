"""Deleting case records (cases.delete_services, detention.services.stay_delete): history kept
with its author, refusals when something depends on the record, derived data refreshed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import deadline_services, delete_services, services
from cases.enums import (
    AppealKind,
    AppealOutcome,
    DeadlineStatus,
)
from cases.models import (
    Appeal,
    ContactLog,
    ContactPerson,
    Deadline,
    Document,
    Hearing,
    HomeCountryCharge,
)
from detention.enums import StayEndReason
from detention.models import DetentionStay
from detention.services import stay_delete, stay_end, stay_start, stay_transfer
from tests.factories import FacilityFactory, RemovalFactory, bia_appeal, denied_hearing

pytestmark = pytest.mark.django_db

DECIDED = date(2025, 7, 1)  # the decision of tests.factories.denied_hearing


def _deadlines(**source) -> dict[str, tuple[str, date | None]]:
    return {d.rule: (d.status, d.completed_on) for d in Deadline.objects.filter(**source)}


def _deleted_by(model, pk):
    """The author of the "-" history row of `model` `pk` (asserts there is exactly one)."""
    (row,) = model.history.filter(id=pk, history_type="-")
    return row.history_user


# --- hearings --------------------------------------------------------------------------------


def test_hearing_delete_takes_its_deadlines_and_keeps_the_history(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    deadline_ids = set(hearing.deadlines.values_list("pk", flat=True))
    assert len(deadline_ids) == 3

    delete_services.hearing_delete(hearing=hearing, by=caseworker)

    assert not Hearing.objects.filter(pk=hearing.pk).exists()
    assert not Deadline.objects.filter(pk__in=deadline_ids).exists()
    assert _deleted_by(Hearing, hearing.pk) == caseworker
    for pk in deadline_ids:
        assert _deleted_by(Deadline, pk) == caseworker


def test_hearing_delete_is_refused_while_an_appeal_attacks_it(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    services.appeal_file(seeker=seeker, by=caseworker, kind=AppealKind.STAY, hearing=hearing)

    with pytest.raises(ValidationError) as refused:
        delete_services.hearing_delete(hearing=hearing, by=caseworker)

    assert refused.value.messages == ["1 appeal or motion attacks this decision"]
    assert Hearing.objects.filter(pk=hearing.pk).exists()
    assert hearing.deadlines.count() == 3


def test_hearing_delete_is_refused_while_a_charge_or_a_removal_points_at_it(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    services.charge_add(
        seeker=seeker, by=caseworker, country="RU", learned_on=DECIDED, in_record_hearing=hearing
    )
    RemovalFactory(seeker=seeker, final_order=hearing)

    assert delete_services.refusals(hearing) == [
        "1 charge at home is recorded as put before this hearing",
        "1 removal executes this order",
    ]
    with pytest.raises(ValidationError):
        delete_services.hearing_delete(hearing=hearing, by=caseworker)
    assert Hearing.objects.filter(pk=hearing.pk).exists()


def test_hearing_delete_is_refused_while_a_deadline_is_met_until_it_is_reopened(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    bia = hearing.deadlines.get(rule="bia_appeal")
    deadline_services.deadline_mark_met(deadline=bia, by=caseworker, completed_on=date(2025, 7, 20))

    assert delete_services.refusals(hearing) == [
        "its deadline “BIA appeal (Notice of Appeal, EOIR-26)” is marked met on 2025-07-20, "
        "which records a filing; if that was a mistake, reopen the deadline first"
    ]
    with pytest.raises(ValidationError):
        delete_services.hearing_delete(hearing=hearing, by=caseworker)
    assert Deadline.objects.filter(pk=bia.pk).exists()

    deadline_services.deadline_reopen(deadline=bia, by=caseworker)
    delete_services.hearing_delete(hearing=hearing, by=caseworker)
    assert not Hearing.objects.filter(pk=hearing.pk).exists()


# --- appeals, motions, petitions ---------------------------------------------------------------


def test_appeal_delete_reopens_the_deadlines_the_filing_answered(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    appeal = bia_appeal(hearing, filed_on=date(2025, 7, 25), by=caseworker)
    assert _deadlines(hearing=hearing) == {
        "bia_appeal": (DeadlineStatus.MET, date(2025, 7, 25)),
        "motion_reconsider": (DeadlineStatus.NOT_APPLICABLE, None),
        "motion_reopen": (DeadlineStatus.NOT_APPLICABLE, None),
    }

    delete_services.appeal_delete(appeal=appeal, by=caseworker)

    assert not Appeal.objects.filter(pk=appeal.pk).exists()
    assert _deadlines(hearing=hearing) == {
        "bia_appeal": (DeadlineStatus.OPEN, None),
        "motion_reconsider": (DeadlineStatus.OPEN, None),
        "motion_reopen": (DeadlineStatus.OPEN, None),
    }
    assert set(hearing.deadlines.values_list("note", flat=True)) == {""}
    assert _deleted_by(Appeal, appeal.pk) == caseworker
    reopened = Deadline.history.filter(rule="bia_appeal", hearing_id=hearing.pk).first()
    assert (reopened.status, reopened.history_user) == (DeadlineStatus.OPEN, caseworker)


def test_appeal_delete_leaves_a_deadline_another_filing_meets(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    first, second = (
        bia_appeal(hearing, filed_on=day, by=caseworker)
        for day in (date(2025, 7, 10), date(2025, 7, 25))
    )
    assert _deadlines(hearing=hearing)["bia_appeal"] == (DeadlineStatus.MET, date(2025, 7, 10))

    delete_services.appeal_delete(appeal=first, by=caseworker)

    assert _deadlines(hearing=hearing) == {
        "bia_appeal": (DeadlineStatus.MET, date(2025, 7, 25)),
        "motion_reconsider": (DeadlineStatus.NOT_APPLICABLE, None),
        "motion_reopen": (DeadlineStatus.NOT_APPLICABLE, None),
    }
    assert Appeal.objects.filter(pk=second.pk).exists()


def test_appeal_delete_leaves_a_deadline_closed_by_hand(seeker, caseworker, pinned_today):
    hearing = denied_hearing(seeker, by=caseworker)
    reopen = hearing.deadlines.get(rule="motion_reopen")
    deadline_services.deadline_mark_not_applicable(deadline=reopen, by=caseworker, note="Moot")
    appeal = bia_appeal(hearing, filed_on=date(2025, 7, 25), by=caseworker)

    delete_services.appeal_delete(appeal=appeal, by=caseworker)

    reopen.refresh_from_db()
    assert (reopen.status, reopen.completed_on, reopen.note) == (
        DeadlineStatus.NOT_APPLICABLE,
        date(2026, 3, 2),
        "Moot",
    )
    assert _deadlines(hearing=hearing)["bia_appeal"] == (DeadlineStatus.OPEN, None)


def test_appeal_delete_resyncs_the_board_decision_a_petition_attacked(seeker, caseworker):
    hearing = denied_hearing(seeker, by=caseworker)
    bia = bia_appeal(hearing, filed_on=date(2025, 7, 25), by=caseworker)
    services.appeal_record_decision(
        appeal=bia, by=caseworker, outcome=AppealOutcome.DISMISSED, decided_on=date(2025, 11, 3)
    )
    petition = services.appeal_file(
        seeker=seeker, by=caseworker, kind=AppealKind.PFR, parent=bia, filed_on=date(2025, 11, 20)
    )
    assert _deadlines(appeal=bia)["pfr"] == (DeadlineStatus.MET, date(2025, 11, 20))
    assert delete_services.refusals(bia) == ["1 appeal, motion or petition attacks this decision"]

    delete_services.appeal_delete(appeal=petition, by=caseworker)

    assert _deadlines(appeal=bia)["pfr"] == (DeadlineStatus.OPEN, None)
    # The judge's decision is not the one the petition attacked: still answered by the BIA appeal.
    assert _deadlines(hearing=hearing)["bia_appeal"] == (DeadlineStatus.MET, date(2025, 7, 25))


def test_appeal_delete_takes_its_own_deadlines(seeker, caseworker):
    appeal = services.appeal_file(
        seeker=seeker,
        by=caseworker,
        kind=AppealKind.BIA_APPEAL,
        filed_on=date(2025, 7, 25),
        briefing_schedule_on=date(2025, 9, 1),
    )
    (brief,) = appeal.deadlines.all()

    delete_services.appeal_delete(appeal=appeal, by=caseworker)

    assert not Deadline.objects.filter(pk=brief.pk).exists()
    assert _deleted_by(Deadline, brief.pk) == caseworker


# --- the other records -------------------------------------------------------------------------


def test_charge_contact_and_contact_person_delete_keep_the_history(seeker, lawyer):
    charge = services.charge_add(seeker=seeker, by=lawyer, country="RU", learned_on=DECIDED)
    contact = services.contact_log(
        seeker=seeker,
        by=lawyer,
        party="client",
        channel="call",
        outcome="reached",
        occurred_at="2025-07-02T10:00:00Z",
    )
    person = services.contact_person_add(
        seeker=seeker, by=lawyer, name="Mother-Test", relationship="parent"
    )

    delete_services.charge_delete(charge=charge, by=lawyer)
    delete_services.contact_log_delete(contact=contact, by=lawyer)
    delete_services.contact_person_delete(contact_person=person, by=lawyer)

    for model, pk in (
        (HomeCountryCharge, charge.pk),
        (ContactLog, contact.pk),
        (ContactPerson, person.pk),
    ):
        assert not model.objects.filter(pk=pk).exists()
        assert _deleted_by(model, pk) == lawyer


def test_document_delete_removes_the_file_after_the_commit(
    seeker, caseworker, django_capture_on_commit_callbacks
):
    document = services.document_upload(
        seeker=seeker,
        by=caseworker,
        title="Summons",
        kind="charge",
        file=SimpleUploadedFile("summons.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"),
    )
    name = document.file.name
    assert default_storage.exists(name)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_services.document_delete(document=document, by=caseworker)
    assert default_storage.exists(name)  # not before the commit: a rollback keeps both
    assert len(callbacks) == 1
    callbacks[0]()

    assert not default_storage.exists(name)
    assert not Document.objects.filter(pk=document.pk).exists()
    (row,) = Document.history.filter(id=document.pk, history_type="-")
    assert (row.history_user, row.title) == (caseworker, "Summons")


# --- detention stays ---------------------------------------------------------------------------


def test_stay_delete_of_a_transfer_reopens_the_stay_before(seeker, caseworker):
    first = stay_start(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 1, 2), by=caseworker
    )
    transfer = stay_transfer(
        seeker=seeker, facility=FacilityFactory(), on=date(2025, 3, 1), by=caseworker
    )
    seeker.refresh_from_db()
    assert seeker.detained_since == date(2025, 1, 2)

    reopened = stay_delete(stay=transfer.current, by=caseworker)

    first.refresh_from_db()
    seeker.refresh_from_db()
    assert reopened == first
    assert (first.ended_on, first.end_reason) == (None, "")
    assert seeker.detained_since == date(2025, 1, 2)
    assert _deleted_by(DetentionStay, transfer.current.pk) == caseworker
    assert first.history.first().history_user == caseworker


def test_stay_delete_recounts_detained_since(seeker, caseworker):
    stay_start(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2024, 1, 2), by=caseworker
    )
    stay_end(seeker=seeker, on=date(2024, 5, 1), reason=StayEndReason.RELEASED, by=caseworker)
    current = stay_start(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 1, 2), by=caseworker
    )

    assert stay_delete(stay=current, by=caseworker) is None

    seeker.refresh_from_db()
    assert seeker.detained_since is None
    assert DetentionStay.objects.filter(seeker=seeker).count() == 1


def test_stay_delete_of_an_earlier_stay_keeps_the_current_one(seeker, caseworker):
    wrong = stay_start(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2024, 1, 2), by=caseworker
    )
    stay_end(seeker=seeker, on=date(2024, 5, 1), reason=StayEndReason.RELEASED, by=caseworker)
    current = stay_start(
        seeker=seeker,
        facility=FacilityFactory(),
        started_on=date(2025, 1, 2) + timedelta(days=1),
        by=caseworker,
    )

    stay_delete(stay=wrong, by=caseworker)

    seeker.refresh_from_db()
    assert seeker.detained_since == current.started_on
    assert list(DetentionStay.objects.filter(seeker=seeker)) == [current]
