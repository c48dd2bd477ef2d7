import time

from django.core.management.base import BaseCommand

from transparency.demo import MARKER
from transparency.facts import closed_complaints, refresh
from transparency.models import Refresh


class Command(BaseCommand):
    help = (
        "Rebuild the public complaint data and supplier indicators from the closed "
        "complaints (run daily, e.g. from cron); cached transparency pages start afresh."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        timings = {}
        complaints = refresh(timings)
        seconds = time.monotonic() - started
        # The new row versions the cached pages: every worker reads it.
        Refresh.objects.create(
            seconds=seconds,
            complaints=complaints,
            demo_complaints=closed_complaints().filter(form_data__has_key=MARKER).count(),
        )
        steps = ", ".join(f"{name} {value:.1f} s" for name, value in timings.items())
        self.stdout.write(f"{complaints} closed complaints published in {seconds:.1f} s ({steps}).")
