"""The database refuses what must never be stored, even when code skips validation."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import services
from cases.models import AsylumSeeker, Hearing
from detention.models import DetentionStay
from detention.services import stay_start, stay_transfer
from tests.factories import AsylumSeekerFactory, FacilityFactory, HearingFactory

pytestmark = pytest.mark.django_db


def _raw_insert_fails(obj) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()


def test_stay_ending_before_it_starts_is_refused():
    seeker = AsylumSeekerFactory()
    stay = DetentionStay(
        seeker=seeker,
        facility=FacilityFactory(),
        started_on=date(2025, 5, 2),
        ended_on=date(2025, 5, 1),
    )
    _raw_insert_fails(stay)
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        stay.full_clean()


def test_second_open_stay_for_one_person_is_refused():
    seeker = AsylumSeekerFactory()
    DetentionStay.objects.create(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 5, 1)
    )
    _raw_insert_fails(
        DetentionStay(seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 6, 1))
    )
    with pytest.raises(ValidationError, match="already held"):
        stay_start(seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 6, 1), by=None)


def test_closed_stays_do_not_block_a_new_open_stay():
    seeker = AsylumSeekerFactory()
    DetentionStay.objects.create(
        seeker=seeker,
        facility=FacilityFactory(),
        started_on=date(2025, 1, 1),
        ended_on=date(2025, 2, 1),
    )
    stay = stay_start(
        seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 3, 1), by=None
    )
    assert stay.ended_on is None


def test_decision_before_the_hearing_is_refused():
    hearing = HearingFactory(date=date(2025, 5, 10))
    Hearing.objects.filter(pk=hearing.pk)  # the row exists
    hearing.decision_date = date(2025, 5, 9)
    _raw_insert_fails(hearing)
    with pytest.raises(ValidationError, match="decision date cannot be before the hearing"):
        services.hearing_record_decision(
            hearing=hearing, by=None, outcome="denied_removal", decision_date=date(2025, 5, 9)
        )


def test_duplicate_a_number_is_refused_in_any_spelling():
    AsylumSeekerFactory(a_number="A-123-456-789")
    _raw_insert_fails(
        AsylumSeeker(
            reference="CW-DUPE01", pseudonym="P-DUPE01", name_latin="X", a_number="123456789"
        )
    )
    with pytest.raises(ValidationError, match="A-number already exists"):
        AsylumSeekerFactory(a_number="123456789")


def test_a_number_must_be_nine_digits_in_the_database():
    _raw_insert_fails(
        AsylumSeeker(reference="CW-BAD001", pseudonym="P-BAD001", name_latin="X", a_number="12345")
    )


def test_transfer_closes_current_stay_and_opens_next_in_one_step():
    seeker = AsylumSeekerFactory()
    calexico = FacilityFactory(code="IRADFCA", circuit=9, aor="SND")
    san_luis = FacilityFactory(code="SLRDCAZ", circuit=9, aor="PHO")
    stay_start(seeker=seeker, facility=calexico, started_on=date(2025, 1, 10), by=None)
    transfer = stay_transfer(
        seeker=seeker, facility=san_luis, on=date(2025, 4, 2), reason="bed space", by=None
    )
    stays = list(
        DetentionStay.objects.filter(seeker=seeker)
        .order_by("started_on")
        .values_list("facility__code", "started_on", "ended_on", "end_reason")
    )
    assert stays == [
        ("IRADFCA", date(2025, 1, 10), date(2025, 4, 2), "transferred"),
        ("SLRDCAZ", date(2025, 4, 2), None, ""),
    ]
    assert transfer.aor_changed is True
    assert transfer.circuit_changed is False
