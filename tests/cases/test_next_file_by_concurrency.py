"""`next_file_by` under real concurrency: writers of one person's deadlines at the same moment,
each in its own PostgreSQL connection (threads). Each refresh runs after taking the person's
lock, so the last one reads what the others committed; the person is locked first by every
writer, so none of them deadlocks."""

from datetime import date

import pytest

from cases import deadline_services as ds
from cases import enums, services
from cases.models import AsylumSeeker, Deadline
from tests.cases.test_alert_concurrency import in_parallel
from tests.factories import AsylumSeekerFactory, HearingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

D = date


def stored(seeker) -> date | None:
    return AsylumSeeker.objects.values_list("next_file_by", flat=True).get(pk=seeker.pk)


def _race_on_one_person() -> AsylumSeeker:
    seeker = AsylumSeekerFactory(entry_date=D(2025, 3, 12))  # one-year: Mar 12 2026
    hearing = HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=D(2025, 7, 1))
    first = ds.deadline_add_manual(seeker=seeker, by=None, title="A", due_date=D(2025, 7, 22))
    second = ds.deadline_add_manual(seeker=seeker, by=None, title="B", due_date=D(2025, 7, 25))
    one_year = Deadline.objects.get(seeker=seeker, rule="asylum_one_year")
    in_parallel(
        lambda: ds.deadline_mark_met(deadline=first, by=None, completed_on=D(2025, 7, 1)),
        lambda: ds.deadline_mark_met(deadline=second, by=None, completed_on=D(2025, 7, 2)),
        lambda: ds.deadline_mark_not_applicable(deadline=one_year, by=None),
        # Tue Jul 1 oral denial: appeal and reconsider by Jul 31, reopen by Sep 29.
        lambda: services.hearing_record_decision(
            hearing=hearing,
            by=None,
            outcome=enums.HearingOutcome.DENIED_REMOVAL,
            decision_date=D(2025, 7, 1),
            service_method="oral",
        ),
        lambda: services.seeker_update(seeker=seeker, by=None, entry_date=D(2025, 3, 14)),
    )
    return seeker


def test_concurrent_writers_of_one_person_leave_the_right_date():
    for _round in range(8):
        seeker = _race_on_one_person()
        assert stored(seeker) == D(2025, 7, 31)
