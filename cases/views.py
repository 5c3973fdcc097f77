"""Case screens: the people list, a person's page and history, and the forms of every record.

Thin views: every case object comes through `get_visible_or_404` (another case's object is a
404), every write through a service in `cases.services` via `caseworks.editing.form_page`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from caseworks.access import CASE_ROLES, STAFF_ROLES, get_visible_or_404, role_required
from caseworks.audit import log_access
from caseworks.editing import form_page
from caseworks.models import AccessLog

from . import forms, queries, services
from .filters import SeekerFilter
from .history import case_history
from .identifiers import a_number_or_none
from .models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Document,
    Hearing,
    HomeCountryCharge,
)

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 25


def _seeker(request, reference: str) -> AsylumSeeker:
    return get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@role_required(*CASE_ROLES)
def seeker_list(request):
    seekers = AsylumSeeker.objects.visible_to(request.user)
    filterset = SeekerFilter(request.GET, queryset=seekers, request=request)
    # Filter, count and sort the plain table; the case facts are fetched for the page only.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = queries.page_rows(page.object_list, timezone.localdate())
    return render(
        request,
        "cases/seeker_list.html",
        {
            "page": page,
            "filter": filterset,
            "query_string": _query_string(request),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        },
    )


@require_GET
@role_required(*CASE_ROLES)
def seeker_detail(request, reference: str):
    seeker = _seeker(request, reference)
    log_access(user=request.user, action=AccessLog.Action.VIEW_CASE, seeker_id=seeker.pk)
    today = timezone.localdate()
    records = queries.case_records(seeker)
    return render(
        request,
        "cases/seeker_detail.html",
        {
            "seeker": seeker,
            "records": records,
            "header": queries.seeker_header(records, today),
            "chronology": queries.chronology(records),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(*STAFF_ROLES)
def seeker_create(request):
    """Register a person, warning first about people who may be the same one."""
    form = forms.SeekerCreateForm(request.POST or None, user=request.user)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = queries.possible_duplicates(
            request.user,
            a_number=data["a_number"],
            names=(data["name_latin"], data["name_original"], data["aliases"]),
            date_of_birth=data["date_of_birth"],
        )
        if not duplicates or data["confirm_duplicates"]:

            def save(data):
                data = {k: v for k, v in data.items() if k != "confirm_duplicates"}
                return services.seeker_register(by=request.user, **data)

            return form_page(
                request,
                form,
                save=save,
                template="cases/seeker_form.html",
                context={"title": _("Register a person")},
                success_url=lambda seeker: seeker.get_absolute_url(),
                success_message=_("Registered."),
            )
    elif request.method == "POST" and "a_number" in form.errors:
        # The database refuses a second person with one A-number: show who has it.
        number = a_number_or_none(request.POST.get("a_number", ""))
        if number:
            duplicates = queries.possible_duplicates(
                request.user, a_number=number, names=(), date_of_birth=None
            )
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "cases/seeker_form.html",
        {"form": form, "duplicates": duplicates, "title": _("Register a person")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def seeker_update(request, reference: str):
    seeker = _seeker(request, reference)
    form = forms.SeekerForm(request.POST or None, instance=seeker, user=request.user)

    def save(data):
        caseworkers, lawyers = data.pop("caseworkers", None), data.pop("lawyers", None)
        if caseworkers is not None or lawyers is not None:
            services.seeker_assign(
                seeker=seeker, by=request.user, caseworkers=caseworkers, lawyers=lawyers
            )
        return services.seeker_update(seeker=seeker, by=request.user, **data)

    return form_page(
        request,
        form,
        save=save,
        template="cases/seeker_form.html",
        context={"seeker": seeker, "title": _("Edit person")},
        success_url=seeker.get_absolute_url(),
        success_message=_("Saved."),
    )


@require_GET
@role_required(*CASE_ROLES)
def seeker_history(request, reference: str):
    seeker = _seeker(request, reference)
    page = Paginator(case_history(seeker), HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/seeker_history.html", {"seeker": seeker, "page": page})


# --- The records of a case: one registry, two generic views ------------------------------


@dataclass(frozen=True)
class RecordKind:
    slug: str  # in the URL and the URL names (<slug>_create, <slug>_update)
    model: type[models.Model]
    form: type
    create: Callable
    update: Callable
    update_arg: str  # the update service's keyword for the object
    section: str  # where it is shown on the person page
    create_title: str
    update_title: str
    created_message: str
    scoped_form: bool = False  # the form offers other records of the same case
    multipart: bool = False


RECORD_KINDS = {
    kind.slug: kind
    for kind in [
        RecordKind(
            "contact-person",
            ContactPerson,
            forms.ContactPersonForm,
            services.contact_person_add,
            services.contact_person_update,
            "contact_person",
            "contact-persons",
            _("Add a family member or contact"),
            _("Edit contact person"),
            _("Contact person added."),
        ),
        RecordKind(
            "hearing",
            Hearing,
            forms.HearingForm,
            services.hearing_schedule,
            services.hearing_update,
            "hearing",
            "hearings",
            _("Add a hearing"),
            _("Edit hearing"),
            _("Hearing added."),
        ),
        RecordKind(
            "appeal",
            Appeal,
            forms.AppealForm,
            services.appeal_file,
            services.appeal_update,
            "appeal",
            "appeals",
            _("Add an appeal, motion or petition"),
            _("Edit appeal or motion"),
            _("Appeal or motion added."),
            scoped_form=True,
        ),
        RecordKind(
            "charge",
            HomeCountryCharge,
            forms.ChargeForm,
            services.charge_add,
            services.charge_update,
            "charge",
            "charges",
            _("Add a charge at home"),
            _("Edit home-country charge"),
            _("Charge at home added."),
            scoped_form=True,
        ),
        RecordKind(
            "contact",
            ContactLog,
            forms.ContactLogForm,
            services.contact_log,
            services.contact_log_update,
            "contact",
            "contacts",
            _("Log a call or visit"),
            _("Edit contact"),
            _("Contact logged."),
        ),
        RecordKind(
            "document",
            Document,
            forms.DocumentForm,
            services.document_upload,
            services.document_update,
            "document",
            "documents",
            _("Upload a document"),
            _("Edit document details"),
            _("Document uploaded."),
            multipart=True,
        ),
    ]
}


def _record_form(kind: RecordKind, request, seeker, instance=None):
    kwargs = {"instance": instance}
    if kind.scoped_form:
        kwargs["seeker"] = seeker
    files = request.FILES if kind.multipart else None
    return kind.form(request.POST or None, files, **kwargs)


def _record_page(request, kind: RecordKind, seeker, form, *, save, title, message):
    return form_page(
        request,
        form,
        save=save,
        template=f"cases/{kind.model._meta.model_name}_form.html",
        context={
            "seeker": seeker,
            "kind": kind,
            "title": title,
            "max_size": settings.DOCUMENT_MAX_BYTES,
        },
        success_url=f"{seeker.get_absolute_url()}#{kind.section}",
        success_message=message,
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def record_create(request, reference: str, kind: str):
    kind = RECORD_KINDS[kind]
    seeker = _seeker(request, reference)
    form = _record_form(kind, request, seeker)
    return _record_page(
        request,
        kind,
        seeker,
        form,
        save=lambda data: kind.create(seeker=seeker, by=request.user, **data),
        title=kind.create_title,
        message=kind.created_message,
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def record_update(request, reference: str, kind: str, pk: int):
    kind = RECORD_KINDS[kind]
    seeker = _seeker(request, reference)
    obj = get_visible_or_404(kind.model.objects.filter(seeker=seeker), request.user, pk=pk)
    form = _record_form(kind, request, seeker, instance=obj)
    return _record_page(
        request,
        kind,
        seeker,
        form,
        save=lambda data: kind.update(**{kind.update_arg: obj}, by=request.user, **data),
        title=kind.update_title,
        message=_("Saved."),
    )


def record_urls() -> list:
    """`<slug>_create` and `<slug>_update` for every kind of record (used by cases/urls.py)."""
    patterns = []
    for slug in RECORD_KINDS:
        name = slug.replace("-", "_")
        patterns += [
            path(
                f"<str:reference>/{slug}/new/",
                record_create,
                {"kind": slug},
                name=f"{name}_create",
            ),
            path(
                f"<str:reference>/{slug}/<int:pk>/edit/",
                record_update,
                {"kind": slug},
                name=f"{name}_update",
            ),
        ]
    return patterns


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def hearing_decision(request, reference: str, pk: int):
    """Record a judge's decision (`cases.services.hearing_record_decision`)."""
    seeker = _seeker(request, reference)
    hearing = get_visible_or_404(Hearing.objects.filter(seeker=seeker), request.user, pk=pk)
    form = forms.DecisionForm(request.POST or None, instance=hearing)
    return form_page(
        request,
        form,
        save=lambda data: services.hearing_record_decision(
            hearing=hearing, by=request.user, **data
        ),
        template="cases/hearing_decision.html",
        context={"seeker": seeker, "hearing": hearing},
        success_url=f"{seeker.get_absolute_url()}#hearing-{hearing.pk}",
        success_message=_("Decision recorded."),
    )


@require_GET
@role_required(*CASE_ROLES)
def document_download(request, reference: str, pk: int):
    """Stream one piece of evidence, as an attachment, to someone who may see the case."""
    seeker = _seeker(request, reference)
    document = get_visible_or_404(Document.objects.filter(seeker=seeker), request.user, pk=pk)
    log_access(
        user=request.user,
        action=AccessLog.Action.DOWNLOAD_DOCUMENT,
        seeker_id=seeker.pk,
        obj=document,
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
