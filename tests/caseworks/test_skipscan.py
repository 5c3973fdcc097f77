"""caseworks.skipscan: distinct values by index probes, the same answer as SELECT DISTINCT."""

import pytest

from cases.models import AsylumSeeker
from caseworks.models import User
from caseworks.skipscan import distinct_values, in_distinct_values
from tests.factories import AsylumSeekerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_distinct_values_are_select_distinct_in_order():
    for code in ["UZ", "BY", "", "BY", "RU", "UZ"]:
        AsylumSeekerFactory(nationality=code)
    assert distinct_values(AsylumSeeker, "nationality", above="") == ["BY", "RU", "UZ"]
    assert distinct_values(AsylumSeeker, "nationality") == ["", "BY", "RU", "UZ"]
    assert distinct_values(AsylumSeeker, "nationality", above="BY") == ["RU", "UZ"]


def test_distinct_values_of_an_empty_table():
    assert distinct_values(AsylumSeeker, "nationality") == []


def test_in_distinct_values_as_a_subquery():
    through = AsylumSeeker.caseworkers.through
    first, second, idle = (UserFactory(username=name) for name in ("first", "second", "idle"))
    AsylumSeekerFactory(caseworkers=[first, second])
    AsylumSeekerFactory(caseworkers=[first])
    users = User.objects.filter(pk__in=in_distinct_values(through, "user")).order_by("username")
    assert [u.username for u in users] == ["first", "second"]
    assert idle not in users
