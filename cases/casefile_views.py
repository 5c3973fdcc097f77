"""Case-file pages: request a PDF, watch it being prepared, download it (DESIGN.md section 6).

Thin views: every case file is fetched through `CaseFile.objects.visible_to(user)` (which also
hides lawyer editions from everyone but the case's lawyers), every write is a service in
`cases.services`, and the rendering happens in a Celery worker, never here.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseworks.access import (
    CASE_ROLES,
    get_visible_or_404,
    may_read_privileged,
    may_view_access_log,
    role_required,
)
from caseworks.audit import log_access
from caseworks.models import AccessLog

from . import services
from .enums import CaseFileEdition, CaseFileStatus
from .models import AsylumSeeker, CaseFile

PAGE_SIZE = 50

EDITION_HELP = {
    CaseFileEdition.FULL: gettext_lazy(
        "Everything on record except privileged notes. For the organization and the "
        "person's counsel."
    ),
    CaseFileEdition.LAWYER: gettext_lazy(
        "The full file plus the privileged notes. Only for the lawyers assigned to this case."
    ),
    CaseFileEdition.REDACTED: gettext_lazy(
        "No name, A-number, date of birth, addresses, family, staff names or notes: the "
        "pseudonym instead. For flight monitors, journalists or another organization."
    ),
}


def allowed_editions(user, seeker: AsylumSeeker) -> list[str]:
    """The editions `user` may ask for: the lawyer edition only for the case's lawyers."""
    return [
        edition
        for edition in CaseFileEdition.values
        if edition != CaseFileEdition.LAWYER or may_read_privileged(user, seeker)
    ]


class CaseFileRequestForm(forms.Form):
    edition = forms.ChoiceField(label=gettext_lazy("Edition"), widget=forms.RadioSelect)

    def __init__(self, *args, editions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["edition"]
        field.choices = [
            (e, f"{CaseFileEdition(e).label} — {EDITION_HELP[CaseFileEdition(e)]}")
            for e in editions
        ]
        field.initial = CaseFileEdition.FULL


def _rows(queryset, user):
    """Case files with what their rows show; download counts for coordinators only."""
    queryset = queryset.select_related("seeker", "requested_by")
    if may_view_access_log(user):
        queryset = queryset.with_downloads()
    return queryset


def _row_context(request, *, show_person: bool) -> dict:
    return {
        "show_downloads": may_view_access_log(request.user),
        "show_person": show_person,
        "next_url": request.get_full_path(),
    }


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def casefile_list(request, reference: str):
    """One person's case files: the request form and every version rendered so far."""
    seeker = get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)
    editions = allowed_editions(request.user, seeker)
    if request.method == "POST":
        if request.POST.get("edition") in CaseFileEdition.values and (
            request.POST["edition"] not in editions
        ):
            raise PermissionDenied
        form = CaseFileRequestForm(request.POST, editions=editions)
        if form.is_valid():
            services.casefile_request(
                seeker=seeker, edition=form.cleaned_data["edition"], by=request.user
            )
            messages.success(
                request,
                _("The case file is being prepared. It appears below when it is ready."),
            )
            return redirect("cases:casefile_list", reference=seeker.reference)
    else:
        form = CaseFileRequestForm(editions=editions)
    casefiles = _rows(CaseFile.objects.visible_to(request.user).filter(seeker=seeker), request.user)
    page = Paginator(casefiles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/casefile_list.html",
        {"seeker": seeker, "form": form, "page": page, **_row_context(request, show_person=False)},
    )


@require_GET
@role_required(*CASE_ROLES)
def casefile_all(request):
    """Every case file the user may see, newest first (a lawyer: their cases only)."""
    casefiles = _rows(CaseFile.objects.visible_to(request.user), request.user)
    page = Paginator(casefiles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/casefile_all.html",
        {"page": page, **_row_context(request, show_person=True)},
    )


def _get_casefile(request, reference: str, pk: int, **lookup) -> CaseFile:
    queryset = _rows(CaseFile.objects.all(), request.user)
    return get_visible_or_404(queryset, request.user, pk=pk, seeker__reference=reference, **lookup)


@require_GET
@role_required(*CASE_ROLES)
def casefile_status(request, reference: str, pk: int):
    """One row, polled by htmx every 2 s while the file is queued or rendering."""
    casefile = _get_casefile(request, reference, pk)
    context = _row_context(request, show_person=request.GET.get("person") == "1")
    context["next_url"] = request.GET.get("next", "")
    return render(request, "cases/includes/casefile_row.html", {"casefile": casefile, **context})


@require_GET
@role_required(*CASE_ROLES)
def casefile_download(request, reference: str, pk: int):
    """The PDF as an attachment; every download goes into the access log."""
    casefile = _get_casefile(request, reference, pk, status=CaseFileStatus.READY)
    handle = casefile.file.open("rb")
    log_access(
        user=request.user,
        action=AccessLog.Action.DOWNLOAD_CASEFILE,
        seeker_id=casefile.seeker_id,
        obj=casefile,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=casefile.download_name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@role_required(*CASE_ROLES)
def casefile_retry(request, reference: str, pk: int):
    casefile = _get_casefile(request, reference, pk)
    services.casefile_retry(casefile=casefile, by=request.user)
    messages.info(request, _("The case file is queued again."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("cases:casefile_list", reference=reference)
    return redirect(target)
