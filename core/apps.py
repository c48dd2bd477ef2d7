from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and nothing of its own to show: the e-mail outbox,
    Brazilian documents and municipalities, private file storage and upload
    checks, rate limits and HTTP answers, PDF styles. Imports no other app."""

    name = "core"
    verbose_name = _("Shared services")
    default_auto_field = "django.db.models.BigAutoField"
