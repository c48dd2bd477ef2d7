from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site settings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import security  # noqa: F401  (connects the login-time receiver)
