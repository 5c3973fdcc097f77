"""The role groups and their model permissions (used by the Django admin).

Kept in step after every `migrate` (post_migrate), so a new model's permissions reach the
right groups without a hand-written migration. Access to pages is decided in
`caseworks.access`; these permissions only matter inside the admin, which coordinators alone use.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from .enums import Role

ALL = ("add", "change", "delete", "view")
EDIT = ("add", "change", "view")

# role -> {app_label: actions}, or {app_label.model: actions} for a single model.
ROLE_PERMISSIONS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.COORDINATOR: {
        "caseworks": ALL,
        "cases": ALL,
        "detention": ALL,
        "deportation": ALL,
        "auth.group": ("view",),
        # Lost phone: a coordinator deletes the person's two-factor devices (caseworks.twofactor).
        "otp_totp": ("view", "delete"),
        "otp_static": ("view", "delete"),
    },
    Role.CASEWORKER: {"cases": EDIT, "detention": EDIT, "deportation": EDIT},
    Role.LAWYER: {"cases": EDIT, "detention": ("view",)},
    Role.MONITOR: {
        "deportation.flight": EDIT,
        "deportation.flightleg": EDIT,
        "deportation.airport": ("view",),
    },
}


def ensure_role_groups(*, app_config=None, **kwargs) -> None:
    # post_migrate is sent once per app, in INSTALLED_APPS order, and each app's permissions
    # are created by its own signal: wait for the last app so all of them exist. Apps
    # without models (rest_framework, drf_spectacular) get no signal, so they do not count.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config is not with_models[-1]:
        return
    permissions = list(Permission.objects.select_related("content_type"))
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        wanted = [
            perm
            for perm in permissions
            for scope, actions in grants.items()
            if _matches(perm, scope, actions)
        ]
        group.permissions.set(wanted)


def _matches(perm: Permission, scope: str, actions: tuple[str, ...]) -> bool:
    app_label, _, model = scope.partition(".")
    if perm.content_type.app_label != app_label:
        return False
    if model and perm.content_type.model != model:
        return False
    action = perm.codename.split("_", 1)[0]
    return action in actions
