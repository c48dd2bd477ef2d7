"""The open-data API, part of the API at /api/v1/dados-abertos/: public (no key),
the same answers the first open-data API gave, errors as problem details, cached
until the next refresh; and its first addresses redirect to it. Every answer of
the API is checked against the API's generated OpenAPI document."""

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.api.conftest import check_contract
from transparency.opendata import HEADER

from .conftest import ACME, BETA, published_month

pytestmark = pytest.mark.django_db

BASE = "/api/v1/dados-abertos"
PROBLEM = "application/problem+json"

SUMMARY_FIELDS = [
    "cnpj",
    "nome",
    "reclamacoes",
    "encaminhadas",
    "respondidas",
    "percentual_respondidas",
    "percentual_no_prazo",
    "media_dias_resposta",
    "avaliadas",
    "percentual_resolvidas",
    "nota_media",
    "fundamentadas_atendidas",
    "fundamentadas_nao_atendidas",
    "nao_fundamentadas",
]
ACME_SUMMARY = {
    "cnpj": ACME[0],
    "nome": ACME[1],
    "reclamacoes": 6,
    "encaminhadas": 6,
    "respondidas": 5,
    "percentual_respondidas": 83.3,
    "percentual_no_prazo": 83.3,
    "media_dias_resposta": 0.0,
    "avaliadas": 5,
    "percentual_resolvidas": 80.0,
    "nota_media": 3.6,
    "fundamentadas_atendidas": 1,
    "fundamentadas_nao_atendidas": 1,
    "nao_fundamentadas": 0,
}
BETA_SUMMARY = {
    "cnpj": BETA[0],
    "nome": BETA[1],
    "reclamacoes": 1,
    "encaminhadas": 1,
    "respondidas": 0,
    "percentual_respondidas": 0.0,
    "percentual_no_prazo": 0.0,
    "media_dias_resposta": None,
    "avaliadas": 1,
    "percentual_resolvidas": 0.0,
    "nota_media": 4.0,
    "fundamentadas_atendidas": 0,
    "fundamentadas_nao_atendidas": 1,
    "nao_fundamentadas": 0,
}


def get(client, path, data=None, **extra):
    """A call without the app's key, its answer checked against the document."""
    response = client.get(path, data, **extra)
    check_contract(response)
    return response


def _document():
    from api.main import api

    return api.get_openapi_schema(path_prefix="/api/v1/")


# --- the same answers -------------------------------------------------------------------
def test_suppliers_answer_as_before(client, published):
    response = get(client, f"{BASE}/fornecedores")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "total": 2,
        "pagina": 1,
        "paginas": 1,
        "resultados": [ACME_SUMMARY, BETA_SUMMARY],
    }
    assert list(response.json()["resultados"][0]) == SUMMARY_FIELDS
    # The page's filters and sorts.
    by_name = get(client, f"{BASE}/fornecedores", {"ordem": "-nome"}).json()
    assert [row["cnpj"] for row in by_name["resultados"]] == [BETA[0], ACME[0]]
    retail = get(client, f"{BASE}/fornecedores", {"tema": "varejo"}).json()
    assert [row["cnpj"] for row in retail["resultados"]] == [ACME[0]]
    # A page that is not a number reads as the first, as before.
    assert get(client, f"{BASE}/fornecedores", {"pagina": "x9"}).json()["pagina"] == 1


def test_a_supplier_answers_as_before(client, published):
    year, month = published_month()
    response = get(client, f"{BASE}/fornecedores/{ACME[0]}")
    assert response.status_code == 200
    assert response.json() == {
        **ACME_SUMMARY,
        "mensal": [
            {
                "ano": year,
                "mes": month,
                "reclamacoes": 6,
                "percentual_no_prazo": 83.3,
                "percentual_resolvidas": 80.0,
            }
        ],
        "principais_problemas": [
            {
                "area": "Telecomunicações",
                "assunto": "Telefonia móvel",
                "problema": "Cobrança indevida",
                "reclamacoes": 5,
            },
            {
                "area": "Varejo",
                "assunto": "Produtos",
                "problema": "Produto com defeito",
                "reclamacoes": 1,
            },
        ],
    }
    # A CNPJ with its punctuation names the same supplier.
    formatted = get(client, f"{BASE}/fornecedores/11.222.3330001-81")
    assert formatted.json() == response.json()


