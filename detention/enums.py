from django.db import models
from django.utils.translation import gettext_lazy as _


class StayEndReason(models.TextChoices):
    TRANSFERRED = "transferred", _("Transferred")
    RELEASED = "released", _("Released")
    REMOVED = "removed", _("Removed")
    OTHER = "other", _("Other")
