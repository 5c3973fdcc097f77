from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from caseworks.access import CASE_ROLES, role_required

from .models import Facility

PAGE_SIZE = 50


@require_GET
@role_required(*CASE_ROLES)
def facility_list(request):
    page = Paginator(Facility.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "detention/facility_list.html", {"page": page})


@require_GET
@role_required(*CASE_ROLES)
def facility_detail(request, code: str):
    facility = get_object_or_404(Facility, code=code)
    return render(request, "detention/facility_detail.html", {"facility": facility})
