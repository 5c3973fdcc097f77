from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, DataExport, User


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose old versions can be read but never restored.

    SIMPLE_HISTORY_REVERT_DISABLED only hides the Revert button; the history form view
    still saves a POST. The audit history is evidence, so a POST there is refused.
    Every admin with history uses this class (tests/security/test_audit.py checks it).
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "is_active",
        "last_login",
    ]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    # Roles are set through `role`; the role group follows it (caseworks.services.user_set_role).
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("Access"), {"fields": ("role", "is_active")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "role", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        from .services import user_set_role

        super().save_model(request, obj, form, change)
        user_set_role(user=obj, role=obj.role)


class ReadOnlyAdminMixin:
    """Rows the admin shows but never adds, changes or deletes (they are written elsewhere)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the trail cannot be edited through the app."""

    list_display = ["at", "user", "action", "seeker_id", "object_type", "object_id"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["user__username", "=seeker_id"]
    date_hierarchy = "at"


@admin.register(DataExport)
class DataExportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: exports are made and downloaded on the case's data-export page."""

    list_display = ["requested_at", "seeker_id", "requested_by", "status", "size"]
    list_filter = ["status"]
    list_select_related = ["requested_by"]
    exclude = ["file"]


class KeepsDerivedColumns:
    """For admins of rows that a person's derived columns are computed from (deadlines for
    `next_file_by`, stays for `detained_since`): the admin bypasses the services that keep
    those columns, so it does what they do, in the same transaction and with the same
    functions: lock the people concerned first (before and after a change of `seeker`), write,
    then `refresh_people` them. Subclasses name the two functions."""

    @staticmethod
    def lock_people(seeker_ids) -> list[int]:
        raise NotImplementedError

    @staticmethod
    def refresh_people(seeker_ids) -> None:
        raise NotImplementedError

    def save_model(self, request, obj, form, change):
        people = {obj.seeker_id}
        if change:
            people |= set(type(obj).objects.filter(pk=obj.pk).values_list("seeker_id", flat=True))
        self.lock_people(people)
        super().save_model(request, obj, form, change)
        self.refresh_people(people)

    def delete_model(self, request, obj):
        self.lock_people([obj.seeker_id])
        super().delete_model(request, obj)
        self.refresh_people([obj.seeker_id])

    @transaction.atomic  # the changelist's "delete selected" runs outside a transaction
    def delete_queryset(self, request, queryset):
        people = self.lock_people(queryset.values_list("seeker_id", flat=True))
        super().delete_queryset(request, queryset)
        self.refresh_people(people)
