"""The trail: who looked at a case (the access log page) and that nobody can rewrite the
trail or the change history through the app."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from cases.models import AsylumSeeker
from caseworks.admin import ReadOnlyHistoryAdmin
from caseworks.audit import log_access
from caseworks.models import AccessLog
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def access_log_url(seeker):
    return reverse("cases:seeker_access_log", args=[seeker.reference])


def test_opening_a_case_is_logged(client, lawyer, seeker):
    client.force_login(lawyer)
    client.get(seeker.get_absolute_url())
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.seeker_id) == (
        lawyer,
        AccessLog.Action.VIEW_CASE,
        seeker.pk,
    )


def test_access_log_page_shows_who_did_what(client, coordinator, lawyer, caseworker, seeker):
    client.force_login(lawyer)
    client.get(seeker.get_absolute_url())
    client.force_login(caseworker)
    client.get(seeker.get_absolute_url())
    client.force_login(coordinator)
    page = client.get(access_log_url(seeker)).content.decode()
    assert page.count("<td>Viewed case</td>") == 2
    assert "(lawyer)" in page and "(cw)" in page


def test_access_log_page_shows_only_this_case(client, coordinator, caseworker, seeker):
    from tests.factories import AsylumSeekerFactory

    other = AsylumSeekerFactory()
    log_access(user=caseworker, action=AccessLog.Action.VIEW_CASE, seeker_id=other.pk)
    client.force_login(coordinator)
    assert "Nobody has opened this case yet." in client.get(access_log_url(seeker)).content.decode()


def test_access_log_page_has_constant_queries(
    client, coordinator, seeker, django_assert_max_num_queries
):
    def add_entries(n):
        for _ in range(n):
            log_access(user=UserFactory(), action=AccessLog.Action.VIEW_CASE, seeker_id=seeker.pk)

    client.force_login(coordinator)
    add_entries(1)
    with django_assert_max_num_queries(15) as one:
        client.get(access_log_url(seeker))
    add_entries(3)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(access_log_url(seeker)).content.decode()
    assert page.count("<td>Viewed case</td>") == 4


def test_access_log_cannot_be_changed_or_deleted_in_the_admin(client, coordinator, seeker):
    entry = log_access(user=coordinator, action=AccessLog.Action.VIEW_CASE, seeker_id=seeker.pk)
    client.force_login(coordinator)
    change = reverse("admin:caseworks_accesslog_change", args=[entry.pk])
    delete = reverse("admin:caseworks_accesslog_delete", args=[entry.pk])
    assert client.post(change, {"action": "erase", "detail": "x"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert (entry.action, entry.detail) == (AccessLog.Action.VIEW_CASE, "")


def test_history_versions_can_be_read_but_not_reverted(client, coordinator, seeker, caseworker):
    from cases.services import seeker_update

    seeker_update(seeker=seeker, by=caseworker, home_city="Perm")
    first = seeker.history.earliest()
    url = reverse("admin:cases_asylumseeker_simple_history", args=[seeker.pk, first.history_id])
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "Revert" not in page
    response = client.post(url, {"name_latin": "Rewritten", "custody_status": "detained"})
    assert response.status_code == 403
    assert AsylumSeeker.objects.get(pk=seeker.pk).home_city == "Perm"
    assert seeker.history.count() == 2


def test_every_admin_with_history_is_read_only_for_history():
    with_history = [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]
    assert len(with_history) >= 10
    assert [a for a in with_history if not isinstance(a, ReadOnlyHistoryAdmin)] == []


def test_access_log_names_the_kind_of_record(client, coordinator, seeker):
    log_access(
        user=coordinator,
        action=AccessLog.Action.EXPORT,
        seeker_id=seeker.pk,
        obj=coordinator,
        detail="downloaded",
    )
    client.force_login(coordinator)
    page = client.get(access_log_url(seeker)).content.decode()
    assert f"<td>user #{coordinator.pk}</td>" in page
    assert "<td>downloaded</td>" in page
