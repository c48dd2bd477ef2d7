"""The public site in Portuguese, English and Spanish.

The address says the language: Portuguese at the root, English under /en/ and
Spanish under /es/ (``procon/urls.py``, Django's LocaleMiddleware). Pages are
translated in Wagtail's admin with wagtail-localize; interface texts come from
the catalogues in ``locale/``.

A visitor reading in English or Spanish stays in their language:

- a link to a Portuguese page leads to its translation, or, while there is
  none, to the Portuguese page under their prefix (`localized_url_parts`);
- such an address is served the Portuguese page, with the site around it in
  their language and a notice saying the page is not translated yet
  (`portuguese_route`, `templates/includes/language_notice.html`);
- the language switcher keeps the page (`language_links`), and the page names
  its translations for search engines (``hreflang``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

# Each language's name in itself, for the switcher.
NATIVE_NAMES = {"pt-br": "Português", "en": "English", "es": "Español"}
# The value of `lang` and `hreflang` for each language.
HTML_LANG = {"pt-br": "pt-BR"}


def second_languages():
    """The site's languages other than Portuguese."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def active_second_language():
    """The active language when it is English or Spanish, else None."""
    language = translation.get_language()
    return language if language in second_languages() else None


def html_lang(language):
    return HTML_LANG.get(language, language)


# {language code: Locale id}, read once per process: every page's address asks
# whether it is Portuguese. Forgotten when a locale is saved or deleted and
# after migrate or flush (home/apps.py).
_LOCALE_IDS = {}


def locale_id(language):
    """The id of the Locale of `language` (None when there is none)."""
    if language not in _LOCALE_IDS:
        found = Locale.objects.filter(language_code=language).values_list("pk", flat=True).first()
        if found is None:
            return None
        _LOCALE_IDS[language] = found
    return _LOCALE_IDS[language]


def forget_locales(**_kwargs):
    _LOCALE_IDS.clear()


def for_reader(pages):
    """`pages` (a page query) as a reader of the active language finds them: in
    their language, and in Portuguese where not translated into it."""
    language = active_second_language()
    default = locale_id(settings.LANGUAGE_CODE)
    if language is None:
        return pages.filter(locale_id=default)
    own = locale_id(language)
    translated = Page.objects.filter(locale_id=own, live=True).values("translation_key")
    return pages.filter(locale_id__in=[default, own]).exclude(
        locale_id=default, translation_key__in=translated
    )


def default_locale_id():
    return locale_id(settings.LANGUAGE_CODE)


def is_portuguese(page):
    return page.locale_id == locale_id(settings.LANGUAGE_CODE)


def localized_url_parts(page, parts):
    """Wagtail's URL parts of `page`, for a reader of the active language: a
    Portuguese page read in English or Spanish leads to its live translation,
    or to itself under the language's prefix. Anything else is unchanged."""
    language = active_second_language()
    if parts is None or language is None or not is_portuguese(page):
        return parts
    translated = (
        page.get_translations()
        .filter(locale__language_code=language, live=True)
        .only("id", "url_path", "locale_id")
        .first()
    )
    if translated is not None:
        return translated.get_url_parts()
    site_id, root_url, page_path = parts
    if page_path is None:
        return parts
    return site_id, root_url, f"/{language}{page_path}"


def page_url(page, request=None):
    """The address of `page` (specific or a plain Page, as ancestors, search
    results and page choosers give) for a reader of the active language, as
    Wagtail's ``page.get_url`` gives it for the site's page types."""
    from .routing import RoutedPageMixin

    if page is None:
        return ""
    if isinstance(page, RoutedPageMixin):
        return page.get_url(request) or ""
    parts = localized_url_parts(page, page.get_url_parts(request))
    if parts is None or parts[2] is None:
        return ""
    site_id, root_url, page_path = parts
    current = Site.find_for_request(request) if request is not None else None
    if current is None or current.pk == site_id:
        return page_path
    return root_url + page_path


def portuguese_route(request, path):
    """For an English or Spanish address whose page is not translated: the
    Portuguese page at the same path, as Wagtail routes it from the site's
    Portuguese home page; None when there is none."""
    if active_second_language() is None:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    try:
        return site.root_page.specific.route(request, [part for part in path.split("/") if part])
    except Http404:
        return None


def reads_in_portuguese(page):
    """Whether `page`, served to a reader of another language, is Portuguese
    (not translated yet): its locale, or the page it is an alias of."""
    language = active_second_language()
    if language is None or page is None or not getattr(page, "pk", None):
        return False
    return is_portuguese(page) or bool(page.alias_of_id)


@dataclass
class LanguageLink:
    code: str
    name: str  # in the language itself
    lang: str  # for lang and hreflang
    url: str
    current: bool
    translated: bool  # False: the Portuguese page, with the notice
    # Where the switcher leads, when not to `url`: a form takes the citizen's
    # answers along (FormPage.language_switch_url).
    switch_url: str = ""


def language_links(request, page=None, path=None):
    """A link for each language to what the visitor is reading: for a page, its
    translation (or, untranslated, the Portuguese page under that language's
    prefix); for any other view, the same address (or `path`) under the other
    prefix. None for an address that has one language only (staff, suppliers)."""
    current = translation.get_language()
    path = path or request.get_full_path()
    if page is None and translate_url(path, second_languages()[0]) == path:
        return []
    links = []
    source = _portuguese_version(page)
    if source is not None:
        with translation.override(settings.LANGUAGE_CODE):
            source_url = source.get_url(request)
        codes = {pk: code for code, pk in ((c, locale_id(c)) for c, _n in settings.LANGUAGES)}
        translations = {
            codes.get(found.locale_id): found
            for found in Page.objects.filter(translation_key=source.translation_key, live=True)
            .exclude(pk=source.pk)
            .filter(alias_of__isnull=True)
            .only("id", "url_path", "locale_id", "path", "depth", "translation_key")
        }
    for code, _name in settings.LANGUAGES:
        translated = True
        if source is None:
            url = translate_url(path, code)
        elif code == settings.LANGUAGE_CODE:
            url = source_url
        elif code in translations:
            with translation.override(code):
                url = translations[code].get_url(request)
        else:
            # Not translated: the Portuguese page under the language's prefix.
            translated = False
            url = (
                f"/{code}{source_url}" if source_url and source_url.startswith("/") else source_url
            )
        switch = getattr(page, "language_switch_url", None)
        links.append(
            LanguageLink(
                code=code,
                name=NATIVE_NAMES.get(code, code),
                lang=html_lang(code),
                url=url,
                current=code == current,
                translated=translated,
                switch_url=switch(request, code) if switch and code != current else "",
            )
        )
    return links


def _portuguese_version(page):
    """The Portuguese page `page` is (or translates, or is an alias of)."""
    if page is None or not getattr(page, "pk", None):
        return None
    if is_portuguese(page):
        return page
    return (
        Page.objects.filter(
            translation_key=page.translation_key, locale_id=locale_id(settings.LANGUAGE_CODE)
        ).first()
        or page
    )
