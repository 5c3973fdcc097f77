from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from caseworks.access import FLIGHT_ROLES, role_required

from .models import Flight

PAGE_SIZE = 50


@require_GET
@role_required(*FLIGHT_ROLES)
def flight_list(request):
    page = Paginator(Flight.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "deportation/flight_list.html", {"page": page})


@require_GET
@role_required(*FLIGHT_ROLES)
def flight_detail(request, pk: int):
    flight = get_object_or_404(
        Flight.objects.prefetch_related("legs__origin", "legs__destination"), pk=pk
    )
    return render(request, "deportation/flight_detail.html", {"flight": flight})
