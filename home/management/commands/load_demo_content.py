from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

# Loaders run in this order; each is idempotent.
LOADERS = [
    "home.demo.load_home_page",
    "home.demo.load_privacy_notice",
    "services.demo.load",
    "forms.reference.load_demo_municipalities",
    "supplier_enrolment.demo.load",
    "forms.demo.load",
    "supplier_enrolment.demo.load_info_page",
    # Last: it translates pages the loaders above made.
    "home.demo.translations.load",
]

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "procon-demo"  # noqa: S105 - development only, refused when DEBUG is off


class Command(BaseCommand):
    help = "Load the demo content (idempotent). In development, also a demo admin account."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo admin account."
        )

    def handle(self, *args, no_admin=False, **options):
        with transaction.atomic():
            for path in LOADERS:
                self.stdout.write(f"Loading {path}")
                import_string(path)(stdout=self.stdout)
        if settings.DEBUG and not no_admin:
            self._demo_admin()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if not settings.DEBUG and not no_admin:
            self._no_admin_notice()

    def _demo_admin(self):
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            return
        user_model.objects.create_superuser(
            username=DEMO_ADMIN_USERNAME,
            email="admin@example.com",
            password=DEMO_ADMIN_PASSWORD,
            first_name="Administrador",
            last_name="Demo",
        )
        self.stdout.write(f"Demo admin account created: {DEMO_ADMIN_USERNAME}")

    def _no_admin_notice(self):
        """Under production settings a known password would open the site to anyone:
        no account is made, and the operator is told how to make the first one."""
        self.stdout.write(
            self.style.WARNING(
                f"No demo admin account was created: the {DEMO_ADMIN_USERNAME!r} account "
                "with its published password exists only when DEBUG is on."
            )
        )
        if get_user_model().objects.filter(is_superuser=True, is_active=True).exists():
            self.stdout.write("An administrator already exists; nothing else to do.")
        else:
            self.stdout.write(
                "No administrator exists yet. Create the first one, with a password of "
                "your own, by running:\n    python manage.py createsuperuser"
            )
