"""Who put whom on a case, and when: assignments decide who sees it, so each change is audited
(cases.services.seeker_assign -> AssignmentChange) and shown on the case's History page."""

import pytest
from django.urls import reverse
from django.utils import translation

from cases import services
from cases.history import case_history
from cases.models import AssignmentChange, AsylumSeeker
from caseworks.enums import Role
from tests.factories import AsylumSeekerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def jane(db):
    return UserFactory(role=Role.LAWYER, username="jane", first_name="Jane", last_name="Doe")


def _logged(seeker):
    """(role, added, removed, author) of each assignment change of `seeker`, oldest first."""
    return [
        (c.role, c.added, c.removed, c.history.get().history_user)
        for c in AssignmentChange.objects.filter(seeker=seeker).order_by("pk")
    ]


def _history(client, user, seeker):
    client.force_login(user)
    return client.get(reverse("cases:seeker_history", args=[seeker.reference]))


def test_register_logs_the_first_people_by_the_registering_user(caseworker, lawyer):
    seeker = services.seeker_register(
        by=caseworker, name_latin="Test Person", caseworkers=[caseworker], lawyers=[lawyer]
    )
    assert _logged(seeker) == [
        ("caseworkers", [caseworker.pk], [], caseworker),
        ("lawyers", [lawyer.pk], [], caseworker),
    ]


def test_register_without_people_logs_nothing(caseworker):
    seeker = services.seeker_register(by=caseworker, name_latin="Test Person")
    assert _logged(seeker) == []


def test_assign_logs_added_and_removed_people_with_the_author(
    coordinator, caseworker, colleague, lawyer, jane, seeker
):
    before = len(_logged(seeker))  # the registration's two rows
    services.seeker_assign(
        seeker=seeker, by=coordinator, caseworkers=[caseworker, colleague], lawyers=[jane]
    )
    services.seeker_assign(seeker=seeker, by=colleague, caseworkers=[colleague])
    assert _logged(seeker)[before:] == [
        ("caseworkers", [colleague.pk], [], coordinator),
        ("lawyers", [jane.pk], [lawyer.pk], coordinator),
        ("caseworkers", [], [caseworker.pk], colleague),
    ]
    seeker.refresh_from_db()
    assert (list(seeker.caseworkers.all()), list(seeker.lawyers.all())) == ([colleague], [jane])


def test_assign_the_same_people_again_logs_nothing(coordinator, caseworker, lawyer, seeker):
    before = _logged(seeker)
    services.seeker_assign(
        seeker=seeker, by=coordinator, caseworkers=[caseworker], lawyers=[lawyer]
    )
    services.seeker_assign(seeker=seeker, by=coordinator)  # None: leave both as they are
    assert _logged(seeker) == before


def test_edit_page_assigns_as_the_signed_in_user(
    client, coordinator, caseworker, lawyer, jane, seeker
):
    client.force_login(coordinator)
    url = reverse("cases:seeker_update", args=[seeker.reference])
    data = {
        "name_latin": seeker.name_latin,
        "custody_status": seeker.custody_status,
        "nationality": "RU",
        "caseworkers": [caseworker.pk],
        "lawyers": [jane.pk],
    }
    assert client.post(url, data)["Location"] == seeker.get_absolute_url()
    before = _logged(seeker)
    assert before[-1] == ("lawyers", [jane.pk], [lawyer.pk], coordinator)
    # The same form again: nothing changed, nothing logged.
    assert client.post(url, data)["Location"] == seeker.get_absolute_url()
    assert _logged(seeker) == before


