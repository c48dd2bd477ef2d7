"""Pages rendered afresh reuse their kept parts, and an editor's change shows at once.

The whole-page cache is off here: these are the renders behind a cache miss, an
editor's visit or a query string, which reuse the header, footer, breadcrumbs
and page body kept by ``{% fragment %}`` and the route kept by
``home.route_cache``.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.template import Context, Template
from django.test import Client, RequestFactory
from wagtail.models import PageViewRestriction, Site

from home.models import AgencySettings
from services.models import Topic

from .conftest import guidance_body

pytestmark = pytest.mark.django_db

PAGE = "/orientacoes/direito-de-arrependimento/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600


def get(url=PAGE, client=None):
    response = (client or Client()).get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_render_reuses_the_kept_parts(section, django_assert_max_num_queries):
    first = get()
    with django_assert_max_num_queries(1):  # the page itself
        second = get()
    assert TOKEN.sub("", second) == TOKEN.sub("", first)


def test_publishing_a_changed_title_and_body_shows_at_once(section):
    get()
    get()
    page = section.withdrawal
    page.title = "Arrependimento: sete dias para desistir"
    body = guidance_body()
    body[1]["value"] = "<p>Texto novo sobre os sete dias.</p>"
    page.body = body
    page.save_revision().publish()
    html = get()
    assert "<h1>Arrependimento: sete dias para desistir</h1>" in html
    assert "<title>Arrependimento: sete dias para desistir |" in html
    assert "Texto novo sobre os sete dias." in html


def test_a_draft_does_not_show_until_it_is_published(section):
    get()
    page = section.withdrawal
    page.title = "Rascunho ainda não publicado"
    page.save_revision()
    assert "Rascunho ainda não publicado" not in get()


def test_a_preview_shows_the_draft_even_with_the_live_page_kept(section):
    get()
    page = section.withdrawal
    page.title = "Título em pré-visualização"
    response = page.make_preview_request()
    assert "Título em pré-visualização" in response.content.decode()
    assert "Título em pré-visualização" not in get()


def test_site_settings_and_menu_changes_show_at_once(section):
    get()
    get("/")
    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    agency.name = "Superintendência de Defesa do Consumidor"
    agency.acronym = "SDC"
    agency.main_menu = [
        {"type": "link", "value": {"label": "Notícias do órgão", "page": None, "url": "/noticias/"}}
    ]
    agency.save()
    for url in (PAGE, "/"):
        html = get(url)
        assert "Superintendência de Defesa do Consumidor" in html
        assert "Notícias do órgão" in html
        assert "| SDC</title>" in html


def test_renaming_a_topic_shows_at_once(section):
    assert "Comércio eletrônico" in get()
    topic = Topic.objects.get(slug="comercio-eletronico")
    topic.name = "Compras pela internet"
    topic.save()
    assert "Compras pela internet" in get()


def test_every_visitor_gets_their_own_csrf_token(section):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    get(client=first)
    tokens = [TOKEN.search(get(client=c)).group(1) for c in (first, second)]
    assert tokens[0] != tokens[1]
    for client, token in zip((first, second), tokens, strict=True):
        response = client.post(PAGE + "avaliacao/", {"useful": "sim", "csrfmiddlewaretoken": token})
        assert response.status_code == 302  # accepted, back to the page


def test_a_fragment_with_a_csrf_token_is_never_kept(rf=None):
    request = RequestFactory().get("/")
    template = Template(
        "{% load fragment_cache %}{% fragment 'f' %}{% csrf_token %}{% endfragment %}"
    )
    first = template.render(Context({"request": request, "csrf_token": "a" * 64}))
    second = template.render(Context({"request": request, "csrf_token": "b" * 64}))
    assert "a" * 64 in first
    assert "b" * 64 in second


def test_a_change_made_without_signals_shows_after_a_purge_or_expiry(section):
    """The remembered route holds the page itself: a change made behind Wagtail's
    back (no signal) shows once the entry expires or the cache is purged."""
    import time

    from django.core.cache import cache

    from home import page_cache, route_cache

    get()
    type(section.withdrawal).objects.filter(pk=section.withdrawal.pk).update(live=False)
    (key,) = [key for key in cache._cache if "route:" in key]
    assert cache._expire_info[key] <= time.time() + route_cache.ROUTE_CACHE_SECONDS
    page_cache.purge()
    assert Client().get(PAGE).status_code == 404


def test_a_remembered_route_serves_the_page_without_a_query(section, django_assert_max_num_queries):
    get()
    with django_assert_max_num_queries(0):
        # Served from the fragments and the remembered page; the page cache is off.
        assert Client().get(PAGE).status_code == 200


def test_a_new_view_restriction_applies_at_once(section):
    get()
    restriction = PageViewRestriction.objects.create(
        page=section.withdrawal, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Equipe"))
    assert Client().get(PAGE).status_code == 302  # to the login page


def test_only_routes_to_pages_that_answered_are_kept(section):
    from django.core.cache import cache

    for _ in range(2):
        assert Client().get("/orientacoes/tema/nao-existe/").status_code == 404
    assert not [key for key in cache._cache if "route:" in key]
    get()
    assert [key for key in cache._cache if "route:" in key]
