"""What a case file says (cases/casefile/): the copied data, before any PDF is laid out."""

from dataclasses import fields
from datetime import date

import pytest

from cases import enums
from cases.casefile import (
    CaseFileData,
    Particulars,
    StayRow,
    casefile_data,
    chronology,
    days_detained,
    redaction_leaks,
)
from cases.services import hearing_schedule
from tests.factories import (
    ORLOV,
    ORLOV_CONTACT,
    ORLOV_PRIVILEGED_NOTE,
    AsylumSeekerFactory,
    DocumentFactory,
    HearingFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 7, 1)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif hasattr(value, "__dataclass_fields__"):
        for field in fields(value):
            yield from _strings(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _strings(item)


def test_chronology_merges_every_dated_event_oldest_first(reference_case):
    data = casefile_data(reference_case, edition=enums.CaseFileEdition.FULL, today=TODAY)

    assert [(e.day.isoformat(), e.category, e.text) for e in data.chronology] == [
        ("2025-01-06", "entry", "Arrived in the United States"),
        (
            "2025-01-06",
            "detention",
            "Detained at Imperial Regional Detention Facility (IRADFCA), Calexico, CA",
        ),
        ("2025-04-29", "hearing", "Individual (merits) hearing"),
        ("2025-04-29", "decision", "Immigration judge's decision: Denied, ordered removed"),
        ("2025-05-20", "appeal", "BIA appeal filed"),
        (
            "2025-06-02",
            "detention",
            "Transferred to San Luis Regional Detention Center (SLRDCAZ), San Luis, AZ",
        ),
        (
            "2025-06-09",
            "charge",
            "Charge opened at home: RU CC 205.2 — Public calls to terrorism, its justification "
            "or propaganda; Russia",
        ),
        ("2025-06-20", "document", "Document 1: Повестка Павла Орлова (summons)"),
        (
            "2025-06-24",
            "charge",
            "Learned of charge at home: RU CC 205.2 — Public calls to terrorism, its "
            "justification or propaganda; Russia",
        ),
        ("2025-06-25", "contact", "Phone call with client: reached"),
    ]
    learned = data.chronology[8]
    assert learned.flag is True
    assert learned.detail == (
        "Mother, by messenger; not in any record; Criminal case for social-media posts."
    )
    assert data.chronology[5].detail == "Bed space; notice given: no"


def test_summary_reads_the_case_as_of_today(reference_case):
    summary = casefile_data(reference_case, edition=enums.CaseFileEdition.FULL, today=TODAY).summary

    assert summary.custody == "Detained"
    assert summary.location == "San Luis Regional Detention Center (SLRDCAZ), San Luis, AZ"
    assert summary.detained_since == date(2025, 1, 6)
    # Jan 6 to Jul 1 inclusive; the transfer day (Jun 2) counted once.
    assert summary.days_detained == 177
    assert summary.represented is True
    assert summary.next_hearing is None
    assert [(d.title, d.file_by, d.days_left) for d in summary.open_deadlines] == [
        ("BIA brief for Pavel", date(2025, 7, 14), 13)
    ]
    assert summary.charges_not_in_record == 1


def test_days_detained_counts_a_transfer_day_once_and_gaps_not_at_all():
    def stay(start, end):
        return StayRow("F", "C", "", None, start, end, 0, "", False, "", "", False)

    stays = [
        stay(date(2025, 1, 1), date(2025, 1, 10)),
        stay(date(2025, 1, 10), date(2025, 1, 20)),  # transfer: Jan 10 in both
        stay(date(2025, 3, 1), None),  # released Jan 20, detained again Mar 1
    ]
    assert days_detained(stays, date(2025, 3, 5)) == 20 + 5


def test_unrepresented_hearing_within_14_days_is_flagged(caseworker):
    seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    HearingFactory(seeker=seeker, date=date(2025, 7, 10))

    summary = casefile_data(seeker, edition=enums.CaseFileEdition.FULL, today=TODAY).summary

    assert summary.unrepresented_hearing_soon is True
    assert summary.next_hearing.date == date(2025, 7, 10)


def test_redacted_data_holds_no_identifier_of_the_person(reference_case):
    data = casefile_data(
        reference_case,
        edition=enums.CaseFileEdition.REDACTED,
        today=TODAY,
        prepared_by="Katya Caseworker",
    )
    text = "\n".join(_strings(data))

    assert data.person is None
    assert data.contact_persons == ()
    assert data.privileged_notes == ()
    assert data.ident == reference_case.pseudonym
    assert data.prepared_by == ""
    for value in [
        "Pavel",
        "Orlov",
        "Павел",
        "Орлов",
        "Павла",
        ORLOV["aliases"],
        ORLOV["a_number"],
        ORLOV["home_city"],
        ORLOV["notes"],
        reference_case.reference,
        ORLOV_CONTACT["name"],
        ORLOV_CONTACT["phone"],
        ORLOV_CONTACT["address"],
        "Mother",
        "Hearing note",
        "Contact note",
        "Bed space",
        "Katya",
    ]:
        assert value not in text, value
    assert data.documents[0].title == "Home-country charge / summons"
    assert "Manual deadline" in [deadline.title for deadline in data.deadlines]
    assert redaction_leaks(data, reference_case) == []


def test_full_data_keeps_the_person_but_not_privileged_notes(reference_case):
    data = casefile_data(reference_case, edition=enums.CaseFileEdition.FULL, today=TODAY)

    assert data.person.name_original == "Павел Орлов"
    assert data.person.a_number == "A-201-555-014"
    assert data.contact_persons[0].phone == ORLOV_CONTACT["phone"]
    assert data.privileged_notes == ()
    lawyer = casefile_data(reference_case, edition=enums.CaseFileEdition.LAWYER, today=TODAY)
    assert [n.text for n in lawyer.privileged_notes] == [ORLOV_PRIVILEGED_NOTE]


def test_redaction_leaks_names_the_kind_when_a_kept_field_holds_a_name(reference_case):
    hearing_schedule(
        seeker=reference_case,
        by=None,
        kind=enums.HearingKind.MASTER,
        court="Court of ORLOV county",
        judge="IJ 201-555-014",
        date=date(2025, 8, 1),
    )
    data = casefile_data(reference_case, edition=enums.CaseFileEdition.REDACTED, today=TODAY)

    assert redaction_leaks(data, reference_case) == ["A-number", "name"]


def test_chronology_of_particulars_alone_is_the_entry():
    events = chronology(
        particulars=Particulars("Russia", "Russian", date(2025, 1, 6), "Calexico", "CBP One")
    )
    assert [(e.day, e.text, e.detail) for e in events] == [
        (date(2025, 1, 6), "Arrived in the United States", "CBP One; Calexico")
    ]


@pytest.mark.parametrize("documents", [1, 20])
def test_casefile_data_queries_do_not_grow_with_the_case(
    reference_case, documents, django_assert_max_num_queries
):
    DocumentFactory.create_batch(documents, seeker=reference_case)
    # seeker lawyers, caseworkers, stays, hearings, appeals, deadlines, charges, contacts,
    # documents, removals, contact persons, privileged notes
    with django_assert_max_num_queries(12):
        data = casefile_data(reference_case, edition=enums.CaseFileEdition.LAWYER, today=TODAY)
    assert len(data.documents) == documents + 1
    assert isinstance(data, CaseFileData)
