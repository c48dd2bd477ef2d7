"""Pages rendered afresh reuse their kept parts, and an editor's change shows at once.

The whole-page cache is off here: these are the renders behind a cache miss, an
editor's visit or a query string, which reuse the header, footer, breadcrumbs
and page body kept by Django's ``{% cache %}`` under ``fragment_version``
(``home/context_processors.py``).
"""

import re
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client
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


def test_a_second_render_reuses_the_kept_parts(section, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = get()
    with CaptureQueriesContext(connection) as kept:
        second = get()
    assert TOKEN.sub("", second) == TOKEN.sub("", first)
    settings.FRAGMENT_CACHE_SECONDS = 0
    cache.clear()
    with CaptureQueriesContext(connection) as rendered:
        assert TOKEN.sub("", get()) == TOKEN.sub("", first)
    # Nothing is left to ask: the route is kept too (home/routing.py).
    assert len(kept) == 0
    assert len(rendered) > 5
    assert not [q for q in kept.captured_queries if "home_agencysettings" in q["sql"]]


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
        assert "| SDC-MT</title>" in html  # acronym and state, as in the header


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


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CACHE_BLOCK = re.compile(r"{% cache .*?{% endcache %}", re.S)
INCLUDE = re.compile(r"""{% include ["']([^"']+)["']""")


def cached_source(source, seen):
    """The template text inside {% cache %} blocks, with what they include."""
    for block in CACHE_BLOCK.findall(source):
        yield block
        for name in INCLUDE.findall(block):
            path = TEMPLATES / name
            if path.exists() and name not in seen:
                seen.add(name)
                text = path.read_text()
                yield text
                yield from cached_source(text, seen)


def test_no_kept_fragment_holds_a_visitor_s_own_parts():
    """A kept fragment is shared by every visitor: no CSRF token, form errors,
    messages or user bar inside one (nor in what it includes)."""
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        for text in cached_source(path.read_text(), set()):
            for own in ("csrf_token", "messages", "wagtailuserbar", ".errors"):
                if own in text:
                    found.setdefault(str(path.relative_to(TEMPLATES)), set()).add(own)
    assert found == {}


def test_kept_fragments_hold_no_csrf_token(section):
    from django.core.cache import caches

    for url in (PAGE, "/", "/orientacoes/", "/reclamacao/"):
        Client().get(url)
    kept = [
        value
        for key, value in caches["default"]._cache.items()
        if key.startswith(":1:template.cache.")
    ]
    assert kept
    for value in kept:
        assert b"csrfmiddlewaretoken" not in value


def test_a_preview_keeps_nothing(section):
    from django.core.cache import caches

    caches["default"].clear()
    page = section.withdrawal
    page.title = "Título em pré-visualização"
    assert "Título em pré-visualização" in page.make_preview_request().content.decode()
    # Django's local-memory cache files a zero timeout as already expired.
    now = time.time()
    kept = caches["default"]._expire_info.items()
    assert not [key for key, expiry in kept if "template.cache." in key and expiry > now]


def test_a_change_made_without_signals_shows_after_a_purge(section):
    from home import page_cache

    get()
    page = section.withdrawal
    type(page).objects.filter(pk=page.pk).update(title="Título mudado sem sinal")
    assert "<h1>Título mudado sem sinal</h1>" not in get()  # the kept body
    page_cache.purge()
    assert "<h1>Título mudado sem sinal</h1>" in get()


def test_a_new_view_restriction_applies_at_once(section):
    get()
    restriction = PageViewRestriction.objects.create(
        page=section.withdrawal, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Equipe"))
    assert Client().get(PAGE).status_code == 302  # to the login page
