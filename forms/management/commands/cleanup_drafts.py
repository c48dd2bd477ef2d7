from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from forms.models import Attachment, Draft


class Command(BaseCommand):
    help = (
        "Delete expired drafts (abandoned forms and sent ones past their confirmation "
        "window) and the files attached to abandoned ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only count what would go.")

    def handle(self, *args, dry_run=False, **options):
        now = timezone.now()
        expired = Draft.objects.filter(expires_at__lte=now)
        # Files still on a draft were never sent; sent ones belong to the submission.
        files = Attachment.objects.filter(draft__in=expired)
        # Rows on neither (should not happen) are removed after a day's grace.
        orphans = Attachment.objects.filter(
            draft__isnull=True, submission__isnull=True, created_at__lte=now - timedelta(days=1)
        )
        count, file_count = expired.count(), files.count() + orphans.count()
        if not dry_run:
            with transaction.atomic():
                # One by one, so each row's file is deleted after the commit.
                for attachment in [*files, *orphans]:
                    attachment.delete()
                expired.delete()
        verb = "would delete" if dry_run else "deleted"
        self.stdout.write(f"{verb} {count} expired draft(s) and {file_count} attached file(s)")
