from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AccessLog, User


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
