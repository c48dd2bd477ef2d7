from django.core.management.base import BaseCommand, CommandError

from inbox.diagram import DOC_PATH, document


class Command(BaseCommand):
    help = "Print docs/inbox.md (state diagrams of the workflow table); --write or --check it."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help="rewrite docs/inbox.md")
        group.add_argument("--check", action="store_true", help="fail if docs/inbox.md differs")

    def handle(self, *args, write=False, check=False, **options):
        text = document()
        if write:
            DOC_PATH.write_text(text, encoding="utf-8")
            self.stdout.write(f"Wrote {DOC_PATH.name}.")
        elif check:
            current = DOC_PATH.read_text(encoding="utf-8") if DOC_PATH.exists() else ""
            if current != text:
                raise CommandError(
                    "docs/inbox.md differs from the workflow table: "
                    "run `python manage.py workflow_diagram --write`."
                )
            self.stdout.write("docs/inbox.md matches the workflow table.")
        else:
            self.stdout.write(text, ending="")
