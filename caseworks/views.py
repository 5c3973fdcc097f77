from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from . import access


@require_GET
def dashboard(request):
    """The landing page after login ("This week")."""
    if not access.has_role(request.user, *access.CASE_ROLES):
        # Flight monitors have no case work; their home is the flight list.
        return redirect("deportation:flight_list")
    return render(request, "caseworks/dashboard.html", {})


@login_not_required
@require_GET
def healthz(request):
    """Liveness for the load balancer; says nothing about the data."""
    from django.http import HttpResponse

    return HttpResponse("ok", content_type="text/plain")
