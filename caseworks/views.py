import sys

from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_GET

from cases.dashboard import HEARING_HORIZON_DAYS
from cases.dashboard import dashboard as dashboard_data
from cases.queries import LONG_DETENTION_DAYS

from . import access


@require_GET
def dashboard(request):
    """The landing page after login ("This week")."""
    if not access.has_role(request.user, *access.CASE_ROLES):
        # Flight monitors have no case work; their home is the flight list.
        return redirect("deportation:flight_list")
    today = timezone.localdate()
    # "My cases" is offered to those who see every case; a lawyer's cases are all theirs.
    offers_mine = access.case_scope(request.user) is access.CaseScope.ALL
    mine = offers_mine and request.GET.get("mine") == "1"
    return render(
        request,
        "caseworks/dashboard.html",
        {
            "board": dashboard_data(request.user, today, mine=mine),
            "offers_mine": offers_mine,
            "mine": mine,
            "horizon_days": HEARING_HORIZON_DAYS,
            "long_days": LONG_DETENTION_DAYS,
        },
    )


@login_not_required
@require_GET
def healthz(request):
    """Liveness for the load balancer; says nothing about the data."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")


def server_error(request):
    """handler500. When the database cannot be reached (PostgreSQL restarting, a failover, the
    connection limit) the answer is 503 "try again shortly" in the site's layout, not a
    traceback or "something went wrong". The page renders without the request context, whose
    processors would query the database. Anything else is the ordinary 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        body = loader.get_template("503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": "30"})
    return defaults.server_error(request)
