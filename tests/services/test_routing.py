"""Routes kept between requests (home/routing.py): no routing queries for a known
address, and every change an editor makes to what answers an address shows at once."""

import hashlib
import inspect
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from home import views
from home.routing import RoutedPageMixin

pytestmark = pytest.mark.django_db

PAGE = "/orientacoes/direito-de-arrependimento/"
TOPIC = "/orientacoes/tema/comercio-eletronico/"
# What Wagtail's routing and view-restriction check read: a child by its slug at
# each level, the ancestors' aliases, the restrictions of the page and its ancestors.
ROUTING_SQL = (
    '"wagtailcore_page"."slug" = ',
    '"alias_of_id" FROM "wagtailcore_page"',
    'FROM "wagtailcore_pageviewrestriction" WHERE "wagtailcore_pageviewrestriction"."page_id" IN',
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def routes_kept(settings):
    # Pages rendered each time (the page cache would answer before any routing).
    settings.PAGE_CACHE_SECONDS = 0
    settings.ROUTE_CACHE_SECONDS = 600


def routing_queries(url, client=None, method="get", **data):
    """The answer, and the queries the request made to find its page and check it."""
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client or Client(), method)(url, data)
    routing = [
        query["sql"]
        for query in queries.captured_queries
        if any(sign in query["sql"] for sign in ROUTING_SQL)
    ]
    return response, routing


def count_queries(url):
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/orientacoes/", PAGE, TOPIC, "/noticias/"])
def test_a_known_address_is_routed_without_the_database(section, settings, url):
    response, first = routing_queries(url)
    assert response.status_code == 200
    assert first, "the first visit routes through Wagtail"
    response, second = routing_queries(url)
    assert response.status_code == 200
    assert second == []
    kept = count_queries(url)
    settings.ROUTE_CACHE_SECONDS = 0
    count_queries(url)
    # Wagtail's routing: at least the root page and its specific type, the child
    # at each level, the aliases and the restrictions.
    assert count_queries(url) >= kept + 4


def test_the_answer_is_the_one_wagtail_gives(section, settings):
    kept = [Client().get(url) for url in (PAGE, PAGE, TOPIC, TOPIC)]
    settings.ROUTE_CACHE_SECONDS = 0
    routed = [Client().get(url) for url in (PAGE, PAGE, TOPIC, TOPIC)]
    for one, other in zip(kept, routed, strict=True):
        assert one.status_code == other.status_code == 200
        assert TOKEN.sub("", one.content.decode()) == TOKEN.sub("", other.content.decode())


def test_turned_off_every_request_routes_through_wagtail(section, settings):
    settings.ROUTE_CACHE_SECONDS = 0
    routing_queries(PAGE)
    assert routing_queries(PAGE)[1]


def test_unknown_and_failed_addresses_are_not_kept(section):
    for url in ("/orientacoes/nao-existe/", "/orientacoes/tema/nao-existe/"):
        assert Client().get(url).status_code == 404
        response, queries = routing_queries(url)
        assert response.status_code == 404
        assert queries, url


def test_a_new_slug_moves_the_address_at_once(section):
    routing_queries(PAGE)
    page = section.withdrawal
    page.slug = "arrependimento"
    page.save_revision().publish()
    assert Client().get(PAGE).status_code == 404
    assert Client().get("/orientacoes/arrependimento/").status_code == 200


def test_unpublishing_takes_a_known_page_at_once(section):
    routing_queries(PAGE)
    routing_queries("/orientacoes/")
    section.withdrawal.unpublish()
    assert Client().get(PAGE).status_code == 404
    section.index.unpublish()
    assert Client().get("/orientacoes/").status_code == 404


def test_moving_and_deleting_take_effect_at_once(section):
    routing_queries(PAGE)
    section.withdrawal.move(section.news_index, pos="last-child")
    moved = "/noticias/direito-de-arrependimento/"
    old_address = Client().get(PAGE)
    assert old_address.status_code != 200  # the redirect Wagtail makes, or not found
    assert old_address.get("Location", moved) == moved
    assert Client().get(moved).status_code == 200
    Page.objects.get(pk=section.withdrawal.pk).delete()
    assert Client().get(moved).status_code == 404


