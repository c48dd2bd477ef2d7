from django.core.management.base import BaseCommand

from core.outbox import deliver_due


class Command(BaseCommand):
    help = (
        "Deliver every pending email whose next attempt is due (run from cron every few "
        "minutes: it catches emails whose task was lost, e.g. a worker killed mid-send)."
    )

    def handle(self, *args, **options):
        counts = deliver_due()
        summary = ", ".join(f"{outcome}: {n}" for outcome, n in sorted(counts.items()))
        self.stdout.write(summary or "nothing due")
