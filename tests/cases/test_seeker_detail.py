"""A person's page: the header facts, the merged chronology, access, and a fixed query count."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import enums, services
from caseworks.models import AccessLog
from detention.services import stay_transfer
from tests import factories
from tests.factories import (
    AsylumSeekerFactory,
    ContactLogFactory,
    DeadlineFactory,
    FacilityFactory,
    HearingFactory,
    detain,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
TODAY = date(2026, 3, 2)


@pytest.fixture
def story(seeker, caseworker):
    """Detained 60 days ago at Calexico, moved to San Luis 10 days ago, hearing in 5 days."""
    calexico = FacilityFactory(code="IRADFCA", name="IMPERIAL REGIONAL", circuit=9, aor="SND")
    san_luis = FacilityFactory(code="SLRDCAZ", name="SAN LUIS REGIONAL", circuit=9, aor="PHO")
    detain(seeker, calexico, on=TODAY - timedelta(days=60))
    stay_transfer(
        seeker=seeker, facility=san_luis, on=TODAY - timedelta(days=10), reason="Bed space", by=None
    )
    HearingFactory(seeker=seeker, kind=enums.HearingKind.INDIVIDUAL, date=TODAY + timedelta(5))
    DeadlineFactory(
        seeker=seeker,
        title="BIA appeal",
        due_date=TODAY + timedelta(8),
        file_by=TODAY + timedelta(7),
    )
    return seeker


def _page(client, user, seeker):
    client.force_login(user)
    return client.get(reverse("cases:seeker_detail", args=[seeker.reference]))


def test_seeker_detail_header_shows_what_matters_now(client, caseworker, story):
    response = _page(client, caseworker, story)
    header = response.context["header"]
    assert header.detention.current.facility.code == "SLRDCAZ"
    assert header.detention.detained_since == TODAY - timedelta(days=60)
    assert header.detention.days_detained == 61
    assert header.detention.total_days == 61  # the transfer day counts once
    assert header.next_hearing.date == TODAY + timedelta(days=5)
    assert header.next_deadline.file_by == TODAY + timedelta(days=7)
    assert [u.username for u in header.lawyers] == ["lawyer"]
    page = response.content.decode()
    assert "San Luis Regional" in page and "Pro se:" not in page


def test_seeker_detail_warns_when_nobody_represents_the_person(client, caseworker):
    seeker = AsylumSeekerFactory(name_latin="Alone")
    page = _page(client, caseworker, seeker).content.decode()
    assert "Pro se:" in page
    assert "No detention recorded." in page and "No hearings recorded." in page


def test_seeker_detail_chronology_merges_every_dated_event(client, caseworker, story):
    services.seeker_update(seeker=story, by=None, entry_date=TODAY - timedelta(days=61))
    services.charge_add(
        seeker=story,
        by=None,
        country="RU",
        statute=factories.statute("RU CC 205.2"),
        opened_on=TODAY - timedelta(days=30),
        learned_on=TODAY - timedelta(days=3),
    )
    ContactLogFactory(
        seeker=story,
        outcome=enums.ContactOutcome.NO_ANSWER,
        occurred_at=timezone.make_aware(datetime.combine(TODAY - timedelta(days=1), time(10))),
    )
    events = _page(client, caseworker, story).context["chronology"]
    assert [(e.day, e.kind, e.warn) for e in events] == [
        (TODAY + timedelta(days=5), "hearings", True),
        (TODAY - timedelta(days=1), "contacts", True),
        (TODAY - timedelta(days=3), "charges", True),
        (TODAY - timedelta(days=10), "detention", False),
        (TODAY - timedelta(days=30), "charges", False),
        (TODAY - timedelta(days=60), "detention", False),
        (TODAY - timedelta(days=61), "person", False),
    ]
    assert events[3].title == "Transferred to San Luis Regional"
    assert events[3].detail == "Bed space"


def test_seeker_detail_still_logs_the_view(client, caseworker, seeker):
    _page(client, caseworker, seeker)
    entry = AccessLog.objects.get()
    assert (entry.user, entry.action, entry.seeker_id) == (
        caseworker,
        AccessLog.Action.VIEW_CASE,
        seeker.pk,
    )


def test_seeker_detail_shows_removal_read_only(client, caseworker, seeker):
    from deportation.models import Removal

    Removal.objects.create(
        seeker=seeker, removal_date=TODAY - timedelta(days=2), route_summary="via Istanbul"
    )
    page = _page(client, caseworker, seeker).content.decode()
    assert "via Istanbul" in page


def _fill(seeker, n):
    for i in range(n):
        HearingFactory(seeker=seeker, date=TODAY + timedelta(days=i))
        ContactLogFactory(seeker=seeker)
        DeadlineFactory(seeker=seeker)
        services.appeal_file(seeker=seeker, by=None, kind=enums.AppealKind.BIA_APPEAL)
        services.contact_person_add(seeker=seeker, by=None, name=f"Kin {i}", relationship="other")
        services.charge_add(
            seeker=seeker, by=None, country="RU", statute_text="x", learned_on=TODAY
        )
    detain(seeker, on=TODAY - timedelta(days=n * 10))
    for i in range(n - 1):
        stay_transfer(
            seeker=seeker, facility=FacilityFactory(), on=TODAY - timedelta(days=n - i), by=None
        )


@pytest.mark.parametrize("records", [1, 5])
def test_seeker_detail_query_count_does_not_grow_with_records(
    client, django_assert_max_num_queries, caseworker, seeker, records, settings
):
    _fill(seeker, records)
    client.force_login(caseworker)
    settings.SESSION_SAVE_EVERY_REQUEST = False  # the middleware's own write, not the page's
    # session + user, the person, the access-log insert, the people on the case, one query per
    # kind of record (stays, hearings, appeals, charges, contacts, documents, contact persons,
    # open deadlines, removals)
    with django_assert_max_num_queries(15):  # +1: the unread-alert badge
        response = client.get(reverse("cases:seeker_detail", args=[seeker.reference]))
    assert len(response.context["records"].hearings) == records


def test_seeker_detail_for_the_lawyer_costs_no_extra_query(
    client, django_assert_max_num_queries, caseworker, lawyer, seeker, settings
):
    settings.SESSION_SAVE_EVERY_REQUEST = False
    # The privileged-notes link is decided from the lawyers the page loaded anyway.
    _fill(seeker, 1)
    client.force_login(lawyer)
    with django_assert_max_num_queries(15):  # as the caseworker's page, unread-alert badge too
        page = client.get(reverse("cases:seeker_detail", args=[seeker.reference]))
    assert reverse("cases:privileged_notes", args=[seeker.reference]) in page.content.decode()
    client.force_login(caseworker)
    page = client.get(reverse("cases:seeker_detail", args=[seeker.reference])).content.decode()
    assert reverse("cases:privileged_notes", args=[seeker.reference]) not in page
