from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from caseworks.access import CASE_ROLES, get_visible_or_404, role_required
from caseworks.audit import log_access
from caseworks.models import AccessLog

from .models import AsylumSeeker

PAGE_SIZE = 50


@require_GET
@role_required(*CASE_ROLES)
def seeker_list(request):
    seekers = AsylumSeeker.objects.visible_to(request.user).prefetch_related("lawyers")
    page = Paginator(seekers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "cases/seeker_list.html", {"page": page})


@require_GET
@role_required(*CASE_ROLES)
def seeker_detail(request, reference: str):
    seeker = get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)
    log_access(user=request.user, action=AccessLog.Action.VIEW_CASE, seeker_id=seeker.pk)
    return render(request, "cases/seeker_detail.html", {"seeker": seeker})
