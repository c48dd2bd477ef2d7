"""Site search over every published page, with topic and type filters.

The index is Wagtail's database backend: PostgreSQL full-text search with the
'portuguese' configuration (stemming: "arrependimento" also finds
"arrepender") when the site runs on PostgreSQL, SQLite's FTS5 otherwise.
"""

import re
import unicodedata

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from .models import GuidancePage, NewsPage, StepByStepPage

# Readers filter by these keys (?tipo=...), in Portuguese like the rest of the URLs.
PAGE_TYPES = {
    "orientacao": (GuidancePage, pgettext_lazy("page type", "Guidance")),
    "passo-a-passo": (StepByStepPage, pgettext_lazy("page type", "Step by step")),
    "noticia": (NewsPage, pgettext_lazy("page type", "News")),
}
TYPE_LABELS = dict(PAGE_TYPES.values())

# Longest first: the first suffix that leaves a stem of MIN_STEM letters is removed.
_SUFFIXES = sorted(
    [
        "amentos", "imentos", "amento", "imento", "mente", "acoes", "icoes", "acao",
        "icao", "coes", "cao", "oes", "ais", "eis", "ar", "er", "ir", "as", "es", "os",
        "a", "e", "o", "s",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
MIN_STEM = 4
# Enough for a site of guidance and news; nobody reads page 51 of results.
MAX_RESULTS = 500
_WORD = re.compile(r"(\w+)")


def _normalise(word):
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _stem(word):
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def query_stems(query):
    """Accent-free crude stems of the query's words of three letters or more."""
    return {_stem(_normalise(term)) for term in _WORD.findall(query or "") if len(term) >= 3}


def _matches(word, stems):
    word = _normalise(word)
    return any(word.startswith(stem) for stem in stems)


def title_hits(title, stems):
    """How many of the query's stems appear in ``title``."""
    words = _WORD.findall(title or "")
    return sum(1 for stem in stems if any(_matches(word, {stem}) for word in words))


def highlight(text, query):
    """``text`` escaped, with the words that match the query wrapped in ``<mark>``.

    Matching ignores case and accents and compares crude Portuguese stems, so
    "arrependimento" marks "arrepender" too; the database did the real
    matching, this only guides the reader's eye.
    """
    stems = query_stems(query)
    if not text or not stems:
        return escape(text or "")
    parts = []
    for index, part in enumerate(_WORD.split(text)):
        is_word = index % 2 == 1
        if is_word and _matches(part, stems):
            parts.append(format_html("<mark>{}</mark>", part))
        else:
            parts.append(escape(part))
    return mark_safe("".join(parts))  # noqa: S308 - every part was escaped above


def pages_with_topic(topic):
    """Ids of the content pages tagged with ``topic``, in one query."""
    ids = [
        model.topics.through.objects.filter(topic=topic).values_list(
            f"{model._meta.model_name}_id", flat=True
        )
        for model, _label in PAGE_TYPES.values()
    ]
    return set(ids[0].union(*ids[1:]))


def search_pages(query, *, topic=None, page_type=None):
    """Ids of the live, public pages matching ``query``, best first.

    ``page_type`` is a key of PAGE_TYPES; ``topic`` a Topic. Pages whose title
    has the query's words come first; within each group the search backend's
    relevance decides. The backends rank differently (SQLite's BM25 ignores
    field boosts, PostgreSQL weighs the title), so this keeps "arrependimento"
    finding the page about the right of withdrawal first on both.
    """
    pages = Page.objects.live().public()
    if page_type:
        pages = pages.type(PAGE_TYPES[page_type][0])
    if topic is not None:
        pages = pages.filter(pk__in=pages_with_topic(topic))
    # Words only: punctuation is query syntax to the backends (SQLite FTS5 reads
    # "javascript:alert(1)" as a column filter and fails), never something to find.
    words = " ".join(_WORD.findall(query or ""))
    if not words:
        return []
    matches = list(pages.only("pk", "title").search(words)[:MAX_RESULTS])
    stems = query_stems(query)
    ranked = sorted(
        enumerate(matches), key=lambda item: (-title_hits(item[1].title, stems), item[0])
    )
    return [page.pk for _position, page in ranked]


def specific_pages(ids):
    """The pages with these ids, as their own page types, in the order given."""
    pages = Page.objects.filter(pk__in=ids).specific().in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


def result_summary(page):
    """The text shown under a result's title."""
    return getattr(page, "summary", "") or page.search_description


def result_type(page):
    return TYPE_LABELS.get(type(page), _("Page"))
