"""Page and listing views run a bounded number of queries, whatever their content."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from services.models import GuidancePage, NewsPage, Topic

from .conftest import guidance_body, publish

pytestmark = pytest.mark.django_db

# Measured (the same on SQLite and PostgreSQL) plus one, so a small change in Wagtail
# does not fail the suite while an extra query per item still does (see below).
# A page rendered again reuses its kept parts ({% cache %}) and the route to it
# (home/routing.py): what is left is the page's own content (lists, topics) ...
MAX_QUERIES = {
    "/": 1,
    "/orientacoes/": 3,
    "/orientacoes/tema/comercio-eletronico/": 12,
    "/orientacoes/direito-de-arrependimento/": 1,
    "/orientacoes/resolver-um-problema/": 2,
    "/noticias/": 7,
    "/noticias/?tema=comercio-eletronico": 7,
    "/noticias/compras-de-fim-de-ano/": 3,
    # The search also finds the site, reads the editors' promotions and counts the query.
    "/busca/?q=arrependimento": 10,
    "/busca/?q=arrependimento&tema=comercio-eletronico&tipo=orientacao": 11,
}
# ... and with no fragment kept (fragment cache off, e.g. right after a publish; a
# publish forgets the routes too, so the first visit after it also routes: see
# tests/services/test_routing.py).
MAX_QUERIES_UNCACHED = {
    "/": 3,
    "/orientacoes/": 5,
    "/orientacoes/tema/comercio-eletronico/": 13,
    "/orientacoes/direito-de-arrependimento/": 10,
    "/orientacoes/resolver-um-problema/": 5,
    "/noticias/": 9,
    "/noticias/?tema=comercio-eletronico": 9,
    "/noticias/compras-de-fim-de-ano/": 5,
    "/busca/?q=arrependimento": 11,
    "/busca/?q=arrependimento&tema=comercio-eletronico&tipo=orientacao": 12,
}


@pytest.fixture(autouse=True)
def rendered_pages(settings):
    """Budgets are for rendering a page; the page cache would answer with none."""
    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(params=["kept", "uncached"])
def fragments(request, settings):
    if request.param == "uncached":
        settings.FRAGMENT_CACHE_SECONDS = 0
        return MAX_QUERIES_UNCACHED
    settings.FRAGMENT_CACHE_SECONDS = 600
    return MAX_QUERIES


def count_queries(client, url):
    client.get(url)  # warm the per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_more_content(section, how_many):
    """More guidance and news on the same topics, to catch queries per item."""
    topics = list(Topic.objects.all())
    for number in range(how_many):
        page = GuidancePage(
            title=f"Orientação extra {number} sobre arrependimento e consumo",
            slug=f"extra-{number}",
            summary="Resumo sobre arrependimento.",
            last_reviewed=datetime.date(2026, 1, 1),
            body=guidance_body(),
        )
        page.topics = topics
        publish(section.index, page)
        news = NewsPage(
            title=f"Notícia extra {number}",
            slug=f"noticia-extra-{number}",
            date=datetime.date(2026, 1, number + 1),
            summary="Resumo.",
            body=[],
        )
        news.topics = topics
        publish(section.news_index, news)


@pytest.mark.parametrize("url", list(MAX_QUERIES))
def test_query_count_is_bounded(client, section, url, fragments, django_assert_max_num_queries):
    client.get(url)
    with django_assert_max_num_queries(fragments[url]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", list(MAX_QUERIES))
def test_query_count_does_not_grow_with_content(client, section, url, fragments):
    cache.clear()
    before = count_queries(client, url)
    add_more_content(section, 6)
    cache.clear()
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries, then {after} with more content"
