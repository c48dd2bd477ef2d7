import re

import polib
from django.core.management.base import BaseCommand

from home.demo import translations


class Command(BaseCommand):
    help = (
        "Translate the demo pages into English and Spanish from the demo's PO catalogues "
        "(home/demo/content/translations/). With --missing, also add to each catalogue the "
        "strings it lacks, with empty translations, to be filled in."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true")

    def handle(self, *args, missing=False, **options):
        report = translations.load(stdout=self.stdout)
        if not missing:
            return
        for language, strings in report.items():
            path = translations.CATALOGUES / f"{language}.po"
            path.parent.mkdir(parents=True, exist_ok=True)
            po = polib.pofile(str(path)) if path.exists() else polib.POFile(wrapwidth=0)
            if not path.exists():
                po.metadata = {
                    "Content-Type": "text/plain; charset=utf-8",
                    "Language": language,
                }
            known = {entry.msgid for entry in po}
            for msgid, context in strings.items():
                if msgid not in known:
                    # Where it appears, without block ids (they differ between databases).
                    where = re.sub(r"\.?[0-9a-f]{8}-[0-9a-f-]{27}", "", context or "")
                    po.append(polib.POEntry(msgid=msgid, msgstr="", comment=where))
            po.save(str(path))
            self.stdout.write(f"{path.name}: {len(strings)} strings to translate")
