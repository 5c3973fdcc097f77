"""Every admin changelist renders for a coordinator, with a query count that does not grow."""

from datetime import UTC

import pytest
from django.contrib import admin
from django.urls import reverse

from cases import enums
from cases.services import contact_log, hearing_schedule
from tests.factories import AsylumSeekerFactory, FacilityFactory

pytestmark = pytest.mark.django_db

MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


def _rows(n, caseworker):
    from datetime import date, datetime

    from detention.services import stay_start

    for i in range(n):
        seeker = AsylumSeekerFactory(caseworkers=[caseworker])
        hearing_schedule(
            seeker=seeker, by=None, kind=enums.HearingKind.MASTER, date=date(2025, 1, 1 + i)
        )
        contact_log(
            seeker=seeker,
            by=caseworker,
            party="client",
            channel="call",
            outcome="reached",
            occurred_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        stay_start(seeker=seeker, facility=FacilityFactory(), started_on=date(2025, 1, 1), by=None)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_changelist_renders_with_constant_queries(
    model, client, coordinator, caseworker, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    _rows(1, caseworker)
    with django_assert_max_num_queries(20) as one:
        assert client.get(url).status_code == 200
    _rows(4, caseworker)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


def test_admin_is_closed_to_caseworkers(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
