from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeportationConfig(AppConfig):
    name = "deportation"
    verbose_name = _("Deportation")
