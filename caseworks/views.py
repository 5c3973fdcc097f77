from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from cases.queries import HEARING_HORIZON_DAYS, LONG_DETENTION_DAYS
from cases.queries import dashboard as dashboard_data

from . import access


@require_GET
def dashboard(request):
    """The landing page after login ("This week")."""
    if not access.has_role(request.user, *access.CASE_ROLES):
        # Flight monitors have no case work; their home is the flight list.
        return redirect("deportation:flight_list")
    today = timezone.localdate()
    return render(
        request,
        "caseworks/dashboard.html",
        {
            "board": dashboard_data(request.user, today),
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
