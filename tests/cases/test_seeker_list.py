"""The people list: search, filters scoped to what the user may see, sorting, paging, speed."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from cases import enums
from tests.factories import (
    AsylumSeekerFactory,
    DeadlineFactory,
    FacilityFactory,
    UserFactory,
    detain,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]
TODAY = date(2026, 3, 2)


def _names(response):
    return [s.name_latin for s in response.context["page"].object_list]


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("cases:seeker_list"), params)


def test_seeker_list_searches_by_latin_spelling_of_cyrillic_name(client, caseworker):
    AsylumSeekerFactory(name_latin="Pavel Orlov", name_original="Павел Орлов")
    AsylumSeekerFactory(name_latin="Gleb Sorokin")
    response = _get(client, caseworker, q="Орлов")
    assert _names(response) == ["Pavel Orlov"]
    assert "1 person" in response.content.decode()


def test_seeker_list_lawyer_sees_only_assigned_people(client, lawyer, seeker):
    AsylumSeekerFactory(name_latin="Not Mine")
    assert _names(_get(client, lawyer)) == [seeker.name_latin]


def test_seeker_list_monitor_is_refused(client, monitor):
    assert _get(client, monitor).status_code == 403


def test_seeker_list_filters_by_current_facility_and_custody(client, caseworker):
    calexico, jena = FacilityFactory(name="Imperial"), FacilityFactory(name="Jena")
    here = AsylumSeekerFactory(name_latin="Held Here")
    detain(here, calexico, on=TODAY - timedelta(days=5))
    detain(AsylumSeekerFactory(name_latin="Held Elsewhere"), jena)
    AsylumSeekerFactory(name_latin="Released", custody_status=enums.CustodyStatus.RELEASED)
    assert _names(_get(client, caseworker, facility=calexico.pk)) == ["Held Here"]
    assert _names(_get(client, caseworker, custody_status="released")) == ["Released"]


def test_seeker_list_filters_by_deadline_within_and_no_lawyer(client, caseworker, lawyer):
    soon = AsylumSeekerFactory(name_latin="Due Soon")
    DeadlineFactory(seeker=soon, due_date=TODAY + timedelta(days=3))
    later = AsylumSeekerFactory(name_latin="Due Later", lawyers=[lawyer])
    DeadlineFactory(seeker=later, due_date=TODAY + timedelta(days=40))
    AsylumSeekerFactory(name_latin="Outside Counsel", external_counsel="Jane Doe, Esq.")
    assert _names(_get(client, caseworker, deadline_within=7)) == ["Due Soon"]
    assert _names(_get(client, caseworker, no_lawyer="on")) == ["Due Soon"]
    assert _names(_get(client, caseworker, lawyer=lawyer.pk)) == ["Due Later"]


def test_seeker_list_filters_by_nationality_and_caseworker(client, caseworker, colleague):
    AsylumSeekerFactory(name_latin="From Belarus", nationality="BY", caseworkers=[colleague])
    AsylumSeekerFactory(name_latin="From Russia", nationality="RU", caseworkers=[caseworker])
    assert _names(_get(client, caseworker, nationality="BY")) == ["From Belarus"]
    assert _names(_get(client, caseworker, caseworker=caseworker.pk)) == ["From Russia"]


def test_seeker_list_choices_are_scoped_to_the_lawyers_cases(client, lawyer, other_lawyer):
    mine = AsylumSeekerFactory(name_latin="Mine", nationality="BY", lawyers=[lawyer])
    detain(mine, FacilityFactory(name="My Facility"))
    theirs = AsylumSeekerFactory(name_latin="Theirs", nationality="UZ", lawyers=[other_lawyer])
    detain(theirs, FacilityFactory(name="Their Facility"))
    form = _get(client, lawyer).context["filter"].form
    assert [str(f.name) for f in form.fields["facility"].queryset] == ["My Facility"]
    assert [code for code, _label in form.fields["nationality"].choices if code] == ["BY"]
    assert list(form.fields["lawyer"].queryset) == [lawyer]


def test_seeker_list_offers_every_nationality_on_file_to_caseworkers(client, caseworker):
    for code in ["UZ", "BY", "", "BY", "RU", "VE"]:
        AsylumSeekerFactory(nationality=code)
    form = _get(client, caseworker).context["filter"].form
    assert [label for code, label in form.fields["nationality"].choices if code] == [
        "Belarus",
        "Russia",
        "Uzbekistan",
        "Venezuela",
    ]


def test_seeker_list_sorts_by_days_detained_counting_transfers(client, caseworker):
    from detention.services import stay_transfer

    long_held = AsylumSeekerFactory(name_latin="Zed Long")
    detain(long_held, on=TODAY - timedelta(days=100))
    stay_transfer(
        seeker=long_held, facility=FacilityFactory(), on=TODAY - timedelta(days=2), by=None
    )
    detain(AsylumSeekerFactory(name_latin="Amy Short"), on=TODAY - timedelta(days=10))
    AsylumSeekerFactory(name_latin="Bob Free", custody_status=enums.CustodyStatus.RELEASED)
    response = _get(client, caseworker, sort="detained")
    assert _names(response) == ["Zed Long", "Amy Short", "Bob Free"]
    assert [s.days_detained for s in response.context["page"].object_list] == [101, 11, None]


def test_seeker_list_sorts_by_next_deadline(client, caseworker):
    DeadlineFactory(seeker=AsylumSeekerFactory(name_latin="Later"), due_date=TODAY + timedelta(9))
    DeadlineFactory(seeker=AsylumSeekerFactory(name_latin="Sooner"), due_date=TODAY + timedelta(2))
    AsylumSeekerFactory(name_latin="Aaron None")
    assert _names(_get(client, caseworker, sort="deadline")) == ["Sooner", "Later", "Aaron None"]


def test_seeker_list_pages_keep_the_filters_in_the_url(client, caseworker, settings):
    for i in range(3):
        AsylumSeekerFactory(name_latin=f"Orlov {i}")
    from cases import views

    views_page_size, views.PAGE_SIZE = views.PAGE_SIZE, 2
    try:
        response = _get(client, caseworker, q="orlov", sort="name")
    finally:
        views.PAGE_SIZE = views_page_size
    assert _names(response) == ["Orlov 0", "Orlov 1"]
    assert 'href="?q=orlov&amp;sort=name&amp;page=2"' in response.content.decode()


def test_seeker_list_without_matches_says_so(client, caseworker):
    AsylumSeekerFactory(name_latin="Someone")
    page = _get(client, caseworker, q="nobody").content.decode()
    assert "Nobody matches." in page


def _populate(n, lawyer):
    for i in range(n):
        seeker = AsylumSeekerFactory(name_latin=f"Person {i}", lawyers=[lawyer])
        detain(seeker, on=TODAY - timedelta(days=50 + i))
        DeadlineFactory(seeker=seeker, due_date=TODAY + timedelta(days=i + 1))


@pytest.mark.parametrize("rows", [1, 5])
@pytest.mark.parametrize("role", ["caseworker", "lawyer"])
def test_seeker_list_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, caseworker, lawyer, rows, role, settings
):
    _populate(rows, lawyer)
    user = {"caseworker": caseworker, "lawyer": lawyer}[role]
    client.force_login(user)
    settings.SESSION_SAVE_EVERY_REQUEST = False  # the middleware's own write, not the page's
    # session + user (2), nationality/facility/caseworker/lawyer choices (4), count, page,
    # lawyers prefetch (3)
    with django_assert_max_num_queries(10):  # +1: the unread-alert badge
        response = client.get(reverse("cases:seeker_list"), {"sort": "detained", "q": "person"})
    assert len(response.context["page"].object_list) == rows


def test_seeker_list_offers_registration_to_staff_only(client, caseworker, lawyer):
    assert "Register a person" in _get(client, caseworker).content.decode()
    assert "Register a person" not in _get(client, lawyer).content.decode()


def test_seeker_list_hides_inactive_lawyer_from_nobody(client, caseworker):
    # A lawyer who left keeps showing on the cases they had, so the filter still finds them.
    gone = UserFactory(role="lawyer", username="gone", is_active=False)
    AsylumSeekerFactory(name_latin="Had Gone", lawyers=[gone])
    assert _names(_get(client, caseworker, lawyer=gone.pk)) == ["Had Gone"]
