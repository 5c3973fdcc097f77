from django.contrib import admin
from django.db import transaction

from caseworks.admin import KeepsDerivedColumns, ReadOnlyAdminMixin
from caseworks.admin import ReadOnlyHistoryAdmin as SimpleHistoryAdmin  # no revert

from . import delete_services, models, services
from .deadline_services import lock_people, refresh_next_file_by
from .enums import AssignmentRole
from .services import seeker_assign


@admin.register(models.AsylumSeeker)
class AsylumSeekerAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "name_latin",
        "name_original",
        "nationality",
        "custody_status",
        "entry_date",
    ]
    list_filter = ["custody_status", "nationality", "entry_method"]
    search_fields = ["reference", "search_text", "a_number"]
    readonly_fields = ["reference", "pseudonym"]
    filter_horizontal = ["caseworkers", "lawyers"]
    date_hierarchy = "entry_date"

    def save_related(self, request, form, formsets, change):
        """Assignments through cases.services.seeker_assign, as on the edit page, so a change
        made here is audited too (AssignmentChange), not saved by the form behind its back."""
        people = {role: form.cleaned_data.pop(role, None) for role in AssignmentRole.values}
        super().save_related(request, form, formsets, change)
        seeker_assign(seeker=form.instance, by=request.user, **people)


@admin.register(models.AssignmentChange)
class AssignmentChangeAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Who was put on or taken off which case: written only by seeker_assign; its author and
    time are on each row's history."""

    list_display = ["seeker", "role", "added", "removed"]
    list_filter = ["role"]
    list_select_related = ["seeker"]
    search_fields = ["seeker__reference"]


class CaseChildAdmin(SimpleHistoryAdmin):
    """Children of a case: show and search by the seeker without one query per row."""

    list_select_related = ["seeker"]
    search_fields = ["seeker__reference", "seeker__search_text"]
    raw_id_fields = ["seeker"]


class KeepsNextFileBy(KeepsDerivedColumns):
    """Saves and deletes here write deadlines (a deadline's own, or a hearing's or appeal's
    that cascade to theirs): `AsylumSeeker.next_file_by` follows."""

    lock_people = staticmethod(lock_people)
    refresh_people = staticmethod(refresh_next_file_by)


class ThroughServicesAdmin(CaseChildAdmin):
    """Hearings and appeals change here as on the site: through cases.services (the deadlines
    follow, with next_file_by) and cases.delete_services (whose refusals show as protected
    objects on the confirmation page). A record stays with its person: `seeker` is read-only
    once saved."""

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *(["seeker"] if obj else [])]

    @staticmethod
    def values(obj, names) -> dict:
        """The form's values for the service: taken from `obj`, which the form has filled."""
        return {name: getattr(obj, name) for name in names if name != "seeker"}

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        protected = list(protected)
        for obj in objs:
            protected += [f"{obj}: {reason}" for reason in delete_services.refusals(obj)]
        return deleted, counts, perms_needed, protected

    def delete_model(self, request, obj):
        self.delete_service(obj, by=request.user)

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_service(obj, by=request.user)


@admin.register(models.Hearing)
class HearingAdmin(ThroughServicesAdmin):
    list_display = [
        "seeker",
        "kind",
        "date",
        "court",
        "judge",
        "represented",
        "outcome",
        "decision_date",
    ]
    list_filter = ["kind", "outcome", "represented", "service_method"]
    date_hierarchy = "date"

    @staticmethod
    def delete_service(hearing, *, by):
        delete_services.hearing_delete(hearing=hearing, by=by)

    def save_model(self, request, obj, form, change):
        if not change:
            fields = self.values(obj, form.cleaned_data)
            obj.pk = services.hearing_schedule(seeker=obj.seeker, by=request.user, **fields).pk
            return
        decision = {"outcome", "decision_date"}
        fields = self.values(obj, set(form.changed_data) - decision)
        services.hearing_record_decision(
            hearing=obj,
            by=request.user,
            outcome=obj.outcome,
            decision_date=obj.decision_date,
            **fields,
        )


