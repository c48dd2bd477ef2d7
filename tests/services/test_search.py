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


# --- issue #17: search people find ----------------------------------------------------


def test_defeituosos_finds_the_defective_product_page_first(client, demo_content):
    # Only "defeito(s)" is in the pages: the stem is what matches, on either database.
    assert result_paths(client, "q=defeituosos")[0] == "/orientacoes/produto-com-defeito/"


def test_cobrancas_finds_the_undue_charge_page_first(client, demo_content):
    assert result_paths(client, "q=cobranças")[0] == "/orientacoes/cobranca-indevida/"
    assert result_paths(client, "q=cobrancas")[0] == "/orientacoes/cobranca-indevida/"


def test_stop_words_are_never_highlighted():
    assert highlight("Comprou com defeito", "com defeito") == "Comprou com <mark>defeito</mark>"
    assert highlight("Comprou com cartão", "com") == "Comprou com cartão"
    assert highlight("Direito de arrependimento", "de") == "Direito de arrependimento"


def test_stop_words_alone_find_nothing(client, demo_content):
    assert search_pages("com de para que") == []


def test_result_counts_use_the_right_plural(client, demo_content):
    from services.views import results_heading

    assert results_heading(0, "x") == "0 resultados para “x”"
    assert results_heading(1, "x") == "1 resultado para “x”"
    assert results_heading(2, "x") == "2 resultados para “x”"
    html = client.get("/busca/?q=zzzinexistente").content.decode()
    assert "0 resultados para “zzzinexistente”" in html
    html = client.get("/busca/?q=Perturbe").content.decode()
    assert "1 resultado para “Perturbe”" in html


def test_the_editors_promotion_comes_first_and_is_marked(client, demo_content):
    response = client.get("/busca/", {"q": "Geladeira  quebrou"})
    promoted = response.context["promoted"]
    assert [item["page"].url for item in promoted] == ["/orientacoes/produto-com-defeito/"]
    paths = [result["page"].url for result in response.context["results"]]
    assert "/orientacoes/produto-com-defeito/" not in paths
    html = response.content.decode()
    assert html.index("Recomendado") < html.index("/orientacoes/produto-com-defeito/")
    assert "search-result--promoted" in html


def test_the_demo_promotion_is_loaded_once(demo_content):
    from django.core.management import call_command
    from wagtail.contrib.search_promotions.models import SearchPromotion

    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert SearchPromotion.objects.filter(query__query_string="geladeira quebrou").count() == 1


def test_a_promotion_of_an_unpublished_page_is_not_shown(client, demo_content):
    from services.models import GuidancePage

    GuidancePage.objects.get(slug="produto-com-defeito", locale__language_code="pt-br").unpublish()
    response = client.get("/busca/", {"q": "geladeira quebrou"})
    assert response.context["promoted"] == []


def test_searches_without_results_are_recorded_without_personal_data(client, demo_content):
    from wagtail.contrib.search_promotions.models import Query

    from services.models import UnansweredSearch

    for query in ["Zzz Inexistente", "zzz inexistente", "529.982.247-25", "maria@example.com"]:
        client.get("/busca/", {"q": query})
    client.get("/busca/", {"q": "(65) 99999-1234"})
    client.get("/busca/", {"q": "garantia"})  # found: not in the report
    assert list(UnansweredSearch.objects.values_list("query_string", "count")) == [
        ("zzz inexistente", 2)
    ]
    stored = set(Query.objects.values_list("query_string", flat=True))
    assert "garantia" in stored
    assert not any(char.isdigit() or "@" in text for text in stored for char in text)


def test_the_no_results_report_lists_a_failed_query_and_no_cpf(admin_client, demo_content):
    # Words no demo page uses (the guidance now mentions "boleto", which the
    # search would find through its fallback to any word).
    admin_client.get("/busca/", {"q": "jabuticaba voadora xyz"})
    admin_client.get("/busca/", {"q": "52998224725"})
    html = admin_client.get("/admin/buscas-sem-resultado/").content.decode()
    assert "Buscas sem resultado" in html
    assert "jabuticaba voadora xyz" in html
    assert "52998224725" not in html
    # Listed under Reports in the admin menu.
    assert "/admin/buscas-sem-resultado/" in admin_client.get("/admin/").content.decode()


def test_search_page_query_count_is_bounded(client, demo_content, django_assert_max_num_queries):
    client.get("/busca/?q=garantia")  # warm the caches (site, settings)
    # A query's first search of the day also creates its rows for the editors' reports.
    with django_assert_max_num_queries(18):
        response = client.get("/busca/?q=defeituosos")
    assert response.status_code == 200
    with django_assert_max_num_queries(14):
        client.get("/busca/?q=defeituosos")
    with django_assert_max_num_queries(18):
        client.get("/busca/?q=geladeira+quebrou")
