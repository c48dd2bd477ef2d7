"""Site search: ranking, filters, highlighting; on whichever database the suite runs."""

import pytest
from django.conf import settings

from services.search import highlight, query_stems, search_pages, title_hits

pytestmark = pytest.mark.django_db


def result_paths(client, query_string):
    response = client.get(f"/busca/?{query_string}")
    assert response.status_code == 200
    return [result["page"].url for result in response.context["results"]]


def test_arrependimento_finds_the_withdrawal_page_first(client, demo_content):
    paths = result_paths(client, "q=arrependimento")
    assert paths[0] == "/orientacoes/direito-de-arrependimento/"


def test_search_finds_words_in_the_body(client, demo_content):
    # "Não Me Perturbe" only appears in the telemarketing page's body.
    assert result_paths(client, "q=Perturbe") == ["/orientacoes/telemarketing/"]


def test_portuguese_stemming(client, demo_content):
    # "arrependimentos" is not in any page; its stem is indexed with the page's text.
    assert "/orientacoes/direito-de-arrependimento/" in result_paths(client, "q=arrependimentos")


def test_postgresql_uses_the_portuguese_configuration():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    assert backend["BACKEND"] == "wagtail.search.backends.database"
    assert backend["SEARCH_CONFIG"] == "portuguese"


def test_topic_filter(client, demo_content):
    paths = result_paths(client, "q=cobrança&tema=energia-e-agua")
    assert paths
    assert "/orientacoes/conta-de-luz-ou-agua-alta/" in paths or (
        "/orientacoes/cobranca-indevida/" in paths
    )
    for path in paths:
        html = client.get(path).content.decode()
        assert "Energia e água" in html
    assert "/orientacoes/telemarketing/" not in paths


def test_type_filter(client, demo_content):
    news = result_paths(client, "q=escolar&tipo=noticia")
    # On PostgreSQL "escolar" also finds "escolas" (stemming), in another news item.
    assert news[0] == "/noticias/lista-de-material-escolar/"
    assert all(path.startswith("/noticias/") for path in news)
    guidance = result_paths(client, "q=escolar&tipo=orientacao")
    assert "/orientacoes/mensalidade-e-material-escolar/" in guidance
    assert all(not path.startswith("/noticias/") for path in guidance)
    steps = result_paths(client, "q=protocolo&tipo=passo-a-passo")
    assert steps and all(
        path
        in {
            "/orientacoes/como-registrar-uma-reclamacao/",
            "/orientacoes/resolver-um-problema-de-consumo/",
        }
        for path in steps
    )


def test_unpublished_pages_are_not_found(client, demo_content):
    from services.models import GuidancePage

    GuidancePage.objects.get(slug="telemarketing").unpublish()
    assert result_paths(client, "q=Perturbe") == []


def test_results_page_shows_type_and_highlighted_summary(client, demo_content):
    html = client.get("/busca/?q=garantia").content.decode()
    assert "<mark>garantia</mark>" in html
    assert '<p class="search-result__type">Orientação</p>' in html
    assert "resultados para “garantia”" in html


def test_empty_and_invalid_input_never_fail(client, demo_content):
    response = client.get("/busca/")
    assert response.status_code == 200
    assert response.context["results"] == []
    response = client.get("/busca/?q=arrependimento&tema=nao-existe&tipo=xyz")
    assert response.status_code == 200
    assert "Há um problema" in response.content.decode()
    response = client.get("/busca/?q=arrependimento&pagina=999")
    assert response.status_code == 200
    response = client.get("/busca/?q=" + "a" * 500)
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client, section):
    from services.models import GuidancePage

    from .conftest import guidance_body, publish

    for number in range(12):
        page = GuidancePage(
            title=f"Garantia {number}",
            slug=f"garantia-{number}",
            summary="Garantia legal.",
            body=guidance_body(),
        )
        page.topics = [section.topics["shops"]]
        publish(section.index, page)
    html = client.get("/busca/?q=garantia&tema=comercio-eletronico").content.decode()
    assert "12 resultados" in html
    assert 'href="?q=garantia&amp;tema=comercio-eletronico&amp;pagina=2"' in html
    second = client.get("/busca/?q=garantia&tema=comercio-eletronico&pagina=2")
    assert len(second.context["results"]) == 2


def test_search_pages_returns_ids_in_rank_order(section):
    ids = search_pages("arrependimento")
    assert ids[0] == section.withdrawal.pk


def test_highlight_escapes_and_marks_stems():
    html = highlight("Você pode se arrepender <b>da compra</b>.", "arrependimento")
    assert html == "Você pode se <mark>arrepender</mark> &lt;b&gt;da compra&lt;/b&gt;."
    assert highlight("Cobrança indevida", "COBRANCA") == "<mark>Cobrança</mark> indevida"
    assert highlight("Sem termos", "") == "Sem termos"
    assert highlight("", "x") == ""


def test_title_hits_counts_query_words_in_the_title():
    stems = query_stems("cancelar serviço")
    assert title_hits("Como cancelar um serviço contínuo", stems) == 2
    assert title_hits("Cancelamento de planos", stems) == 1
    assert title_hits("Garantia legal", stems) == 0
