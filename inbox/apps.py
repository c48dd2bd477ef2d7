from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = _("Inbox")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from forms.signals import submission_created

        submission_created.connect(open_case_for_submission, dispatch_uid="inbox.open_case")


def open_case_for_submission(sender, submission, **kwargs):
    """Open the case inside the submit transaction: no submission without a case."""
    from .cases import open_case

    open_case(submission)
