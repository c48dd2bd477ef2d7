import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from transparency import demo


class Command(BaseCommand):
    help = (
        "Load the demo history: about two years of fictitious closed complaints against "
        "fictitious suppliers, then refresh the public data (idempotent; run by make run "
        "after load_demo_content)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--per-month",
            type=int,
            default=demo.PER_MONTH,
            help="Closed complaints in an average month.",
        )
        parser.add_argument(
            "--months", type=int, default=demo.MONTHS, help="Complete months before this one."
        )

    def handle(self, *args, per_month, months, **options):
        started = time.monotonic()
        try:
            written = demo.load(stdout=self.stdout, per_month=per_month, months=months)
        except LookupError as error:
            raise CommandError(str(error)) from error
        loaded = time.monotonic() - started
        if not written:
            self.stdout.write("The demo history is already loaded; nothing written.")
            return
        call_command("refresh_transparency", stdout=self.stdout)
        total = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo history loaded in {total:.1f} s ({loaded:.1f} s writing, "
                f"{total - loaded:.1f} s refreshing the public data)."
            )
        )
