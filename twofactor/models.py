"""One TOTP authenticator per user and its one-time recovery codes.

The TOTP secret is kept encrypted (see `devices.encrypt`); recovery codes are
kept as SHA-256 digests only, so neither can be read back from the database.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Device(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    encrypted_secret = models.TextField(editable=False)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step (Unix time // 30) a code was accepted for: a code of
    # that step or an earlier one is refused, so an observed code cannot be replayed.
    last_used_step = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("authenticator")
        verbose_name_plural = _("authenticators")

    def __str__(self):
        return f"{self.user} ({'confirmed' if self.confirmed else 'pending'})"


class RecoveryCode(models.Model):
    device = models.ForeignKey(Device, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, editable=False)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["device", "code_hash"])]
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self):
        return f"{self.device.user} ({'used' if self.used_at else 'unused'})"
