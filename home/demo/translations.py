"""The demo's pages in English and Spanish, translated as an editor would.

Each page is translated with wagtail-localize, the way editors do it in the
admin: a translation source is taken from the Portuguese page, every string of
it gets its translation, and the translated page is published from them. So the
demo shows the whole editors' workflow: "Sync translated pages" after a change
in Portuguese, and the strings that are out of date.

The translations are PO catalogues in `content/translations/` (`en.po`,
`es.po`), the format wagtail-localize exports and imports: one entry per
Portuguese string, wherever it appears. A string the catalogue lacks keeps its
Portuguese text and is named in the loader's output (`manage.py
translate_demo_pages --missing` writes them out to be translated).

Idempotent: a translation that exists is brought up to date, never duplicated;
a translated page someone edited in the admin is left as it is.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from . import edited_by_person

CATALOGUES = Path(__file__).with_name("content") / "translations"

# The pages the demo translates, by their path under the home page ("" is the home page).
PAGES = [
    "",
    "orientacoes/",
    "orientacoes/direito-de-arrependimento/",
    "orientacoes/garantia-legal/",
    "orientacoes/produto-com-defeito/",
    "reclamacao/",
    "consulta/",
]


def languages():
    """The site's languages other than Portuguese."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue(language):
    """{Portuguese string: translation} from the demo's PO catalogue."""
    path = CATALOGUES / f"{language}.po"
    if not path.exists():
        return {}
    return {entry.msgid: entry.msgstr for entry in polib.pofile(str(path)) if entry.msgstr}


def demo_pages():
    """The Portuguese pages to translate, in tree order (parents first)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return []
    root = site.root_page
    pages = []
    for path in PAGES:
        page = Page.objects.filter(url_path=root.url_path + path, locale=root.locale).first()
        if page is not None:
            pages.append(page.specific)
    return pages


def translate(page, language, strings, missing):
    """Translate `page` into `language` with `strings`, adding the strings it
    lacks to `missing` ({msgid: msgctxt}). Returns the translated page, or None
    when someone edited it (it is left alone)."""
    from wagtail_localize.models import Translation, TranslationSource

    locale, _created = Locale.objects.get_or_create(language_code=language)
    existing = page.get_translation_or_none(locale)
    if existing is not None and edited_by_person(existing):
        return None
    source, created = TranslationSource.get_or_create_from_instance(page)
    if not created and page.to_json() != source.content_json:
        source.update_from_db()  # the Portuguese page changed since
    # The translation is out of date when the source changed after it was published.
    changed = existing is None or (
        existing.last_published_at is None or existing.last_published_at < source.last_updated_at
    )
    translation, made = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    for entry in po:
        if entry.obsolete:
            continue
        wanted = strings.get(entry.msgid, "")
        changed = changed or entry.msgstr != wanted
        entry.msgstr = wanted
        if not entry.msgstr:
            missing.setdefault(entry.msgid, entry.msgctxt)
    if existing is not None and not (changed or made) and existing.live:
        return existing  # up to date: no new revision
    translation.import_po(po, delete=True, tool_name="demo")
    # Published here rather than when the transaction commits, as wagtail-localize
    # would: a page published later, from the revision made now, would undo
    # the tree's count of the children translated since (treebeard's numchild).
    translation.save_target(publish=False)
    translated = page.get_translation(locale)
    translated.get_latest_revision().publish()
    return Page.objects.get(pk=translated.pk).specific


def load(stdout=None, only_missing=None):
    """Translate the demo pages into every second language. `only_missing`: a
    dict to fill with what each catalogue lacks ({language: {msgid: msgctxt}})."""
    report = only_missing if only_missing is not None else {}
    with transaction.atomic():
        for language in languages():
            strings = catalogue(language)
            missing = report.setdefault(language, {})
            for page in demo_pages():
                translated = translate(page, language, strings, missing)
                if stdout is not None and translated is not None:
                    stdout.write(f"  {language}: {translated.url}")
            if missing and stdout is not None:
                stdout.write(
                    f"  {language}: {len(missing)} strings without a translation "
                    "(they read in Portuguese): manage.py translate_demo_pages --missing"
                )
    return report
