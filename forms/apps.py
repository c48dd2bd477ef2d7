from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    name = "forms"
    # `forms` would clash with django.forms in the app registry.
    label = "procon_forms"
    verbose_name = _("Forms")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import attachments, checks  # noqa: F401  (signal receivers, system checks)
