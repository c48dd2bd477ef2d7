from django.core.management.base import BaseCommand

from inbox.deadlines import process_deadlines


class Command(BaseCommand):
    help = "Move on cases whose deadline passed (run daily from cron; safe to repeat)."

    def handle(self, *args, **options):
        done = process_deadlines()
        total = sum(done.values())
        for name, count in sorted(done.items()):
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"{total} case(s) moved on.")
