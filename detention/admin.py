from django.contrib import admin

from caseworks.admin import KeepsDerivedColumns
from caseworks.admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin  # no revert

from . import models
from .services import lock_people, refresh_detained_since


@admin.register(models.Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "city", "state", "circuit", "aor", "type", "operator"]
    list_filter = ["state", "circuit", "type"]
    search_fields = ["code", "name", "city"]


@admin.register(models.DetentionStay)
class DetentionStayAdmin(KeepsDerivedColumns, SimpleHistoryAdmin):
    """A stay changed here moves `AsylumSeeker.detained_since` as the services would."""

    lock_people = staticmethod(lock_people)
    refresh_people = staticmethod(refresh_detained_since)
    list_display = ["seeker", "facility", "started_on", "ended_on", "end_reason"]
    list_select_related = ["seeker", "facility"]
    list_filter = ["end_reason"]
    search_fields = ["seeker__reference", "seeker__search_text", "facility__code", "facility__name"]
    raw_id_fields = ["seeker", "facility"]
