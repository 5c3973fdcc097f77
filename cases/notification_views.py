"""Notifications (in-app alerts), alert settings and the private calendar feed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from caseworks.access import CASE_ROLES, get_visible_or_404, has_role, role_required

from . import alert_services
from .calendar import build_calendar
from .deadline_forms import EmailAlertsForm
from .models import Alert, CalendarFeed, Deadline, Hearing

PAGE_SIZE = 25
# Hearings this far back stay in the calendar, so last week's hearing does not vanish.
CALENDAR_PAST = timedelta(days=60)


@require_GET
@role_required(*CASE_ROLES)
def notification_list(request):
    alerts = Alert.objects.for_user(request.user).select_related("seeker", "deadline", "hearing")
    page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/alert_list.html", {"page": page})


@require_POST
@role_required(*CASE_ROLES)
def notification_read(request, pk: int):
    alert = get_visible_or_404(
        Alert.objects.filter(recipient=request.user).select_related(
            "seeker", "deadline", "hearing"
        ),
        request.user,
        pk=pk,
    )
    alert_services.alert_mark_read(alert=alert, user=request.user)
    if request.htmx:
        return render(request, "cases/includes/alert_item.html", {"alert": alert})
    return redirect("notifications:list")


@require_POST
@role_required(*CASE_ROLES)
def notification_read_all(request):
    count = alert_services.alerts_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
@role_required(*CASE_ROLES)
def notification_settings(request):
    user = request.user
    form = EmailAlertsForm(
        request.POST if request.method == "POST" else None,
        initial={"email_alerts": user.email_alerts},
    )
    if request.method == "POST" and form.is_valid():
        alert_services.user_set_email_alerts(user=user, enabled=form.cleaned_data["email_alerts"])
        messages.success(request, _("Alert settings saved."))
        return redirect("notifications:settings")
    feed = CalendarFeed.objects.filter(user=user).first()
    feed_url = (
        request.build_absolute_uri(reverse("notifications:calendar_feed", args=[feed.token]))
        if feed is not None
        else ""
    )
    return render(
        request, "cases/alert_settings.html", {"form": form, "feed": feed, "feed_url": feed_url}
    )


@require_POST
@role_required(*CASE_ROLES)
def calendar_regenerate(request):
    alert_services.calendar_feed_regenerate(user=request.user)
    messages.success(request, _("New calendar link created. Any earlier link no longer works."))
    return redirect("notifications:settings")


@require_POST
@role_required(*CASE_ROLES)
def calendar_delete(request):
    alert_services.calendar_feed_delete(user=request.user)
    messages.success(request, _("Calendar link turned off."))
    return redirect("notifications:settings")


@login_not_required
@require_GET
def calendar_feed(request, token: str):
    """Public URL, private by its token: a wrong or revoked token is a 404 like any other."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not has_role(feed.user, *CASE_ROLES):
        raise Http404
    user = feed.user
    now = timezone.now()
    hearings = (
        Hearing.objects.visible_to(user)
        .filter(date__gte=timezone.localdate(now) - CALENDAR_PAST)
        .select_related("seeker")
        .only("date", "time", "kind", "court", "seeker__reference")
    )
    deadlines = (
        Deadline.objects.visible_to(user)
        .open()
        .select_related("seeker")
        .only("rule", "title", "due_date", "file_by", "seeker__reference")
    )
    body = build_calendar(hearings=hearings, deadlines=deadlines, now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="caseworks.ics"'
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
