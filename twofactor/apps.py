from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    label = "twofactor"
    verbose_name = _("Two-step verification")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import devices

        # A password sign-in starts unverified, even in a session that was
        # verified before (same user signing in again).
        user_logged_in.connect(devices.forget_verification, dispatch_uid="twofactor_login")

        from home.security import account_locked

        from . import notices

        account_locked.connect(notices.tell_owner_of_lock, dispatch_uid="twofactor_account_locked")
