"""Turn two-step verification off for a user who lost their phone and their
recovery codes (after checking who they are by other means)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from twofactor import devices
from twofactor.models import Device


class Command(BaseCommand):
    help = "Remove a user's authenticator and recovery codes (two-step verification off)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        user = (
            get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()
        )
        if user is None:
            raise CommandError(f"No user {username!r}.")
        device = Device.objects.filter(user=user).first()
        if device is None:
            self.stdout.write(f"{username} has no authenticator.")
            return
        devices.disable(device)
        devices.logger.warning("Two-step verification reset by command for user %s", user.pk)
        self.stdout.write(f"Two-step verification is off for {username}.")
