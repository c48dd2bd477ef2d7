from datetime import date

from django.core.management.base import BaseCommand, CommandError

from tracking.reminders import days_before, send_evaluation_reminders


class Command(BaseCommand):
    help = (
        "E-mail citizens whose evaluation deadline ends within a few days (run daily "
        "from cron; a case is reminded once per deadline)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Remind when the deadline is at most this many days away (default: "
            "TRACKING_REMINDER_DAYS_BEFORE, 3).",
        )
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, days=None, today=None, **options):
        if today:
            try:
                today = date.fromisoformat(today)
            except ValueError as error:
                raise CommandError("--today must look like 2026-12-31.") from error
        days = days_before() if days is None else days
        if days < 0:
            raise CommandError("--days cannot be negative.")
        count = send_evaluation_reminders(today=today, days=days)
        self.stdout.write(f"{count} reminder(s) queued.")
