from django.contrib import admin

from caseworks.admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin  # no revert

from . import models


@admin.register(models.Airport)
class AirportAdmin(admin.ModelAdmin):
    list_display = ["icao", "iata", "name", "city", "country"]
    list_filter = ["country"]
    search_fields = ["icao", "iata", "name", "city"]


class FlightLegInline(admin.TabularInline):
    model = models.FlightLeg
    raw_id_fields = ["origin", "destination"]
    extra = 0


@admin.register(models.Flight)
class FlightAdmin(SimpleHistoryAdmin):
    list_display = [
        "date",
        "flight_number",
        "tail_number",
        "operator",
        "kind",
        "boarded",
        "deplaned",
        "confidence",
    ]
    list_filter = ["kind", "source", "confidence"]
    search_fields = ["flight_number", "tail_number", "operator", "owner"]
    date_hierarchy = "date"
    inlines = [FlightLegInline]


@admin.register(models.Removal)
class RemovalAdmin(SimpleHistoryAdmin):
    list_display = ["seeker", "removal_date", "destination_country", "flight", "outcome"]
    list_select_related = ["seeker", "flight"]
    list_filter = ["outcome", "destination_country"]
    search_fields = ["seeker__reference", "seeker__search_text"]
    raw_id_fields = ["seeker", "flight", "final_order"]
