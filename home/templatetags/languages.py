"""The language switcher, the page's ``hreflang`` alternates and the notice on
a page not translated yet (``home/i18n.py``)."""

import hashlib

from django import template
from django.conf import settings
from django.utils import translation

from home import i18n, page_cache

register = template.Library()

# Links to the other languages are kept as long as pages are (the page cache's
# generation changes with every publish): a form step reads them without queries.
LINKS_SECONDS = 600


@register.simple_tag(takes_context=True)
def language_links(context):
    request = context.get("request")
    if request is None:
        return []
    page = context.get("page")
    page_pk = getattr(page, "pk", None)
    # A view may name the address to offer instead of its own (one with a token).
    path = context.get("language_links_path") or request.get_full_path()
    address = hashlib.sha256(path.encode()).hexdigest()
    key = f"language-links:{request.get_host()}:{page_pk}:{address}"
    cache = page_cache.backend()
    version = page_cache.request_generation(request)
    links = None if getattr(request, "is_preview", False) else cache.get(key, version=version)
    if links is None:
        links = i18n.language_links(request, page if page_pk else None, path)
        cache.set(key, links, LINKS_SECONDS, version=version)
    return links


@register.simple_tag(takes_context=True)
def reads_in_portuguese(context):
    """Whether the page is shown in Portuguese to a reader of English or Spanish."""
    return i18n.reads_in_portuguese(context.get("page"))


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """Like Wagtail's ``pageurl``, in the reader's language for any page."""
    return i18n.page_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def canonical_page_url(context, page):
    """The page's full address; for a page read untranslated under /en/ or /es/,
    its Portuguese address (the same text at two addresses names one)."""
    request = context.get("request")
    if i18n.reads_in_portuguese(page):
        with translation.override(settings.LANGUAGE_CODE):
            return page.get_full_url(request)
    return page.get_full_url(request)


@register.filter
def html_lang(code):
    return i18n.html_lang(code)


# Open Graph names locales language_TERRITORY; Latin American Spanish is es_LA.
OG_LOCALES = {"pt-br": "pt_BR", "en": "en_US", "es": "es_LA"}


@register.filter
def og_locale(code):
    return OG_LOCALES.get(code, "pt_BR")