def test_a_view_restriction_above_a_known_page_applies_at_once(section):
    response, _ = routing_queries(PAGE)
    assert "Direito de arrependimento" in response.content.decode()
    restriction = PageViewRestriction.objects.create(
        page=section.index, restriction_type=PageViewRestriction.PASSWORD, password="segredo"
    )
    response = Client().get(PAGE)
    assert 'name="password"' in response.content.decode()
    assert "sete dias" not in response.content.decode()
    # Restricted pages keep asking the database, however often they are seen.
    assert routing_queries(PAGE)[1]
    restriction.delete()
    response = Client().get(PAGE)
    assert 'name="password"' not in response.content.decode()


def test_a_login_restriction_sends_visitors_to_sign_in(section):
    routing_queries(PAGE)
    PageViewRestriction.objects.create(
        page=section.withdrawal, restriction_type=PageViewRestriction.LOGIN
    )
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_draft_keeps_the_route_and_the_live_page(section):
    routing_queries(PAGE)
    page = section.withdrawal
    page.title = "Rascunho que ainda não foi publicado"
    page.save_revision()
    response, queries = routing_queries(PAGE)
    assert "Rascunho que ainda não foi publicado" not in response.content.decode()
    assert queries == []


def test_each_site_keeps_its_own_routes(section, settings):
    settings.ALLOWED_HOSTS = ["testserver", "noticias.example"]
    Site.objects.create(hostname="noticias.example", port=80, root_page=section.news_index)
    assert Client().get("/").status_code == 200
    other = Client(HTTP_HOST="noticias.example").get("/")
    assert other.status_code == 200
    assert "Cuidados nas compras de fim de ano" in other.content.decode()
    assert (
        "Cuidados nas compras de fim de ano"
        in Client(HTTP_HOST="noticias.example").get("/").content.decode()
    )


def test_a_form_step_post_uses_the_route_its_get_kept(demo_content):
    client = Client()
    assert client.get("/consulta/etapa/1/").status_code == 200
    response, queries = routing_queries(
        "/consulta/etapa/1/",
        client,
        method="post",
        nome="João Pereira",
        email_contato="joao@example.com",
        municipio="5103403",
    )
    assert response.status_code == 302
    assert response["Location"].endswith("/consulta/etapa/2/")
    assert not [sql for sql in queries if 'FROM "wagtailcore_page"' in sql]


def test_every_page_model_answers_the_restriction_check_from_a_kept_route():
    for model in get_page_models():
        if model is not Page:
            assert issubclass(model, RoutedPageMixin), model


# What the routing relies on in Wagtail: if one of these fails after an upgrade,
# compare home/views.serve with wagtail.views.serve and home/routing.py with
# Page.route_for_request, then update them and the pins below.
WAGTAIL_SERVE_SHA256 = "eab2a9d475a3384347f8dd3a62e522b635298d6990adf6e3fbbdd302bfa8d62b"


def test_wagtails_serve_view_is_the_one_home_views_repeats():
    source = inspect.getsource(wagtail_views.serve)
    assert hashlib.sha256(source.encode()).hexdigest() == WAGTAIL_SERVE_SHA256, source


def test_pages_are_served_by_the_routing_view_at_wagtails_addresses(section):
    assert wagtail_urls.serve_pattern == r"^((?:[\w\-]+/)*)$"
    for url in ("/", PAGE, TOPIC, "/orientacoes/tema/comercio-eletronico/avaliacao/"):
        assert resolve(url).func is views.serve, url
    # Wagtail's own password and login views, and its name for page addresses.
    assert resolve("/_util/login/").url_name == "wagtailcore_login"
    assert section.withdrawal.url == PAGE