@admin.register(models.Appeal)
class AppealAdmin(ThroughServicesAdmin):
    list_display = ["seeker", "kind", "filed_on", "court", "circuit", "outcome", "decided_on"]
    list_filter = ["kind", "outcome", "circuit"]
    raw_id_fields = ["seeker", "hearing", "parent"]

    @staticmethod
    def delete_service(appeal, *, by):
        delete_services.appeal_delete(appeal=appeal, by=by)

    def save_model(self, request, obj, form, change):
        if not change:
            fields = self.values(obj, form.cleaned_data)
            obj.pk = services.appeal_file(seeker=obj.seeker, by=request.user, **fields).pk
            return
        services.appeal_update(appeal=obj, by=request.user, **self.values(obj, form.changed_data))


@admin.register(models.HomeCountryCharge)
class HomeCountryChargeAdmin(CaseChildAdmin):
    list_display = ["seeker", "country", "statute", "status", "opened_on", "learned_on"]
    list_select_related = ["seeker", "statute"]
    list_filter = ["country", "status"]
    raw_id_fields = ["seeker", "in_record_hearing", "in_record_appeal"]


@admin.register(models.ContactLog)
class ContactLogAdmin(CaseChildAdmin):
    list_display = ["seeker", "occurred_at", "party", "channel", "outcome", "by"]
    list_select_related = ["seeker", "by"]
    list_filter = ["party", "channel", "outcome"]


@admin.register(models.ContactPerson)
class ContactPersonAdmin(CaseChildAdmin):
    list_display = ["name", "seeker", "relationship", "phone"]
    list_filter = ["relationship"]


@admin.register(models.Document)
class DocumentAdmin(CaseChildAdmin):
    list_display = ["title", "seeker", "kind", "language", "translation_status", "uploaded_at"]
    list_filter = ["kind", "translation_status", "include_in_casefile"]
    readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_by"]


@admin.register(models.Deadline)
class DeadlineAdmin(KeepsNextFileBy, CaseChildAdmin):
    list_display = ["title", "seeker", "rule", "trigger_date", "due_date", "file_by", "status"]
    list_filter = ["status", "rule"]
    raw_id_fields = ["seeker", "hearing", "appeal"]
    date_hierarchy = "file_by"


@admin.register(models.Statute)
class StatuteAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "country", "max_penalty"]
    list_filter = ["country"]
    search_fields = ["code", "title"]


@admin.register(models.CaseFile)
class CaseFileAdmin(ReadOnlyAdminMixin, CaseChildAdmin):
    """Read-only: case files are requested, rendered and retried through cases.services, and
    deleting a row would leave its stored file behind (no retention rule is built yet).

    The file itself is never linked here; downloads go through cases:casefile_download, which
    checks access and writes the access log.
    """

    list_display = [
        "seeker",
        "edition",
        "status",
        "requested_by",
        "requested_at",
        "finished_at",
        "attempts",
        "page_count",
    ]
    list_select_related = ["seeker", "requested_by"]
    list_filter = ["status", "edition"]
    date_hierarchy = "requested_at"
    fields = [
        "seeker",
        "edition",
        "status",
        "error",
        "attempts",
        "requested_by",
        "requested_at",
        "queued_at",
        "started_at",
        "finished_at",
        "page_count",
        "size",
        "sha256",
    ]
    readonly_fields = fields


@admin.register(models.Alert)
class AlertAdmin(admin.ModelAdmin):
    """Read-only: to see whether an alert was delivered. The sweep creates alerts and the send
    task delivers them; nobody edits one by hand."""

    list_display = ["kind", "seeker", "recipient", "threshold", "created_at", "email_status"]
    list_select_related = ["seeker", "recipient"]
    list_filter = ["kind", "email_status", "urgent"]
    search_fields = ["seeker__reference", "subject"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
