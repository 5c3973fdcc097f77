from django.contrib import admin
from django.db import models as db_models

from caseworks.admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin  # no revert

from . import models, services


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
        "route",
        "boarded",
        "deplaned",
        "confidence",
    ]
    list_filter = ["kind", "source", "confidence"]
    search_fields = ["flight_number", "tail_number", "operator", "owner"]
    date_hierarchy = "date"
    inlines = [FlightLegInline]
    formfield_overrides = {db_models.URLField: {"assume_scheme": "https"}}

    def save_related(self, request, form, formsets, change):
        # Legs edited here are saved by the inline; the route derived from them is not.
        super().save_related(request, form, formsets, change)
        legs = form.instance.legs.select_related("origin", "destination").order_by("order")
        services.flight_set_legs(
            flight=form.instance,
            legs=[
                services.LegInput(leg.origin, leg.destination, leg.departs_at, leg.arrives_at)
                for leg in legs
            ],
            by=request.user,
        )


class RemovalFollowUpInline(admin.TabularInline):
    model = models.RemovalFollowUp
    raw_id_fields = ["by"]
    extra = 0


@admin.register(models.Removal)
class RemovalAdmin(SimpleHistoryAdmin):
    list_display = ["seeker", "removal_date", "destination_country", "flight", "outcome"]
    list_select_related = ["seeker", "flight"]
    list_filter = ["outcome", "destination_country"]
    search_fields = ["seeker__reference", "seeker__search_text"]
    raw_id_fields = ["seeker", "flight", "final_order"]
    inlines = [RemovalFollowUpInline]


@admin.register(models.FlightImport)
class FlightImportAdmin(admin.ModelAdmin):
    """Read-only: runs are made by the upload page and its task."""

    list_display = ["original_name", "created_at", "status", "dry_run", "created_by"]
    list_filter = ["status", "dry_run"]
    list_select_related = ["created_by"]
    readonly_fields = [f.name for f in models.FlightImport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
