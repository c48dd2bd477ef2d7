"""Whole pages are cached for anonymous visitors, and an editor's change shows at once."""

import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings
from wagtail.models import Site

from home import page_cache
from home.models import AgencySettings

pytestmark = pytest.mark.django_db

PAGE = "/orientacoes/direito-de-arrependimento/"
FEEDBACK = PAGE + "avaliacao/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def get(url, client=None):
    return (client or Client()).get(url)


def test_second_anonymous_visit_is_served_from_the_cache(section, django_assert_num_queries):
    first = get(PAGE)
    assert first.status_code == 200
    assert first[page_cache.HEADER] == "miss"
    with django_assert_num_queries(0):
        second = get(PAGE)
    assert second[page_cache.HEADER] == "hit"
    assert second.content.decode().count("Direito de arrependimento") >= 1
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())


def test_publishing_a_change_shows_at_once(section):
    get(PAGE)
    assert get(PAGE)[page_cache.HEADER] == "hit"
    page = section.withdrawal
    page.title = "Arrependimento: sete dias para desistir"
    page.save_revision().publish()
    response = get(PAGE)
    assert response.headers.get(page_cache.HEADER) != "hit"
    assert "Arrependimento: sete dias para desistir" in response.content.decode()
    assert "Arrependimento: sete dias para desistir" in get(PAGE).content.decode()


def test_a_change_to_a_listed_page_refreshes_the_list(section):
    assert "Cuidados nas compras de fim de ano" in get("/noticias/").content.decode()
    section.news.title = "Compras de Natal: guarde os anúncios"
    section.news.save_revision().publish()
    assert "Compras de Natal: guarde os anúncios" in get("/noticias/").content.decode()


def test_unpublishing_removes_the_page_at_once(section):
    assert get(PAGE).status_code == 200
    section.withdrawal.unpublish()
    assert get(PAGE).status_code == 404


def test_moving_a_page_moves_it_at_once(section):
    assert get(PAGE).status_code == 200
    section.withdrawal.move(section.news_index, pos="last-child")
    response = get(PAGE)
    assert response.status_code != 200  # a redirect to the new place, or not found
    assert get("/noticias/direito-de-arrependimento/").status_code == 200


def test_deleting_a_page_removes_it_at_once(section):
    assert get(PAGE).status_code == 200
    section.withdrawal.delete()
    assert get(PAGE).status_code == 404


def test_site_settings_change_shows_on_every_page(section):
    get(PAGE)
    agency = AgencySettings.for_site(Site.objects.get(is_default_site=True))
    agency.name = "Superintendência de Defesa do Consumidor"
    agency.save()
    assert "Superintendência de Defesa do Consumidor" in get(PAGE).content.decode()


def test_topic_rename_shows_at_once(section):
    get(PAGE)
    topic = section.topics["shops"]
    topic.name = "Compras pela internet"
    topic.save()
    assert "Compras pela internet" in get(PAGE).content.decode()


def test_each_visitor_gets_a_working_csrf_token_of_their_own(section):
    get(PAGE)  # stored
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    one, two = first.get(PAGE), second.get(PAGE)
    assert one[page_cache.HEADER] == two[page_cache.HEADER] == "hit"
    token_one = TOKEN.search(one.content.decode()).group(1)
    token_two = TOKEN.search(two.content.decode()).group(1)
    assert token_one != token_two
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert page_cache.CSRF_PLACEHOLDER.decode() not in one.content.decode()
    answer = first.post(FEEDBACK, {"useful": "sim", "csrfmiddlewaretoken": token_one})
    assert answer.status_code == 302
    # A token taken from someone else's page does not pass.
    stolen = second.post(FEEDBACK, {"useful": "sim", "csrfmiddlewaretoken": token_one})
    assert stolen.status_code == 403


def test_visitor_with_a_csrf_cookie_still_gets_the_cached_page(section):
    client = Client(enforce_csrf_checks=True)
    get(PAGE)
    client.get(PAGE)
    response = client.get(PAGE)
    assert response[page_cache.HEADER] == "hit"
    token = TOKEN.search(response.content.decode()).group(1)
    assert client.post(FEEDBACK, {"useful": "nao", "csrfmiddlewaretoken": token}).status_code == 302


def test_logged_in_editors_never_get_a_cached_page(section, admin_client):
    get(PAGE)
    response = admin_client.get(PAGE)
    assert page_cache.HEADER not in response
    assert get(PAGE)[page_cache.HEADER] == "hit"


