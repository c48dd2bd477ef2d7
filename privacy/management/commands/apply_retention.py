from django.conf import settings
from django.core.management.base import BaseCommand

from privacy import retention


class Command(BaseCommand):
    help = (
        "Anonymise closed cases older than RETENTION_DAYS since their last activity and "
        "delete their files from private storage. Run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = retention.expired().count()
            self.stdout.write(
                f"would anonymise {count} case(s) closed over {settings.RETENTION_DAYS} days ago"
            )
            return
        done = retention.apply()
        self.stdout.write(
            f"anonymised {len(done)} case(s) closed over {settings.RETENTION_DAYS} days ago"
        )