def test_the_register_answers_as_before(client, published):
    year = published_month()[0]
    response = get(client, f"{BASE}/cadastro/{year}")
    assert response.json() == {
        "ano": year,
        "fornecedores": [
            {
                "posicao": 1,
                "cnpj": ACME[0],
                "nome": ACME[1],
                "fundamentadas_atendidas": 1,
                "fundamentadas_nao_atendidas": 1,
                "fundamentadas": 2,
            },
            {
                "posicao": 2,
                "cnpj": BETA[0],
                "nome": BETA[1],
                "fundamentadas_atendidas": 0,
                "fundamentadas_nao_atendidas": 1,
                "fundamentadas": 1,
            },
        ],
    }


def test_the_months_answer_as_before(client, published):
    year, month = published_month()
    response = get(client, f"{BASE}/meses")
    assert response.json() == {
        "meses": [
            {
                "ano": year,
                "mes": month,
                "reclamacoes": 7,
                "csv": f"http://testserver/dados-abertos/reclamacoes-{year}-{month}.csv",
                "json": f"http://testserver/dados-abertos/reclamacoes-{year}-{month}.json",
            }
        ]
    }
    assert client.get(response.json()["meses"][0]["csv"]).status_code == 200


def test_complaints_are_the_monthly_file_s_records(client, published):
    year, month = published_month()
    response = get(client, f"{BASE}/reclamacoes", {"ano": year, "mes": month})
    data = response.json()
    assert {key: data[key] for key in ("ano", "mes", "total", "pagina", "paginas")} == {
        "ano": year,
        "mes": month,
        "total": 7,
        "pagina": 1,
        "paginas": 1,
    }
    monthly = client.get(reverse("transparency:month_json", args=[year, month]))
    file_records = json.loads(b"".join(monthly.streaming_content))["registros"]
    assert data["registros"] == file_records
    assert list(data["registros"][0]) == HEADER
    assert {r["nota"] for r in data["registros"]} == {5, 4, 2, 3, ""}


