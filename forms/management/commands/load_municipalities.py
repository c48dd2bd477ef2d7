from django.core.management.base import BaseCommand, CommandError

from core.ibge import states
from forms.reference import default_state, load_municipalities


class Command(BaseCommand):
    help = (
        "Load municipalities from the IBGE list (idempotent; never deletes). "
        "Default: the state in the agency settings, else MT. Names edited in the "
        "admin are kept unless --update-names is given."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--state", help="UF to load, e.g. MT.")
        group.add_argument("--all", action="store_true", help="Load every state.")
        parser.add_argument(
            "--update-names",
            action="store_true",
            help="Put back IBGE's spelling of names that differ.",
        )

    def handle(self, *args, state=None, all=False, update_names=False, **options):
        if all:
            wanted = states()
        else:
            uf = (state or default_state()).upper()
            if uf not in states():
                raise CommandError(f"Unknown state: {uf}")
            wanted = [uf]
        counts = load_municipalities(wanted, update_names=update_names)
        self.stdout.write(
            f"Municipalities ({', '.join(wanted) if len(wanted) < 5 else 'all states'}): "
            f"{counts['created']} created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged."
        )
