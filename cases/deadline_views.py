"""Deadline screens: a case's deadlines, one-click met / not applicable, manual deadlines,
and the coordinators' closure days. Thin: form -> service -> redirect (or the card for htmx)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from caseworks.access import CASE_ROLES, Role, get_visible_or_404, role_required
from caseworks.audit import log_access
from caseworks.models import AccessLog

from . import deadline_services
from .deadline_forms import (
    ClosureDayForm,
    DeadlineMetForm,
    DeadlineNotApplicableForm,
    ManualDeadlineForm,
    ReopenForm,
)
from .enums import DeadlineStatus
from .models import AsylumSeeker, ClosureDay, Deadline

PAGE_SIZE = 50
CLOSURE_MOVES_KEY = "closure_day_moves"


def _stay_on(stays: list, day: date | None):
    """The detention stay that covered `day`, else the last one before it, else the last."""
    if day:
        for stay in reversed(stays):
            if stay.started_on <= day and (stay.ended_on is None or stay.ended_on >= day):
                return stay
        earlier = [stay for stay in stays if stay.started_on <= day]
        if earlier:
            return earlier[-1]
    return stays[-1] if stays else None


def _with_venue(deadlines: list[Deadline], seeker: AsylumSeeker) -> list[Deadline]:
    """Petitions for review go to the circuit where the judge completed proceedings
    (8 U.S.C. 1252(b)(2)): the facility where the person was held on the judge's decision."""
    if any(d.rule == "pfr" for d in deadlines):
        stays = list(seeker.detention_stays.select_related("facility").order_by("started_on"))
        for deadline in deadlines:
            if deadline.rule == "pfr":
                hearing = deadline.appeal.hearing if deadline.appeal else None
                deadline.venue_stay = _stay_on(stays, hearing and hearing.decision_date)
    return deadlines


def _deadline_context(request, seeker: AsylumSeeker) -> dict:
    deadlines = (
        Deadline.objects.filter(seeker=seeker)
        .select_related("appeal__hearing", "hearing")
        .alias(
            closed=Case(
                When(status=DeadlineStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "file_by", "pk")
    )
    page = Paginator(deadlines, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _with_venue(list(page.object_list), seeker)
    return {"seeker": seeker, "page": page, "today": timezone.localdate()}


@require_http_methods(["GET"])
@role_required(*CASE_ROLES)
def seeker_deadlines(request, reference: str):
    seeker = get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)
    log_access(
        user=request.user,
        action=AccessLog.Action.VIEW_CASE,
        seeker_id=seeker.pk,
        detail="deadlines",
    )
    return render(request, "cases/deadline_list.html", _deadline_context(request, seeker))


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def deadline_add(request, reference: str):
    seeker = get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)
    form = ManualDeadlineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        deadline_services.deadline_add_manual(seeker=seeker, by=request.user, **form.cleaned_data)
        messages.success(request, _("Deadline added."))
        return redirect("cases:seeker_deadlines", reference=seeker.reference)
    return render(request, "cases/deadline_add.html", {"seeker": seeker, "form": form})


def _act_on_deadline(request, pk: int, form_class, action):
    """POST a one-click action; answer htmx with the updated card, others with a redirect."""
    deadline = get_visible_or_404(
        Deadline.objects.select_related("seeker", "appeal__hearing", "hearing"), request.user, pk=pk
    )
    form = form_class(request.POST)
    error = None
    if form.is_valid():
        try:
            deadline = action(deadline=deadline, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(e for errors in form.errors.values() for e in errors)
    if request.htmx:
        _with_venue([deadline], deadline.seeker)
        return render(
            request,
            "cases/includes/deadline_card.html",
            {
                "deadline": deadline,
                "seeker": deadline.seeker,
                "error": error,
                "today": timezone.localdate(),
            },
        )
    if error:
        messages.error(request, error)
    return redirect(
        reverse("cases:seeker_deadlines", args=[deadline.seeker.reference]) + f"#deadline-{pk}"
    )


@require_POST
@role_required(*CASE_ROLES)
def deadline_mark_met(request, pk: int):
    return _act_on_deadline(request, pk, DeadlineMetForm, deadline_services.deadline_mark_met)


@require_POST
@role_required(*CASE_ROLES)
def deadline_mark_not_applicable(request, pk: int):
    return _act_on_deadline(
        request, pk, DeadlineNotApplicableForm, deadline_services.deadline_mark_not_applicable
    )


@require_POST
@role_required(*CASE_ROLES)
def deadline_reopen(request, pk: int):
    return _act_on_deadline(request, pk, ReopenForm, deadline_services.deadline_reopen)


# --- closure days (coordinators) ----------------------------------------------------------------


def _show_moves(request, moves, message: str, day: date):
    """Say what changed and send the coordinator to the list, which shows the moves once.
    The session keeps ids and dates only; the list looks the deadlines up again."""
    dates = ("file_by_before", "file_by_after", "due_before", "due_after")
    request.session[CLOSURE_MOVES_KEY] = [
        [m.deadline_id, *(getattr(m, name).isoformat() for name in dates)] for m in moves
    ]
    messages.success(request, message % {"date": day.isoformat(), "count": len(moves)})
    return redirect("cases:closure_day_list")


def _recalled_moves(request) -> list[dict]:
    saved = request.session.pop(CLOSURE_MOVES_KEY, None)
    if not saved:
        return []
    deadlines = Deadline.objects.visible_to(request.user).select_related("seeker")
    by_pk = {d.pk: d for d in deadlines.filter(pk__in=[row[0] for row in saved])}
    return [
        {
            "deadline": by_pk[pk],
            "file_by": (date.fromisoformat(fb0), date.fromisoformat(fb1)),
            "due": (date.fromisoformat(due0), date.fromisoformat(due1)),
        }
        for pk, fb0, fb1, due0, due1 in saved
        if pk in by_pk
    ]


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def closure_day_list(request):
    form = ClosureDayForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        closure, moves = deadline_services.closure_day_add(
            day=form.cleaned_data["date"], reason=form.cleaned_data["reason"], by=request.user
        )
        message = _("Closure day %(date)s added; %(count)d open deadlines moved.")
        return _show_moves(request, moves, message, closure.date)
    closures = ClosureDay.objects.select_related("added_by")
    page = Paginator(closures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/closureday_list.html",
        {"form": form, "page": page, "moves": _recalled_moves(request)},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.COORDINATOR)
def closure_day_delete(request, pk: int):
    closure = ClosureDay.objects.filter(pk=pk).first()
    if closure is None:
        messages.info(request, _("That closure day was already deleted."))
        return redirect("cases:closure_day_list")
    if request.method == "POST":
        moves = deadline_services.closure_day_delete(closure=closure, by=request.user)
        message = _("Closure day %(date)s deleted; %(count)d open deadlines moved.")
        return _show_moves(request, moves, message, closure.date)
    return render(request, "cases/closureday_confirm_delete.html", {"closure": closure})
