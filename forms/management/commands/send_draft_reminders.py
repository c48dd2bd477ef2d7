from django.core.management.base import BaseCommand, CommandError

from forms.reminders import days_before, send_draft_reminders


class Command(BaseCommand):
    help = (
        "E-mail citizens who saved a form to continue later and whose draft expires "
        "within a few days (run daily from cron; a draft is reminded once)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind when the draft expires at most this many days from now (default: "
            "FORMS_DRAFT_REMINDER_DAYS_BEFORE, 2).",
        )

    def handle(self, *args, days=None, **options):
        days = days_before() if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        count = send_draft_reminders(days=days)
        self.stdout.write(f"{count} reminder(s) queued.")
