"""Site search over every published page, with topic and type filters.

The index is Wagtail's database backend (PostgreSQL full-text search, or
SQLite's FTS5). Each content page also indexes the Portuguese stems of its
text (services.stemming), and a query is searched by its stems: "defeituosos"
finds "defeito" on both databases, and stop words ("com", "de"...) never count.
Editors promote pages for a query (wagtail.contrib.search_promotions); searches
that find nothing are counted for them (UnansweredSearch), without personal data.
"""

import re

from django.db.models import F
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.query import And, Or, PlainText
from wagtail.search.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string

from home import i18n

from .models import GuidancePage, NewsPage, StepByStepPage, UnansweredSearch
from .stemming import WORD, query_stems, stems

# Readers filter by these keys (?tipo=...), in Portuguese like the rest of the URLs.
PAGE_TYPES = {
    "orientacao": (GuidancePage, pgettext_lazy("page type", "Guidance")),
    "passo-a-passo": (StepByStepPage, pgettext_lazy("page type", "Step by step")),
    "noticia": (NewsPage, pgettext_lazy("page type", "News")),
}
TYPE_LABELS = dict(PAGE_TYPES.values())

# Enough for a site of guidance and news; nobody reads page 51 of results.
MAX_RESULTS = 500
# A complaint's description can be long: its first words are enough to match.
MAX_QUERY_WORDS = 30
_WORD_SPLIT = re.compile(r"(\w+)")  # words at odd positions of the split


def title_hits(title, word_stems):
    """How many of the query's words (``query_stems``) appear in ``title``."""
    title_stems = [stems(word) for word in WORD.findall(title or "")]
    return sum(1 for wanted in word_stems if any(wanted & found for found in title_stems))


def _first_title_hit(title, word_stems):
    for position, word in enumerate(WORD.findall(title or "")):
        found = stems(word)
        if any(wanted & found for wanted in word_stems):
            return position
    return MAX_RESULTS


def highlight(text, query):
    """``text`` escaped, with the words that match the query wrapped in ``<mark>``.

    A word matches when it shares a Portuguese stem with a word of the query,
    ignoring case and accents ("arrependimento" marks "arrepender"); stop words
    never match, so "com" does not mark "Comprou" (nor "com").
    """
    word_stems = query_stems(query)
    if not text or not word_stems:
        return escape(text or "")
    wanted = frozenset().union(*word_stems)
    parts = []
    for index, part in enumerate(_WORD_SPLIT.split(text)):
        is_word = index % 2 == 1
        if is_word and stems(part) & wanted:
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


def _backend_query(word_stems, operator):
    """The stems as a query object: each word is any of its stems; words and-ed or or-ed."""
    words = [
        PlainText(next(iter(options)))
        if len(options) == 1
        else Or([PlainText(stem) for stem in sorted(options)])
        for options in word_stems
    ]
    if len(words) == 1:
        return words[0]
    return And(words) if operator == "and" else Or(words)


def search_pages(query, *, topic=None, page_type=None, models=None, operator="and", limit=None):
    """Ids of the live, public pages matching ``query``, best first.

    ``page_type`` is a key of PAGE_TYPES, ``models`` a list of page models (either
    narrows the search); ``topic`` a Topic. ``operator="or"`` finds pages with
    any of the words (the guidance suggestions); by default all must appear.

    Pages whose title has more of the query's words come first, then those
    whose title names them earlier ("Produto com defeito: ..." before "...
    reclamar de defeitos"); within each group the backend's relevance decides.
    The backends rank differently (SQLite's BM25 ignores field boosts, PostgreSQL
    weighs the title), so this keeps the page about the subject first on both.
    """
    word_stems = query_stems(query)[:MAX_QUERY_WORDS]
    if not word_stems:
        return []
    # Pages in the reader's language and in Portuguese, never another language's.
    pages = i18n.for_reader(Page.objects.live().public())
    if page_type:
        pages = pages.type(PAGE_TYPES[page_type][0])
    if models:
        pages = pages.type(*models)
    if topic is not None:
        pages = pages.filter(pk__in=pages_with_topic(topic))
    matches = list(
        pages.only("pk", "title").search(_backend_query(word_stems, operator))[
            : limit or MAX_RESULTS
        ]
    )
    ranked = sorted(
        enumerate(matches),
        key=lambda item: (
            -title_hits(item[1].title, word_stems),
            _first_title_hit(item[1].title, word_stems),
            item[0],
        ),
    )
    return [page.pk for _position, page in ranked]


def promoted_results(query):
    """The editors' promotions for exactly this query (normalised), in their order.

    Looked up without creating a Query row: only `record_search` stores queries.
    """
    normalised = normalise_query_string(query)
    if not normalised:
        return []
    return [
        promotion
        for promotion in SearchPromotion.objects.filter(query__query_string=normalised)
        .select_related("page")
        .order_by("sort_order")
        if promotion.page is None or (promotion.page.live and not _is_private(promotion.page))
    ]


def _is_private(page):
    return page.get_view_restrictions().exists()


# A query with an "@" or five digits or more is probably an email, a CPF, a phone
# number, a CEP or a protocol number: a person's data, typed into the wrong box.
# Such queries are searched but never stored (LGPD: keep only what is needed,
# and the editors' reports need the words people use, not who they are).
_PERSONAL = re.compile(r"@|(?:\d\D*){5,}")


def looks_personal(query):
    return bool(_PERSONAL.search(query or ""))


def record_search(query, *, found):
    """Count the query for the editors: Wagtail's search terms, and ours when nothing was found."""
    normalised = normalise_query_string(query)
    if not normalised or looks_personal(normalised):
        return
    now, today = timezone.now(), timezone.localdate()
    # Query.add_hit() reads and writes the day's row in four queries; this takes one
    # when the day already has it, as it does for every search but the first.
    query = Query.get(normalised)
    if not QueryDailyHits.objects.filter(query=query, date=today).update(hits=F("hits") + 1):
        QueryDailyHits.objects.get_or_create(query=query, date=today, defaults={"hits": 1})
    if not found:
        kept = normalised[:MAX_QUERY_STRING_LENGTH]
        updated = UnansweredSearch.objects.filter(query_string=kept).update(
            count=F("count") + 1, last_seen=now
        )
        if not updated:
            UnansweredSearch.objects.get_or_create(
                query_string=kept, defaults={"count": 1, "last_seen": now}
            )


def specific_pages(ids):
    """The pages with these ids, as their own page types, in the order given."""
    pages = Page.objects.filter(pk__in=ids).specific().in_bulk()
    return [pages[pk] for pk in ids if pk in pages]


def result_summary(page):
    """The text shown under a result's title."""
    return getattr(page, "summary", "") or page.search_description


def result_type(page):
    return TYPE_LABELS.get(type(page), _("Page"))
