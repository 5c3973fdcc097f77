"""`AsylumSeeker.detained_since`: derived from the stays, kept right by every stay service."""

import importlib
from datetime import date
from types import SimpleNamespace

import pytest
from django.apps import apps

from cases.models import AsylumSeeker
from cases.privacy import seeker_erase
from detention.enums import StayEndReason
from detention.models import DetentionStay
from detention.periods import detained_since
from detention.services import stay_end, stay_start, stay_transfer, stay_update
from tests.factories import AsylumSeekerFactory, FacilityFactory

D1, D2, D3, D4 = date(2025, 1, 6), date(2025, 3, 1), date(2025, 5, 10), date(2025, 7, 1)


def _stay(start, end=None, reason=""):
    return SimpleNamespace(started_on=start, ended_on=end, end_reason=reason)


@pytest.mark.parametrize(
    ("stays", "expected"),
    [
        ([], None),
        ([_stay(D1)], D1),
        ([_stay(D1, D2, StayEndReason.TRANSFERRED), _stay(D2)], D1),
        ([_stay(D1, D2, StayEndReason.RELEASED)], None),
        ([_stay(D1, D2, StayEndReason.RELEASED), _stay(D3)], D3),
        (
            [
                _stay(D1, D2, StayEndReason.RELEASED),
                _stay(D3, D4, StayEndReason.TRANSFERRED),
                _stay(D4),
            ],
            D3,
        ),
        # Released and taken in again the same day: the new detention starts that day.
        ([_stay(D1, D2, StayEndReason.RELEASED), _stay(D2)], D2),
    ],
)
def test_detained_since_follows_transfers_and_stops_at_a_release(stays, expected):
    assert detained_since(stays) == expected


def _stored(seeker) -> date | None:
    return AsylumSeeker.objects.values_list("detained_since", flat=True).get(pk=seeker.pk)


@pytest.mark.django_db
def test_detained_since_after_start_transfer_and_end():
    seeker = AsylumSeekerFactory()
    assert _stored(seeker) is None
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D1, by=None)
    assert _stored(seeker) == D1 == seeker.detained_since
    stay_transfer(seeker=seeker, facility=FacilityFactory(), on=D2, by=None)
    assert _stored(seeker) == D1
    stay_end(seeker=seeker, on=D3, reason=StayEndReason.RELEASED, by=None)
    assert _stored(seeker) is None and seeker.detained_since is None
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D4, by=None)
    assert _stored(seeker) == D4


@pytest.mark.django_db
def test_detained_since_after_a_corrected_stay():
    seeker = AsylumSeekerFactory()
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D2, by=None)
    stay_transfer(seeker=seeker, facility=FacilityFactory(), on=D3, by=None)
    first = DetentionStay.objects.get(seeker=seeker, started_on=D2)
    stay_update(stay=first, by=None, started_on=D1)
    assert _stored(seeker) == D1
    # The first stay really ended in a release, not a transfer: the detention began at D3.
    stay_update(stay=first, by=None, end_reason=StayEndReason.RELEASED)
    assert _stored(seeker) == D3


@pytest.mark.django_db
def test_detained_since_survives_erasure(coordinator):
    seeker = AsylumSeekerFactory()
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D1, by=None)
    stay_transfer(seeker=seeker, facility=FacilityFactory(), on=D2, by=None, reason="bed space")
    seeker_erase(seeker=seeker, by=coordinator)
    assert _stored(seeker) == D1


@pytest.mark.django_db
def test_full_save_of_a_stale_person_keeps_detained_since():
    seeker = AsylumSeekerFactory()
    stale = AsylumSeeker.objects.get(pk=seeker.pk)
    stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D1, by=None)
    stale.notes = "edited in the admin"
    stale.save()
    assert _stored(seeker) == D1
    assert AsylumSeeker.objects.get(pk=seeker.pk).notes == "edited in the admin"


@pytest.mark.django_db
def test_migration_backfill_agrees_with_the_rule():
    """The SQL of migration cases/0007 gives what detention.periods gives, person by person."""

    def start(seeker, on):
        stay_start(seeker=seeker, facility=FacilityFactory(), started_on=on, by=None)

    def move(seeker, on):
        stay_transfer(seeker=seeker, facility=FacilityFactory(), on=on, by=None)

    def release(seeker, on):
        stay_end(seeker=seeker, on=on, reason=StayEndReason.RELEASED, by=None)

    stories = {
        "held": [(start, D1)],
        "transferred": [(start, D1), (move, D2)],
        "released": [(start, D1), (release, D2)],
        "again": [(start, D1), (release, D2), (start, D3), (move, D4)],
        "never": [],
    }
    people = {}
    for name, steps in stories.items():
        people[name] = seeker = AsylumSeekerFactory(name_latin=name)
        for step, on in steps:
            step(seeker, on)
    AsylumSeeker.objects.update(detained_since=None)  # as the column is when it is added
    migration = importlib.import_module("cases.migrations.0007_perf_detained_since_and_indexes")
    migration.backfill_detained_since(apps, None)
    for name, seeker in people.items():
        expected = detained_since(DetentionStay.objects.filter(seeker=seeker))
        assert _stored(seeker) == expected, name
    assert [_stored(people[n]) for n in stories] == [D1, D1, None, D3, None]


# --- the admin writes stays itself -------------------------------------------------------------


def _admin_request(user):
    from django.test import RequestFactory

    request = RequestFactory().post("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
def test_admin_change_and_delete_of_a_stay_move_it(coordinator):
    from django.contrib import admin

    stay_admin = admin.site._registry[DetentionStay]
    seeker = AsylumSeekerFactory()
    stay = stay_start(seeker=seeker, facility=FacilityFactory(), started_on=D1, by=None)
    stay.started_on = D2
    stay_admin.save_model(_admin_request(coordinator), stay, None, True)
    seeker.refresh_from_db()
    assert seeker.detained_since == D2
    stay_admin.delete_model(_admin_request(coordinator), stay)
    seeker.refresh_from_db()
    assert seeker.detained_since is None


@pytest.mark.django_db
def test_admin_moving_a_stay_to_another_person_refreshes_both(coordinator):
    from django.contrib import admin

    first, other = AsylumSeekerFactory(), AsylumSeekerFactory()
    stay = stay_start(seeker=first, facility=FacilityFactory(), started_on=D1, by=None)
    stay.seeker = other
    admin.site._registry[DetentionStay].save_model(_admin_request(coordinator), stay, None, True)
    first.refresh_from_db()
    other.refresh_from_db()
    assert (first.detained_since, other.detained_since) == (None, D1)
