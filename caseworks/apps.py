from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CaseworksConfig(AppConfig):
    name = "caseworks"
    verbose_name = _("Caseworks")

    def ready(self) -> None:
        from .roles import ensure_role_groups

        # Runs after every app migrated; idempotent.
        post_migrate.connect(ensure_role_groups, dispatch_uid="caseworks.ensure_role_groups")