# --- errors ---------------------------------------------------------------------------
def _problem(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


def test_bad_filters_are_a_problem_with_the_page_s_messages(client, published):
    response = get(client, f"{BASE}/fornecedores", {"ano": "x", "ordem": "<script>"})
    body = _problem(response, 400)
    assert body["type"].endswith("/filtros")
    assert body["detail"] == "Alguns filtros não são válidos."
    assert set(body["errors"]) == {"ano", "ordem"}
    assert "Faça uma escolha válida" in body["errors"]["ano"][0]


def test_what_is_not_there_is_a_404_problem(client, published):
    year, month = published_month()
    body = _problem(get(client, f"{BASE}/fornecedores/00000000000000"), 404)
    assert body["detail"] == "Fornecedor sem reclamações encerradas."
    _problem(get(client, f"{BASE}/fornecedores/abc<x>"), 404)
    _problem(get(client, f"{BASE}/cadastro/1900"), 404)
    body = _problem(get(client, f"{BASE}/fornecedores", {"pagina": 2}), 404)
    assert body["detail"] == "Página fora do intervalo."
    body = _problem(
        get(client, f"{BASE}/reclamacoes", {"ano": year, "mes": month, "pagina": 0}), 404
    )
    assert body["detail"] == "Página fora do intervalo."


def test_a_month_must_be_given(client, published):
    for query in ({}, {"ano": 2026}, {"ano": 2026, "mes": 13}, {"ano": "x", "mes": 3}):
        body = _problem(get(client, f"{BASE}/reclamacoes", query), 400)
        assert body["detail"] == "Informe o ano (ano) e o mês (mes), por exemplo ?ano=2026&mes=3."


def test_a_year_that_is_not_a_number_is_a_problem(client, published):
    _problem(get(client, f"{BASE}/cadastro/abc"), 422)


# --- no key -----------------------------------------------------------------------------
def test_open_data_needs_no_key(client, published):
    year, month = published_month()
    paths = [
        f"{BASE}/fornecedores",
        f"{BASE}/fornecedores/{ACME[0]}",
        f"{BASE}/cadastro/{year}",
        f"{BASE}/meses",
        f"{BASE}/reclamacoes?ano={year}&mes={month}",
    ]
    for path in paths:
        assert get(client, path).status_code == 200, path
        # A key that is no app's changes nothing: the key is not read here.
        assert get(client, path, HTTP_X_API_KEY="no-such-key").status_code == 200, path
    for path, operations in _document()["paths"].items():
        if path.startswith(BASE):
            assert "security" not in operations["get"], path
            assert operations["get"]["tags"] == ["Dados abertos"]


# --- the document ---------------------------------------------------------------------
def test_the_document_describes_every_operation_and_field(client, published):
    document = _document()
    paths = {path for path in document["paths"] if path.startswith(BASE)}
    assert paths == {
        f"{BASE}/fornecedores",
        f"{BASE}/fornecedores/{{cnpj}}",
        f"{BASE}/cadastro/{{ano}}",
        f"{BASE}/meses",
        f"{BASE}/reclamacoes",
    }
    schemas = document["components"]["schemas"]
    assert list(schemas["Reclamacao"]["properties"]) == HEADER
    for name in ("Reclamacao", "FornecedorResumo", "Fornecedor", "ListaReclamacoes"):
        for field, schema in schemas[name]["properties"].items():
            if field not in ("nome", "registros"):
                assert schema.get("description"), (name, field)
    assert schemas["FornecedorResumo"]["properties"]["nota_media"]["description"] == (
        "Média da nota de satisfação (1 a 5)."
    )
    parameters = {
        p["name"]: p for p in document["paths"][f"{BASE}/reclamacoes"]["get"]["parameters"]
    }
    assert {name: p["required"] for name, p in parameters.items()} == {
        "ano": True,
        "mes": True,
        "pagina": False,
    }
    suppliers = document["paths"][f"{BASE}/fornecedores"]["get"]["parameters"]
    names = [p["name"] for p in suppliers]
    assert names == ["ano", "setor", "tema", "municipio", "ordem", "pagina"]
    assert all(p["description"] for p in suppliers)
    assert "-reclamacoes" in suppliers[4]["schema"]["enum"]


# --- the first addresses ----------------------------------------------------------------
def test_the_first_addresses_redirect_for_good(client, published):
    year = published_month()[0]
    moved = [
        (reverse("transparency:api_openapi"), "/api/v1/openapi.json"),
        (reverse("transparency:api_suppliers") + "?ordem=nome&pagina=1", f"{BASE}/fornecedores"),
        (reverse("transparency:api_supplier", args=[ACME[0]]), f"{BASE}/fornecedores/{ACME[0]}"),
        (reverse("transparency:api_register", args=[year]), f"{BASE}/cadastro/{year}"),
        (reverse("transparency:api_months"), f"{BASE}/meses"),
        (reverse("transparency:api_complaints") + "?ano=2026&mes=3", f"{BASE}/reclamacoes"),
    ]
    for old, new in moved:
        assert old.startswith("/dados-abertos/api/")
        response = client.get(old)
        assert response.status_code == 301, old
        query = old.partition("?")[2]
        assert response["Location"] == new + (f"?{query}" if query else ""), old
        assert client.get(old, follow=True).status_code == 200, old


def test_the_open_data_page_links_the_api(client, published):
    page = client.get(reverse("transparency:open_data")).content.decode()
    for link in ('href="/api/v1/docs"', 'href="/api/v1/openapi.json"'):
        assert link in page
    assert f"<code>{BASE}/fornecedores</code>" in page
    assert "/dados-abertos/api/" not in page


# --- the cache ----------------------------------------------------------------------------
def test_answers_are_cached_and_query_bounded(client, published, django_assert_max_num_queries):
    year, month = published_month()
    paths = [
        f"{BASE}/fornecedores?ordem=nome",
        f"{BASE}/fornecedores/{ACME[0]}",
        f"{BASE}/cadastro/{year}",
        f"{BASE}/meses",
        f"{BASE}/reclamacoes?ano={year}&mes={month}",
    ]
    for path in paths:
        with django_assert_max_num_queries(12):
            first = get(client, path)
        with django_assert_max_num_queries(1):  # the data version
            again = get(client, path)
        assert again.json() == first.json(), path


def test_a_refresh_starts_new_cache_entries(client, complaint, published):
    url = f"{BASE}/fornecedores"
    assert get(client, url).json()["total"] == 2
    complaint("resolved", supplier=("44555666000177", "Gama Serviços"))
    assert get(client, url).json()["total"] == 2  # cached
    call_command("refresh_transparency", stdout=io.StringIO())
    assert get(client, url).json()["total"] == 3


def test_answers_are_fresh_after_a_refresh_made_in_another_process(client, complaint, published):
    from transparency.facts import refresh
    from transparency.models import Refresh

    year = published_month()[0]
    gama = ("44555666000177", "Gama Serviços")
    paths = [f"{BASE}/fornecedores", f"{BASE}/cadastro/{year}", f"{BASE}/fornecedores/{gama[0]}"]
    for path in paths:
        assert gama[0] not in get(client, path).content.decode()
    complaint("not_resolved", supplier=gama, classification="founded_not_attended")
    for path in paths:
        assert gama[0] not in get(client, path).content.decode()  # kept
    Refresh.objects.create(seconds=1, complaints=refresh({}))  # what the command writes
    for path in paths:
        assert gama[0] in get(client, path).content.decode(), path
