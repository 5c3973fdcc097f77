"""Case pages about privacy: privileged notes, the access log, data-subject export and
erasure, and the retention review. Access rules come from caseworks.access; services from
cases.privacy.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from caseworks import access
from caseworks.access import CASE_ROLES, Role, get_visible_or_404, role_required
from caseworks.audit import log_access
from caseworks.models import AccessLog, DataExport

from . import privacy
from .forms_privacy import EraseConfirmForm, PrivilegedNoteForm
from .models import AsylumSeeker, PrivilegedNote

PAGE_SIZE = 50


def _seeker(request, reference: str) -> AsylumSeeker:
    return get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)


def _seeker_for_privileged_notes(request, reference: str) -> AsylumSeeker:
    """404 for a case the user cannot see; 403 for one they see but whose notes are
    privileged from them (coordinators, caseworkers, i.e. everyone but its lawyers)."""
    seeker = _seeker(request, reference)
    if not access.can_read_privileged_notes(request.user, seeker):
        raise PermissionDenied
    return seeker


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def privileged_notes(request, reference: str):
    seeker = _seeker_for_privileged_notes(request, reference)
    form = PrivilegedNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        privacy.privileged_note_add(seeker=seeker, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The note is saved."))
        return redirect("cases:privileged_notes", reference=seeker.reference)
    notes = (
        PrivilegedNote.objects.visible_to(request.user)
        .filter(seeker=seeker)
        .select_related("author")
    )
    page = Paginator(notes, PAGE_SIZE).get_page(request.GET.get("page"))
    # The case's notes are readable here, so authorship alone decides editing.
    editable = {note.pk for note in page.object_list if access.is_note_author(request.user, note)}
    log_access(
        user=request.user,
        action=AccessLog.Action.VIEW_CASE,
        seeker_id=seeker.pk,
        detail="privileged notes",
    )
    return render(
        request,
        "cases/privileged_note_list.html",
        {"seeker": seeker, "page": page, "form": form, "editable": editable},
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def privileged_note_edit(request, reference: str, pk: int):
    seeker = _seeker_for_privileged_notes(request, reference)
    note = get_visible_or_404(PrivilegedNote.objects.filter(seeker=seeker), request.user, pk=pk)
    note.seeker = seeker
    if not access.can_edit_privileged_note(request.user, note):
        raise PermissionDenied
    form = PrivilegedNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        privacy.privileged_note_update(note=note, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("The note is saved."))
        return redirect("cases:privileged_notes", reference=seeker.reference)
    return render(
        request, "cases/privileged_note_form.html", {"seeker": seeker, "note": note, "form": form}
    )


@require_GET
@role_required(Role.COORDINATOR)
def seeker_access_log(request, reference: str):
    """Who looked at this case, downloaded its files or exported it, and when."""
    seeker = _seeker(request, reference)
    entries = AccessLog.objects.filter(seeker_id=seeker.pk).select_related("user")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/seeker_access_log.html", {"seeker": seeker, "page": page})


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def seeker_export(request, reference: str):
    """Data-subject export: request one (built in the background) and download it."""
    seeker = _seeker(request, reference)
    if request.method == "POST":
        privacy.data_export_request(seeker=seeker, by=request.user)
        messages.info(request, _("The export is being prepared. This page shows when it is ready."))
        return redirect("cases:seeker_export", reference=seeker.reference)
    exports = DataExport.objects.filter(seeker_id=seeker.pk).select_related("requested_by")[:10]
    pending = any(
        e.status in (DataExport.Status.QUEUED, DataExport.Status.BUILDING) for e in exports
    )
    return render(
        request,
        "cases/seeker_export.html",
        {
            "seeker": seeker,
            "exports": exports,
            "pending": pending,
            "keep_days": settings.DATA_EXPORT_KEEP_DAYS,
        },
    )


@require_GET
@role_required(Role.COORDINATOR)
def seeker_export_download(request, reference: str, pk: int):
    seeker = _seeker(request, reference)
    export = DataExport.objects.filter(
        pk=pk, seeker_id=seeker.pk, status=DataExport.Status.READY
    ).first()
    if export is None or not export.file:
        raise Http404
    log_access(
        user=request.user,
        action=AccessLog.Action.EXPORT,
        seeker_id=seeker.pk,
        obj=export,
        detail="downloaded",
    )
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=f"{seeker.reference}-data-export-{timezone.localdate():%Y%m%d}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def seeker_erase(request, reference: str):
    """Erase or anonymize a person: a confirmation page where the reference is typed."""
    seeker = _seeker(request, reference)
    form = EraseConfirmForm(request.POST or None, expected=seeker.reference)
    if request.method == "POST" and form.is_valid():
        privacy.seeker_erase(seeker=seeker, by=request.user)
        messages.success(
            request,
            _("The person is erased. The case remains as %(pseudonym)s for statistics.")
            % {"pseudonym": seeker.pseudonym},
        )
        return redirect("cases:seeker_access_log", reference=seeker.reference)
    return render(
        request,
        "cases/seeker_erase.html",
        {"seeker": seeker, "form": form, "erased": privacy.is_erased(seeker)},
    )


@require_GET
@role_required(Role.COORDINATOR)
def retention_review(request):
    """Cases closed longer ago than RETENTION_YEARS: review, then export and erase."""
    today = timezone.localdate()
    seekers = privacy.seeker_retention_due(today=today)
    page = Paginator(seekers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/retention_review.html",
        {"page": page, "cutoff": privacy.retention_cutoff(today)},
    )