@pytest.mark.parametrize("viewer", ["coordinator", "caseworker"])
def test_history_page_shows_who_changed_the_lawyers(
    request, client, viewer, colleague, lawyer, jane, seeker
):
    lawyer.first_name, lawyer.last_name = "John", "Roe"
    lawyer.save(update_fields=["first_name", "last_name"])
    services.seeker_assign(seeker=seeker, by=colleague, lawyers=[jane])
    response = _history(client, request.getfixturevalue(viewer), seeker)
    first = response.context["page"].object_list[0]
    assert (first.user, first.summary, first.record_label, first.action_label) == (
        colleague,
        "Lawyers: added Jane Doe; removed John Roe",
        "assignment",
        "changed",
    )
    page = response.content.decode()
    assert f"· {colleague.display_name} · Lawyers: added Jane Doe; removed John Roe</h2>" in page
    # Newest first, in the one list with the other changes: registration's rows below.
    assert page.index("added Jane Doe") < page.index("Lawyers: added John Roe")
    assert page.index("Lawyers: added John Roe") < page.index("Asylum seeker created")


def test_history_names_escape_markup(client, caseworker, colleague, seeker):
    odd = UserFactory(role=Role.LAWYER, username="odd", first_name="<b>Eve</b>", last_name="X")
    services.seeker_assign(seeker=seeker, by=colleague, lawyers=[odd])
    page = _history(client, caseworker, seeker).content.decode()
    assert "added &lt;b&gt;Eve&lt;/b&gt; X" in page and "<b>Eve" not in page


def test_history_of_a_case_assigned_before_the_audit_existed(client, caseworker, lawyer):
    """Older cases have people but no assignment rows: the page shows what it has, and the
    first audited change says exactly who was taken off."""
    seeker = AsylumSeekerFactory()
    AsylumSeeker.lawyers.through.objects.create(asylumseeker=seeker, user=lawyer)  # pre-audit
    AsylumSeeker.caseworkers.through.objects.create(asylumseeker=seeker, user=caseworker)
    response = _history(client, caseworker, seeker)
    assert [c.record_label for c in response.context["page"].object_list] == ["asylum seeker"]
    services.seeker_assign(seeker=seeker, by=caseworker, lawyers=[])
    first = _history(client, caseworker, seeker).context["page"].object_list[0]
    assert first.summary == f"Lawyers: removed {lawyer.display_name}"


def test_history_stays_404_for_a_lawyer_not_on_the_case(
    client, coordinator, lawyer, other_lawyer, seeker
):
    assert _history(client, other_lawyer, seeker).status_code == 404
    services.seeker_assign(seeker=seeker, by=coordinator, lawyers=[other_lawyer])
    assert _history(client, other_lawyer, seeker).status_code == 200
    assert _history(client, lawyer, seeker).status_code == 404  # taken off: sees nothing


def test_dashboard_recent_changes_include_assignments_by_others(
    client, caseworker, colleague, jane, seeker
):
    services.seeker_assign(seeker=seeker, by=colleague, lawyers=[jane])
    client.force_login(caseworker)
    changes = client.get(reverse("dashboard")).context["board"].changes
    latest = changes[0].change
    assert (latest.user, latest.record_label, latest.action_label, changes[0].seeker) == (
        colleague,
        "assignment",
        "changed",
        seeker,
    )


def test_admin_assignments_go_through_the_audited_service(
    client, coordinator, caseworker, lawyer, jane, seeker
):
    client.force_login(coordinator)
    url = reverse("admin:cases_asylumseeker_change", args=[seeker.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("caseworkers", "lawyers")
    }
    data |= {"caseworkers": [], "lawyers": [jane.pk]}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert _logged(seeker)[-2:] == [
        ("caseworkers", [], [caseworker.pk], coordinator),
        ("lawyers", [jane.pk], [lawyer.pk], coordinator),
    ]


def test_history_line_in_russian(colleague, lawyer, jane, seeker):
    services.seeker_assign(seeker=seeker, by=colleague, lawyers=[jane])
    with translation.override("ru"):
        first = case_history(seeker)[0]
        assert (first.summary, first.record_label, first.action_label) == (
            f"Адвокаты — добавлены: Jane Doe; сняты с дела: {lawyer.display_name}",
            "назначение",
            "— изменено",
        )
