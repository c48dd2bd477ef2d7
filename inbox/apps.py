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
    """Open the case inside the submit transaction: no submission without a case.
    Its possible duplicates are looked for after commit, by a task, so the
    citizen's submit does not wait for them."""
    from django.db import transaction

    from .cases import open_case
    from .tasks import find_possible_duplicates

    open_case(submission)
    if submission.consumer_cpf:
        pk = submission.pk
        transaction.on_commit(lambda: find_possible_duplicates.enqueue(pk))
