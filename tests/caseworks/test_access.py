"""`visible_to` for each role: the one rule every case view, export and API relies on."""

import pytest

from cases.models import AsylumSeeker, Hearing
from caseworks.enums import Role
from detention.models import DetentionStay
from tests.factories import AsylumSeekerFactory, HearingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_cases(lawyer):
    mine = AsylumSeekerFactory(name_latin="Assigned Person", lawyers=[lawyer])
    other = AsylumSeekerFactory(name_latin="Other Person")
    HearingFactory(seeker=mine)
    HearingFactory(seeker=other)
    return mine, other


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.CASEWORKER])
def test_staff_roles_see_every_case(role, two_cases):
    user = UserFactory(role=role)
    assert set(AsylumSeeker.objects.visible_to(user)) == set(two_cases)
    assert Hearing.objects.visible_to(user).count() == 2


def test_lawyer_sees_only_assigned_cases_and_their_records(lawyer, two_cases):
    mine, _other = two_cases
    assert list(AsylumSeeker.objects.visible_to(lawyer)) == [mine]
    assert [h.seeker for h in Hearing.objects.visible_to(lawyer)] == [mine]


def test_unassigned_lawyer_sees_nothing(other_lawyer, two_cases):
    assert not AsylumSeeker.objects.visible_to(other_lawyer).exists()
    assert not DetentionStay.objects.visible_to(other_lawyer).exists()


def test_flight_monitor_sees_no_case(monitor, two_cases):
    assert not AsylumSeeker.objects.visible_to(monitor).exists()
    assert not Hearing.objects.visible_to(monitor).exists()


def test_inactive_user_sees_no_case(two_cases):
    user = UserFactory(role=Role.COORDINATOR, is_active=False)
    assert not AsylumSeeker.objects.visible_to(user).exists()


def test_lawyer_with_two_cases_gets_each_once(lawyer):
    AsylumSeekerFactory(lawyers=[lawyer, UserFactory(role=Role.LAWYER)])
    AsylumSeekerFactory(lawyers=[lawyer])
    assert AsylumSeeker.objects.visible_to(lawyer).count() == 2
