"""What the tracking side keeps of its own: the reminders already sent."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EvaluationReminder(models.Model):
    """The citizen was reminded to evaluate before this deadline (one per deadline,
    so the daily command never sends the same reminder twice)."""

    case = models.ForeignKey(
        "inbox.Case", on_delete=models.CASCADE, related_name="+", verbose_name=_("case")
    )
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("evaluation reminder")
        verbose_name_plural = _("evaluation reminders")
        constraints = [
            models.UniqueConstraint(fields=["case", "deadline"], name="one_reminder_per_deadline")
        ]

    def __str__(self):
        return f"{self.case_id} {self.deadline}"
