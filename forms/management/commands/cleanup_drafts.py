from django.core.management.base import BaseCommand
from django.utils import timezone

from forms.models import Draft


class Command(BaseCommand):
    help = "Delete expired drafts (abandoned forms and sent ones past their confirmation window)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args, dry_run=False, **options):
        expired = Draft.objects.filter(expires_at__lte=timezone.now())
        count = expired.count()
        if not dry_run:
            # Later, attachments of abandoned drafts are removed here as well.
            expired.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {count} expired draft(s)")