def test_visitors_with_other_cookies_are_not_served_from_the_cache(section):
    get(PAGE)
    client = Client()
    client.cookies["messages"] = "anything"
    assert page_cache.HEADER not in client.get(PAGE)


def test_query_strings_are_not_cached(section):
    get(PAGE + "?avaliacao=1")
    response = get(PAGE + "?avaliacao=1")
    assert page_cache.HEADER not in response
    assert "Obrigado" in response.content.decode()
    assert "Obrigado" not in get(PAGE).content.decode()


def test_error_answers_are_not_cached(section):
    get("/orientacoes/nao-existe/")
    assert page_cache.HEADER not in get("/orientacoes/nao-existe/")


def test_form_pages_and_their_steps_are_never_cached(demo_content):
    for url in ("/reclamacao/", "/reclamacao/etapa/1/"):
        first, second = get(url), get(url)
        assert first.status_code == second.status_code == 200, url
        assert page_cache.HEADER not in first, url
        assert page_cache.HEADER not in second, url


def test_home_page_is_cached(demo_content, django_assert_num_queries):
    assert get("/")[page_cache.HEADER] == "miss"
    with django_assert_num_queries(0):
        assert get("/")[page_cache.HEADER] == "hit"


@override_settings(PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(section):
    get(PAGE)
    assert page_cache.HEADER not in get(PAGE)


def test_purge_reaches_other_workers_through_the_marker(section, settings, tmp_path):
    """With the local-memory cache, another process sees the marker change."""
    settings.PAGE_CACHE_GENERATION_FILE = tmp_path / "generation"
    before = page_cache.generation()
    page_cache.purge()
    after = page_cache.generation()
    assert after != before
    page_cache.purge()
    assert page_cache.generation() != after


class SharedCache:
    """Stands for Redis: one cache every worker shares."""

    def __init__(self):
        self.values = {}

    def get(self, key, default=None):
        return self.values.get(key, default)

    def add(self, key, value, timeout=None):
        self.values.setdefault(key, value)

    def set(self, key, value, timeout=None):
        self.values[key] = value

    def incr(self, key):
        if key not in self.values:
            raise ValueError(key)
        self.values[key] += 1


def test_shared_cache_generation_changes_on_purge_and_after_eviction(monkeypatch):
    shared = SharedCache()
    monkeypatch.setattr(page_cache, "backend", lambda: shared)
    first = page_cache.generation()
    assert first == page_cache.generation()
    page_cache.purge()
    assert page_cache.generation() == first + 1
    shared.values.clear()  # evicted: never back to a generation pages were stored under
    assert page_cache.generation() not in (first, first + 1, 0)


def test_purge_never_breaks_publishing(section, settings, tmp_path, caplog):
    blocked = tmp_path / "file"
    blocked.write_text("")
    settings.PAGE_CACHE_GENERATION_FILE = blocked / "generation"  # under a file: fails
    page = section.withdrawal
    page.title = "Direito de arrependimento (revisto)"
    revision = page.save_revision()
    with caplog.at_level("ERROR", logger=page_cache.logger.name):
        revision.publish()

    page.refresh_from_db()
    assert page.live and page.live_revision_id == revision.pk
    assert page.title == "Direito de arrependimento (revisto)"
    assert "Could not purge the page cache" in caplog.text  # said, not raised


def test_editing_or_deleting_an_image_or_document_purges_but_uploading_does_not(section):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    get(PAGE)
    image = get_image_model().objects.create(title="Cartaz", file=get_test_image_file())
    document = get_document_model().objects.create(
        title="Cartilha", file=ContentFile(b"%PDF-1.4 cartilha", name="cartilha.pdf")
    )
    assert get(PAGE)[page_cache.HEADER] == "hit"  # nothing uses a new upload yet
    for item in (image, document):
        item.title = "Novo título"
        item.save()
        assert get(PAGE)[page_cache.HEADER] == "miss"
        assert get(PAGE)[page_cache.HEADER] == "hit"
        item.delete()
        assert get(PAGE)[page_cache.HEADER] == "miss"


def test_publishing_purges_again_once_committed(section, django_capture_on_commit_callbacks):
    """A visitor served between the purge and the commit gets the old page (it is
    still what the database holds); the purge after the commit drops it."""
    page = section.withdrawal
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.title = "Arrependimento: sete dias"
        page.save_revision().publish()
        during = page_cache.generation()
    assert callbacks
    assert page_cache.generation() != during
