"""Upload of observation logs: the request stores the file and queues the import; the
page then shows the run's report (polled with htmx while it runs)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseworks.access import FLIGHT_ROLES, role_required

from ..forms import FlightImportForm
from ..import_runs import flight_import_repeat, flight_import_start
from ..models import FlightImport
from .flights import PAGE_SIZE


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def import_create(request):
    form = FlightImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = flight_import_start(
            upload=form.cleaned_data["file"],
            observed_at=form.cleaned_data["observed_at"],
            export_date=form.cleaned_data["export_date"],
            dry_run="preview" in request.POST,
            by=request.user,
        )
        return redirect(run)
    recent = Paginator(FlightImport.objects.select_related("created_by"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "deportation/import_form.html", {"form": form, "page": recent})


@require_GET
@role_required(*FLIGHT_ROLES)
def import_detail(request, pk: int):
    run = get_object_or_404(FlightImport.objects.select_related("created_by"), pk=pk)
    template = (
        "deportation/includes/import_report.html"
        if request.htmx
        else "deportation/import_detail.html"
    )
    return render(request, template, {"run": run, "report": run.report})


@require_POST
@role_required(*FLIGHT_ROLES)
def import_repeat(request, pk: int):
    run = get_object_or_404(FlightImport, pk=pk, dry_run=True)
    again = flight_import_repeat(run=run, by=request.user)
    messages.info(request, _("Importing %(name)s for real.") % {"name": run.original_name})
    return redirect(again)
