from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransparencyConfig(AppConfig):
    name = "transparency"
    label = "transparency"
    verbose_name = _("Transparency")
    default_auto_field = "django.db.models.BigAutoField"
