"""Notifications (in-app alerts), the unread badge, alert settings and the calendar feed."""

from datetime import date, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from cases import deadline_services as ds
from cases import enums, services
from cases.alerts import sweep
from cases.models import Alert, CalendarFeed
from tests.factories import AsylumSeekerFactory, HearingFactory, noon

pytestmark = pytest.mark.django_db

D = date


@pytest.fixture(autouse=True)
def _thursday_jul_24_2025():
    with time_machine.travel(noon(D(2025, 7, 24)), tick=False):
        yield


def alerts_for(seeker, n=1):
    """`n` deadlines 7 days out on `seeker`'s case, swept into alerts."""
    for i in range(n):
        ds.deadline_add_manual(seeker=seeker, by=None, title=f"Brief {i}", due_date=D(2025, 7, 31))
    sweep()


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


# --- the list and the badge --------------------------------------------------------------------


def test_recipient_sees_alert_with_case_link_and_badge(client, caseworker, seeker):
    alerts_for(seeker)
    page = get(client, caseworker, "notifications:list").content.decode()
    assert "Brief 0: file by Thu 31 Jul 2025, 7 days or less left." in page
    assert reverse("cases:seeker_deadlines", args=[seeker.reference]) in page
    assert seeker.name_latin in page
    assert 'Notifications <span class="badge rounded-pill text-bg-danger">1<' in page
    assert ">1 new notification</a>" in page  # the phone badge outside the collapsed menu


def test_colleague_and_other_lawyer_see_none_of_it(client, colleague, other_lawyer, seeker):
    alerts_for(seeker)
    for user in (colleague, other_lawyer):
        page = get(client, user, "notifications:list").content.decode()
        assert "No notifications." in page
        assert "text-bg-danger" not in page


def test_monitor_has_no_notifications_page(client, monitor):
    assert get(client, monitor, "notifications:list").status_code == 403
    client.force_login(monitor)
    assert "Notifications" not in client.get(reverse("deportation:flight_list")).content.decode()


def test_unassigned_lawyer_no_longer_sees_old_alerts(client, lawyer, seeker):
    alerts_for(seeker)
    services.seeker_assign(seeker=seeker, by=None, lawyers=[])
    page = get(client, lawyer, "notifications:list").content.decode()
    assert "No notifications." in page


def test_list_is_newest_first_and_paginated(client, caseworker, seeker):
    alerts_for(seeker, n=30)
    first = get(client, caseworker, "notifications:list").content.decode()
    assert first.count('class="list-group-item alert-item') == 25
    assert "Page 1 of 2" in first
    newest = Alert.objects.filter(recipient=caseworker).order_by("-created_at", "-pk").first()
    assert first.index(f'id="alert-{newest.pk}"') < first.index("Page 1 of 2")
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()
    assert second.count('class="list-group-item alert-item') == 5


def test_list_queries_do_not_grow(client, caseworker, django_assert_max_num_queries):
    alerts_for(AsylumSeekerFactory(caseworkers=[caseworker]))
    client.force_login(caseworker)
    # session, user, count, page (with case, deadline, hearing joined), badge, session save (3)
    with django_assert_max_num_queries(9) as one:
        client.get(reverse("notifications:list"))
    alerts_for(AsylumSeekerFactory(caseworkers=[caseworker]), n=10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("notifications:list")).content.decode()
    assert page.count('class="list-group-item alert-item') == 11


def test_badge_is_one_count_query(client, caseworker, seeker):
    alerts_for(seeker, n=3)
    client.force_login(caseworker)
    client.get(reverse("cases:seeker_list"))
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("cases:seeker_list")).content.decode()
    counts = [q["sql"] for q in captured.captured_queries if "cases_alert" in q["sql"]]
    assert len(counts) == 1 and counts[0].startswith("SELECT COUNT(*)")
    assert 'Notifications <span class="badge rounded-pill text-bg-danger">3<' in page


def test_badge_counts_no_further_than_99(client, caseworker, seeker, monkeypatch):
    from cases import context_processors

    monkeypatch.setattr(context_processors, "BADGE_MAX", 2)  # 3 alerts: more than the badge says
    alerts_for(seeker, n=3)
    client.force_login(caseworker)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("cases:seeker_list")).content.decode()
    counts = [q["sql"] for q in captured.captured_queries if "cases_alert" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 3" in counts[0]
    assert 'Notifications <span class="badge rounded-pill text-bg-danger">2+<' in page
    assert ">2+ new notifications</a>" in page
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("cases:seeker_list")).content.decode()
    assert ">2+ новых уведомления</a>" in page  # the plural form of 3 (of 100 with 99+)


# --- marking read ------------------------------------------------------------------------------


def test_mark_read_by_htmx_returns_the_item(client, lawyer, seeker):
    alerts_for(seeker)
    alert = Alert.objects.get(recipient=lawyer)
    client.force_login(lawyer)
    response = client.post(
        reverse("notifications:read", args=[alert.pk]), headers={"HX-Request": "true"}
    )
    item = response.content.decode()
    assert item.lstrip().startswith('<li class="list-group-item alert-item"')
    assert "Mark read" not in item
    alert.refresh_from_db()
    assert alert.read_at is not None
    assert "text-bg-danger" not in client.get(reverse("notifications:list")).content.decode()


