"""What the privacy tools keep: which submissions were anonymised, when and why."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Anonymisation(models.Model):
    """A submission whose personal data was removed (the row stays for statistics)."""

    class Reason(models.TextChoices):
        RETENTION = "retention", _("retention period over")
        REQUEST = "request", _("data subject's request")

    submission = models.OneToOneField(
        "procon_forms.Submission",
        on_delete=models.CASCADE,
        related_name="anonymisation",
        verbose_name=_("submission"),
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")

    def __str__(self):
        return f"{self.submission_id} {self.reason}"
