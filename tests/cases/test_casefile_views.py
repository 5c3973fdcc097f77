"""Case-file pages (cases/casefile_views.py): who may ask for, see and download which file."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import enums
from cases.models import CaseFile
from caseworks.models import AccessLog
from tests.factories import AsylumSeekerFactory, CaseFileFactory

pytestmark = pytest.mark.django_db

Status = enums.CaseFileStatus
Edition = enums.CaseFileEdition


@pytest.fixture(autouse=True)
def _fresh_storage(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }


def _urls(seeker, casefile):
    ref = seeker.reference
    return {
        "list": reverse("cases:casefile_list", args=[ref]),
        "status": reverse("cases:casefile_status", args=[ref, casefile.pk]),
        "download": reverse("cases:casefile_download", args=[ref, casefile.pk]),
        "retry": reverse("cases:casefile_retry", args=[ref, casefile.pk]),
    }


def _editions_offered(response) -> list[str]:
    return [value for value, _label in response.context["form"].fields["edition"].choices]


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("coordinator", ["full", "redacted"]),
        ("caseworker", ["full", "redacted"]),
        ("lawyer", ["full", "lawyer", "redacted"]),
    ],
)
def test_list_offers_the_lawyer_edition_only_to_the_assigned_lawyer(
    client, request, seeker, user_fixture, expected
):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("cases:casefile_list", args=[seeker.reference]))

    assert response.status_code == 200
    assert _editions_offered(response) == expected
    page = response.content.decode()
    assert ('value="lawyer"' in page) is ("lawyer" in expected)


def test_request_returns_at_once_with_the_file_queued(
    client, seeker, caseworker, django_capture_on_commit_callbacks
):
    client.force_login(caseworker)
    url = reverse("cases:casefile_list", args=[seeker.reference])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, {"edition": "redacted"})

    assert response.status_code == 302
    assert response["Location"] == url
    casefile = CaseFile.objects.get()
    assert (casefile.seeker, casefile.edition, casefile.status, casefile.requested_by) == (
        seeker,
        Edition.REDACTED,
        Status.QUEUED,
        caseworker,
    )
    assert len(callbacks) == 1  # the task is sent after the commit, not rendered here
    page = client.get(url).content.decode()
    assert "The case file is being prepared." in page
    assert 'hx-trigger="every 2s"' in page
    assert ">Queued</span>" in page


@pytest.mark.parametrize("user_fixture", ["caseworker", "coordinator"])
def test_lawyer_edition_request_from_a_non_lawyer_is_403(client, request, seeker, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.post(
        reverse("cases:casefile_list", args=[seeker.reference]), {"edition": "lawyer"}
    )
    assert response.status_code == 403
    assert CaseFile.objects.count() == 0


def test_unknown_edition_is_a_form_error(client, seeker, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:casefile_list", args=[seeker.reference]), {"edition": "everything"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "edition": ["Select a valid choice. everything is not one of the available choices."]
    }
    assert CaseFile.objects.count() == 0


@pytest.mark.parametrize("edition", [Edition.FULL, Edition.LAWYER, Edition.REDACTED])
def test_unassigned_lawyer_gets_404_on_every_casefile_url(client, seeker, other_lawyer, edition):
    casefile = CaseFileFactory(seeker=seeker, edition=edition, ready=True)
    client.force_login(other_lawyer)
    urls = _urls(seeker, casefile)

    assert client.get(urls["list"]).status_code == 404
    assert client.post(urls["list"], {"edition": "full"}).status_code == 404
    assert client.get(urls["status"]).status_code == 404
    assert client.get(urls["download"]).status_code == 404
    assert client.post(urls["retry"]).status_code == 404
    assert AccessLog.objects.count() == 0
    assert CaseFile.objects.count() == 1


def test_monitor_gets_403_on_every_casefile_url(client, seeker, monitor):
    casefile = CaseFileFactory(seeker=seeker, ready=True)
    client.force_login(monitor)
    urls = _urls(seeker, casefile)

    for url in urls.values():
        assert client.get(url).status_code in (403, 405), url
    assert client.get(urls["download"]).status_code == 403
    assert client.post(urls["list"], {"edition": "redacted"}).status_code == 403
    assert client.post(urls["retry"]).status_code == 403
    assert client.get(reverse("cases:casefile_all")).status_code == 403


@pytest.mark.parametrize("user_fixture", ["caseworker", "coordinator"])
def test_lawyer_edition_is_invisible_to_everyone_but_the_case_lawyers(
    client, request, seeker, user_fixture
):
    casefile = CaseFileFactory(seeker=seeker, edition=Edition.LAWYER, ready=True)
    full = CaseFileFactory(seeker=seeker, ready=True)
    client.force_login(request.getfixturevalue(user_fixture))
    urls = _urls(seeker, casefile)

    listed = client.get(urls["list"]).context["page"].object_list
    assert [c.pk for c in listed] == [full.pk]
    assert [c.pk for c in client.get(reverse("cases:casefile_all")).context["page"]] == [full.pk]
    assert client.get(urls["download"]).status_code == 404
    assert client.get(urls["status"]).status_code == 404


def test_download_is_a_logged_pdf_attachment(client, seeker, lawyer):
    casefile = CaseFileFactory(seeker=seeker, edition=Edition.LAWYER, ready=True)
    client.force_login(lawyer)

    response = client.get(_urls(seeker, casefile)["download"])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (f'attachment; filename="{casefile.download_name}"')
    assert casefile.download_name == (
        f"casefile-{seeker.reference}-lawyer-"
        f"{timezone.localtime(casefile.requested_at):%Y%m%d-%H%M}.pdf"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 stand-in"
    log = AccessLog.objects.get()
    assert (log.user, log.action, log.seeker_id, log.object_type, log.object_id) == (
        lawyer,
        AccessLog.Action.DOWNLOAD_CASEFILE,
        seeker.pk,
        "cases.CaseFile",
        casefile.pk,
    )


def test_redacted_download_is_named_by_the_pseudonym(client, seeker, caseworker):
    casefile = CaseFileFactory(seeker=seeker, edition=Edition.REDACTED, ready=True)
    client.force_login(caseworker)
    response = client.get(_urls(seeker, casefile)["download"])
    assert seeker.pseudonym in response["Content-Disposition"]
    assert seeker.reference not in response["Content-Disposition"]


@pytest.mark.parametrize("status", [Status.QUEUED, Status.RENDERING, Status.FAILED])
def test_download_of_a_file_not_ready_is_404(client, seeker, caseworker, status):
    casefile = CaseFileFactory(seeker=seeker)
    CaseFile.objects.filter(pk=casefile.pk).update(status=status, started_at=casefile.queued_at)
    client.force_login(caseworker)
    assert client.get(_urls(seeker, casefile)["download"]).status_code == 404
    assert AccessLog.objects.count() == 0


def test_casefile_of_another_case_is_404_under_this_reference(client, seeker, caseworker):
    other = CaseFileFactory(seeker=AsylumSeekerFactory(), ready=True)
    client.force_login(caseworker)
    response = client.get(reverse("cases:casefile_download", args=[seeker.reference, other.pk]))
    assert response.status_code == 404


def test_status_partial_polls_while_pending_and_stops_when_done(client, seeker, caseworker):
    casefile = CaseFileFactory(seeker=seeker)
    client.force_login(caseworker)
    url = _urls(seeker, casefile)["status"]

    pending = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in pending
    assert ">Queued</span>" in pending

    CaseFile.objects.filter(pk=casefile.pk).update(
        status=Status.RENDERING, started_at=casefile.queued_at
    )
    assert "Rendering</span>" in client.get(url).content.decode()

    CaseFile.objects.filter(pk=casefile.pk).update(status=Status.FAILED, error="Took too long.")
    failed = client.get(url).content.decode()
    assert "hx-trigger" not in failed
    assert "Took too long." in failed
    assert ">Try again</button>" in failed

    ready = CaseFileFactory(seeker=seeker, ready=True)
    done = client.get(_urls(seeker, ready)["status"]).content.decode()
    assert "hx-trigger" not in done
    assert _urls(seeker, ready)["download"] in done
    assert "1 page · 17\xa0bytes" in done


def test_download_counts_are_shown_to_coordinators_only(client, seeker, caseworker, coordinator):
    casefile = CaseFileFactory(seeker=seeker, ready=True)
    urls = _urls(seeker, casefile)
    client.force_login(coordinator)
    assert "Not downloaded yet" in client.get(urls["list"]).content.decode()
    client.force_login(caseworker)
    client.get(urls["download"])
    client.get(urls["download"])
    page = client.get(urls["list"]).content.decode()
    assert "Downloaded" not in page and "Not downloaded" not in page

    client.force_login(coordinator)
    page = client.get(urls["list"]).content.decode()
    assert "Downloaded 2 times, last " in page
    assert " by cw" in page
    assert f"?q={seeker.pk}" in page  # the access-log link


def test_retry_requeues_and_returns_to_a_safe_next_only(client, seeker, caseworker):
    casefile = CaseFileFactory(seeker=seeker, status=Status.FAILED, error="x")
    client.force_login(caseworker)
    urls = _urls(seeker, casefile)

    response = client.post(urls["retry"], {"next": "https://evil.example/"})
    assert response["Location"] == urls["list"]
    casefile.refresh_from_db()
    assert (casefile.status, casefile.error) == (Status.QUEUED, "")

    CaseFile.objects.filter(pk=casefile.pk).update(status=Status.FAILED)
    response = client.post(urls["retry"], {"next": reverse("cases:casefile_all")})
    assert response["Location"] == reverse("cases:casefile_all")


def test_all_casefiles_shows_a_lawyer_only_their_cases(client, seeker, lawyer):
    mine = CaseFileFactory(seeker=seeker, ready=True)
    CaseFileFactory(seeker=AsylumSeekerFactory(), ready=True)
    client.force_login(lawyer)

    response = client.get(reverse("cases:casefile_all"))

    assert [c.pk for c in response.context["page"]] == [mine.pk]
    assert seeker.name_latin in response.content.decode()


@pytest.mark.parametrize("files", [1, 5])
def test_casefile_list_queries_do_not_grow(
    client, seeker, coordinator, files, django_assert_max_num_queries
):
    CaseFileFactory.create_batch(files, seeker=seeker, ready=True, requested_by=coordinator)
    client.force_login(coordinator)
    # session, user, seeker, count, case files (download counts as subqueries), and the
    # session save (savepoint, update, release: SESSION_SAVE_EVERY_REQUEST)
    with django_assert_max_num_queries(9):  # +1: the unread-alert badge
        response = client.get(reverse("cases:casefile_list", args=[seeker.reference]))
    assert len(response.context["page"].object_list) == files


@pytest.mark.parametrize("cases", [1, 5])
def test_all_casefiles_queries_do_not_grow(client, lawyer, cases, django_assert_max_num_queries):
    for _ in range(cases):
        CaseFileFactory(seeker=AsylumSeekerFactory(lawyers=[lawyer]), ready=True)
        CaseFileFactory(
            seeker=AsylumSeekerFactory(lawyers=[lawyer]), edition=Edition.LAWYER, ready=True
        )
    client.force_login(lawyer)
    # session, user, count, case files, and the session save (savepoint, update, release)
    with django_assert_max_num_queries(8):  # +1: the unread-alert badge
        response = client.get(reverse("cases:casefile_all"))
    assert len(response.context["page"].object_list) == 2 * cases
