"""Facilities, and the detention records of a person: stays and transfers."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import AsylumSeeker
from caseworks.access import CASE_ROLES, get_visible_or_404, role_required
from caseworks.editing import delete_page, form_page

from . import services
from .forms import StayForm, TransferForm, facility_label
from .models import DetentionStay, Facility

PAGE_SIZE = 50
SUGGESTIONS = 20


def _facility_search(query: str):
    facilities = Facility.objects.all()
    # No stored text holds a NUL, and PostgreSQL refuses one in a parameter (a 500).
    for word in query.replace("\x00", " ").split():
        facilities = facilities.filter(
            Q(code__icontains=word)
            | Q(name__icontains=word)
            | Q(city__icontains=word)
            | Q(state__iexact=word)
        )
    return facilities


@require_GET
@role_required(*CASE_ROLES)
def facility_list(request):
    query = request.GET.get("q", "").strip()
    page = Paginator(_facility_search(query), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "detention/facility_list.html",
        {"page": page, "q": query, "query_string": f"q={query}" if query else ""},
    )


@require_GET
@role_required(*CASE_ROLES)
def facility_search(request):
    """Suggestions for the facility box of the stay and transfer forms (htmx, <option>s)."""
    query = " ".join(v for k, v in request.GET.items() if k != "page").strip()
    facilities = _facility_search(query.split("—", 1)[0])[:SUGGESTIONS] if query else []
    return render(
        request,
        "detention/facility_options.html",
        {"options": [facility_label(f) for f in facilities]},
    )


@require_GET
@role_required(*CASE_ROLES)
def facility_detail(request, code: str):
    """A facility and the people we know of who are, or were, held there."""
    facility = get_object_or_404(Facility, code=code)
    stays = (
        DetentionStay.objects.visible_to(request.user)
        .filter(facility=facility)
        .select_related("seeker")
        .order_by(F("ended_on").desc(nulls_first=True), "-started_on", "pk")
    )
    page = Paginator(stays, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [(stay, stay.days(today)) for stay in page.object_list]
    return render(
        request,
        "detention/facility_detail.html",
        {"facility": facility, "page": page, "rows": rows},
    )


def _seeker(request, reference: str) -> AsylumSeeker:
    return get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def stay_create(request, reference: str):
    seeker = _seeker(request, reference)
    form = StayForm(request.POST or None)
    return form_page(
        request,
        form,
        save=lambda data: services.stay_start(seeker=seeker, by=request.user, **data),
        template="detention/detentionstay_form.html",
        context={"seeker": seeker, "title": _("Record detention")},
        success_url=f"{seeker.get_absolute_url()}#detention",
        success_message=_("Detention recorded."),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def stay_update(request, reference: str, pk: int):
    seeker = _seeker(request, reference)
    stay = get_visible_or_404(DetentionStay.objects.filter(seeker=seeker), request.user, pk=pk)
    form = StayForm(request.POST or None, instance=stay)
    return form_page(
        request,
        form,
        save=lambda data: services.stay_update(stay=stay, by=request.user, **data),
        template="detention/detentionstay_form.html",
        context={"seeker": seeker, "title": _("Correct a detention stay")},
        success_url=f"{seeker.get_absolute_url()}#detention",
        success_message=_("Saved."),
    )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def stay_transfer(request, reference: str):
    """Record a transfer in one step; say when it changes the court of appeals or ICE office."""
    seeker = _seeker(request, reference)
    current = DetentionStay.objects.current().filter(seeker=seeker).select_related("facility")
    current = current.first()
    form = TransferForm(request.POST or None)

    def save(data):
        transfer = services.stay_transfer(
            seeker=seeker,
            facility=data["facility"],
            on=data["on"],
            reason=data["reason"],
            notice_given=data["notice_given"],
            by=request.user,
        )
        _warn_about_consequences(request, transfer)
        return transfer

    return form_page(
        request,
        form,
        save=save,
        template="detention/stay_transfer.html",
        context={"seeker": seeker, "current": current, "title": _("Record a transfer")},
        success_url=f"{seeker.get_absolute_url()}#detention",
        success_message=_("Transfer recorded."),
    )


def _warn_about_consequences(request, transfer: services.Transfer) -> None:
    before, after = transfer.previous.facility, transfer.current.facility
    if transfer.circuit_changed:
        messages.warning(
            request,
            _(
                "This move changes the federal circuit (%(before)s → %(after)s): a petition for "
                "review may now go to a different court of appeals, under that circuit's law."
            )
            % {"before": before.circuit or "?", "after": after.circuit or "?"},
        )
    if transfer.aor_changed:
        messages.warning(
            request,
            _(
                "This move changes the ICE area of responsibility (%(before)s → %(after)s): "
                "local counsel may no longer reach the client. Tell the lawyer."
            )
            % {"before": before.aor or "?", "after": after.aor or "?"},
        )


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def stay_delete(request, reference: str, pk: int):
    """Delete a stay typed by mistake (`services.stay_delete`; the page says what follows)."""
    seeker = _seeker(request, reference)
    stay = get_visible_or_404(
        DetentionStay.objects.filter(seeker=seeker).select_related("facility"),
        request.user,
        pk=pk,
    )
    effects = [_("Days in detention and “detained since” are recounted from the stays left.")]
    reopened = services.transfer_undone_by_deleting(stay)
    if reopened is not None:
        effects.append(
            _(
                "A transfer opened this stay, so the transfer is undone: the stay at "
                "%(facility)s is open again."
            )
            % {"facility": reopened.facility.name}
        )
    return delete_page(
        request,
        delete=lambda: services.stay_delete(stay=stay, by=request.user),
        refusals=[],
        context={
            "seeker": seeker,
            "title": _("Delete detention stay"),
            "question": _("Delete the stay at %(facility)s from %(start)s?")
            % {"facility": stay.facility.name, "start": stay.started_on.isoformat()},
            "effects": effects,
            "cancel_url": reverse("detention:stay_update", args=[seeker.reference, stay.pk]),
        },
        success_url=f"{seeker.get_absolute_url()}#detention",
        success_message=_("Detention stay deleted."),
    )