def test_cannot_mark_someone_elses_alert(client, caseworker, colleague, seeker):
    alerts_for(seeker)
    alert = Alert.objects.get(recipient=caseworker)
    client.force_login(colleague)
    assert client.post(reverse("notifications:read", args=[alert.pk])).status_code == 404
    alert.refresh_from_db()
    assert alert.read_at is None


def test_mark_all_read_touches_only_mine(client, caseworker, lawyer, seeker):
    alerts_for(seeker, n=3)
    client.force_login(caseworker)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert "3 notifications marked read." in response.content.decode()
    assert not Alert.objects.filter(recipient=caseworker, read_at__isnull=True).exists()
    assert Alert.objects.filter(recipient=lawyer, read_at__isnull=True).count() == 3


# --- settings ----------------------------------------------------------------------------------


def test_turn_email_alerts_off_and_on(client, lawyer):
    client.force_login(lawyer)
    url = reverse("notifications:settings")
    assert 'for="id_email_alerts"' in client.get(url).content.decode()
    client.post(url, {})
    lawyer.refresh_from_db()
    assert lawyer.email_alerts is False
    client.post(url, {"email_alerts": "on"})
    lawyer.refresh_from_db()
    assert lawyer.email_alerts is True


# --- calendar feed -----------------------------------------------------------------------------


@pytest.fixture
def calendar_case(seeker):
    HearingFactory(
        seeker=seeker,
        kind=enums.HearingKind.INDIVIDUAL,
        date=D(2025, 8, 5),
        time=time(9, 30),
        court="Imperial Immigration Court",
    )
    ds.deadline_add_manual(seeker=seeker, by=None, title="BIA brief", due_date=D(2025, 8, 2))
    return seeker


def make_feed(client, user) -> str:
    client.force_login(user)
    page = client.post(reverse("notifications:calendar_regenerate"), follow=True)
    token = CalendarFeed.objects.get(user=user).token
    assert f"http://testserver/calendar/{token}.ics" in page.content.decode()
    client.logout()
    return reverse("notifications:calendar_feed", args=[token])


def test_calendar_feed_has_hearings_and_deadlines_without_names(client, lawyer, calendar_case):
    url = make_feed(client, lawyer)
    response = client.get(url)  # no session: the token is the credential
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert calendar_case.name_latin not in body and "Test Person" not in body
    events = {
        str(e["UID"]).split("-")[0]: e for e in Calendar.from_ical(response.content).walk("VEVENT")
    }
    h, d = events["hearing"], events["deadline"]
    assert str(h["UID"]).endswith("@127.0.0.1")  # SITE_URL's host: stable across fetches
    assert str(h["SUMMARY"]) == f"Hearing (Individual (merits)): {calendar_case.reference}"
    assert h.decoded("DTSTART").isoformat() == "2025-08-05T09:30:00"  # floating court time
    assert str(h["LOCATION"]) == "Imperial Immigration Court"
    assert str(d["SUMMARY"]) == f"File by: BIA brief: {calendar_case.reference}"
    assert d.decoded("DTSTART") == D(2025, 8, 1)  # Sat Aug 2 -> file by Fri Aug 1
    assert "VALUE=DATE" in body and "DTSTAMP:20250724T190000Z" in body
    assert "Legal due date: 2025-08-02" in str(d["DESCRIPTION"])


def test_calendar_feed_only_has_visible_cases(client, other_lawyer, lawyer, calendar_case):
    mine = AsylumSeekerFactory(lawyers=[other_lawyer])
    ds.deadline_add_manual(seeker=mine, by=None, title="Mine", due_date=D(2025, 8, 4))
    body = client.get(make_feed(client, other_lawyer)).content.decode()
    assert mine.reference in body
    assert calendar_case.reference not in body


def test_calendar_feed_leaves_out_met_deadlines(client, caseworker, calendar_case):
    ds.deadline_mark_met(
        deadline=calendar_case.deadlines.get(), by=None, completed_on=D(2025, 7, 24)
    )
    body = client.get(make_feed(client, caseworker)).content.decode()
    assert "File by" not in body and "Hearing (" in body


def test_regenerated_token_revokes_the_old_url(client, lawyer, calendar_case):
    old = make_feed(client, lawyer)
    new = make_feed(client, lawyer)
    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_turned_off_feed_is_gone(client, lawyer, calendar_case):
    url = make_feed(client, lawyer)
    client.force_login(lawyer)
    client.post(reverse("notifications:calendar_delete"))
    client.logout()
    assert client.get(url).status_code == 404


def test_feed_of_deactivated_user_or_wrong_token_is_404(client, lawyer, calendar_case):
    url = make_feed(client, lawyer)
    lawyer.is_active = False
    lawyer.save()
    assert client.get(url).status_code == 404
    assert client.get("/calendar/not-a-token.ics").status_code == 404


def test_calendar_feed_queries_do_not_grow(client, caseworker, django_assert_max_num_queries):
    url = make_feed(client, caseworker)
    seeker = AsylumSeekerFactory(caseworkers=[caseworker])
    HearingFactory(seeker=seeker, date=D(2025, 8, 5))
    with django_assert_max_num_queries(3) as one:  # token + user, hearings, deadlines
        client.get(url)
    for i in range(5):
        other = AsylumSeekerFactory()
        HearingFactory(seeker=other, date=D(2025, 8, 6 + i))
        ds.deadline_add_manual(seeker=other, by=None, title="x", due_date=D(2025, 8, 6 + i))
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get(url).content.decode()
    assert body.count("BEGIN:VEVENT") == 11
