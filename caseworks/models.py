from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import Role


class User(AbstractUser):
    """A staff member, volunteer, lawyer or flight monitor.

    `role` is the single source of truth for access (read only by `caseworks.access`);
    the matching auth Group carries the model permissions the admin needs and is kept in
    step by `caseworks.services.user_set_role`.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)
