"""Change history: who changed what and when, before and after, never a privileged note."""

import pytest
from django.urls import reverse

from cases import services
from cases.history import history_models
from cases.models import CaseFile, PrivilegedNote
from caseworks import access
from detention.services import stay_transfer
from tests.factories import (
    ContactLogFactory,
    DeadlineFactory,
    FacilityFactory,
    HearingFactory,
    detain,
)

pytestmark = pytest.mark.django_db


def test_history_covers_every_case_model_with_an_audit_history():
    """A record added later with a `seeker` and `HistoricalRecords()` shows up on history pages
    by itself; only what the access rule keeps out is missing, and each of those on purpose."""
    audited = {m for m in access.case_models() if hasattr(m, "history")}
    assert set(history_models()) == audited - {PrivilegedNote, CaseFile}
    assert history_models()[0] is access.case_models()[0]  # the person first
    assert {m._meta.label_lower for m in audited - set(history_models())} == (
        access.PRIVILEGED_MODELS | access.NOT_IN_CASE_HISTORY
    )


def test_history_models_visible_to_a_caseworker_are_the_pages_models(caseworker, lawyer, seeker):
    shown = [m.history.model for m in history_models()]
    assert access.history_models_visible_to(caseworker, seeker) == shown
    with_notes = access.history_models_visible_to(lawyer, seeker)
    assert sorted(with_notes, key=str) == sorted([*shown, PrivilegedNote.history.model], key=str)


def _history(client, user, seeker, **params):
    client.force_login(user)
    return client.get(reverse("cases:seeker_history", args=[seeker.reference]), params)


def test_history_shows_before_and_after_with_author(client, caseworker, colleague, seeker):
    hearing = HearingFactory(seeker=seeker, court="Imperial")
    services.hearing_update(hearing=hearing, by=colleague, court="Otay Mesa", judge="IJ Lee")
    change = _history(client, caseworker, seeker).context["page"].object_list[0]
    assert (change.user, change.record_label, change.action_label) == (
        colleague,
        "hearing",
        "changed",
    )
    assert [(f.label, f.before, f.after) for f in change.fields] == [
        ("immigration court", "Imperial", "Otay Mesa"),
        ("immigration judge", "—", "IJ Lee"),
    ]


def test_history_names_facilities_and_choices(client, caseworker, seeker):
    calexico = FacilityFactory(code="IRADFCA", name="Imperial")
    detain(seeker, calexico)
    stay_transfer(
        seeker=seeker,
        facility=FacilityFactory(code="SLRDCAZ", name="San Luis"),
        on=seeker.created_at.date(),
        by=caseworker,
    )
    changes = _history(client, caseworker, seeker).context["page"].object_list
    texts = {(f.label, f.before, f.after) for c in changes for f in c.fields}
    assert ("facility", "", "San Luis (SLRDCAZ)") in texts
    assert ("how it ended", "—", "Transferred") in texts


def test_history_never_shows_privileged_notes(client, lawyer, seeker):
    PrivilegedNote.objects.create(seeker=seeker, author=lawyer, text="client's real route")
    page = _history(client, lawyer, seeker).content.decode()
    assert "route" not in page and "rivileged" not in page


def test_history_is_paginated(client, caseworker, seeker):
    for i in range(30):
        services.seeker_update(seeker=seeker, by=caseworker, notes=f"note {i}")
    response = _history(client, caseworker, seeker, page=2)
    # 31 versions of the person and its caseworker and lawyer at registration; 25 a page
    assert len(response.context["page"].object_list) == 8
    assert response.context["page"].object_list[-1].action_label == "created"


def test_history_is_404_for_an_unassigned_lawyer(client, other_lawyer, seeker):
    assert _history(client, other_lawyer, seeker).status_code == 404


@pytest.mark.parametrize("rounds", [1, 100])
def test_history_query_count_does_not_grow(
    client, caseworker, colleague, lawyer, seeker, rounds, django_assert_num_queries, settings
):
    """8 and 504 events (the bench's person has 300), of every kind that names another row: a
    hearing (created, changed), a deadline pointing at it, a call logged by a colleague, a
    lawyer taken off or put back, and a stay at a facility."""
    settings.SESSION_SAVE_EVERY_REQUEST = False
    for i in range(rounds):
        hearing = HearingFactory(seeker=seeker)
        services.hearing_update(hearing=hearing, by=caseworker, judge=f"IJ {i}")
        DeadlineFactory(seeker=seeker, hearing=hearing)
        ContactLogFactory(seeker=seeker, by=colleague)
        services.seeker_assign(seeker=seeker, by=colleague, lawyers=[lawyer] if i % 2 else [])
    detain(seeker)
    client.force_login(caseworker)
    # session + user, the person; the history of every table in one UNION ALL; the users
    # (authors, "logged by", people assigned); facility and hearing names; the unread-alerts
    # badge
    with django_assert_num_queries(8):
        response = client.get(reverse("cases:seeker_history", args=[seeker.reference]))
    page = response.context["page"]
    # + the person, its stay, and its caseworker and lawyer at registration
    assert page.paginator.count == 5 * rounds + 4
    assert len(page.object_list) == min(5 * rounds + 4, 25)
    assert page.object_list[1].summary.startswith("Lawyers: ")
