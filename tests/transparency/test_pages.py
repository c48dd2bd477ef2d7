import csv
import io
import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from transparency.opendata import HEADER

from .conftest import ACME, BETA, CUIABA, PERSONAL, SMALL_TOWN

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(complaint, site):
    """Six complaints in Cuiabá, one in a small town, refreshed."""
    made = [
        complaint("resolved", score=5, classification="founded_attended"),
        complaint("resolved", score=4),
        complaint("not_resolved", score=2, classification="founded_not_attended"),
        complaint("unanswered", supplier=BETA, classification="founded_not_attended"),
        complaint("withdrawn"),
        complaint("resolved", score=3, problem="defect", channel="Loja física"),
        complaint("resolved", municipality=SMALL_TOWN),
    ]
    call_command("refresh_transparency", stdout=io.StringIO())
    return made


def _month(published):
    from transparency.models import ClosedComplaint

    row = ClosedComplaint.objects.order_by("-closed_at").first()
    return row.year, row.month


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _public_outputs(client, published):
    year, month = _month(published)
    urls = [
        reverse("transparency:month_csv", args=[year, month]),
        reverse("transparency:month_json", args=[year, month]),
        reverse("transparency:api_complaints") + f"?ano={year}&mes={month}",
        reverse("transparency:api_suppliers"),
        reverse("transparency:api_supplier", args=[ACME[0]]),
        reverse("transparency:api_register", args=[year]),
        reverse("transparency:api_months"),
        reverse("transparency:suppliers"),
        reverse("transparency:supplier", args=[ACME[0]]),
        reverse("transparency:register", args=[year]),
        reverse("transparency:register_csv", args=[year]),
        reverse("transparency:open_data"),
    ]
    bodies = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = _body(response)
    return bodies


def test_no_personal_data_in_any_public_output(client, published):
    for url, body in _public_outputs(client, published).items():
        for value in PERSONAL.values():
            assert value not in body, (url, value)
        assert "529.982.247-25" not in body, url
        assert "Trocamos o aparelho" not in body, url  # the supplier's answer text
        assert "2026." not in body or "protocol" not in body  # no protocol numbers


def test_monthly_csv_has_the_documented_columns(client, published):
    year, month = _month(published)
    body = _body(client.get(reverse("transparency:month_csv", args=[year, month])))
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert list(rows[0]) == HEADER
    assert len(rows) == 7
    acme = [r for r in rows if r["cnpj_fornecedor"] == ACME[0]]
    assert {r["situacao"] for r in acme} == {"encerrada", "desistencia"}
    assert {r["como_comprou"] for r in acme} == {"Internet", "Loja física"}
    assert any(r["classificacao"] == "fundamentada_atendida" for r in rows)
    assert {r["uf"] for r in rows} == {"MT"}
    assert {r["regiao"] for r in rows} == {"Centro-Oeste"}


def test_small_municipality_is_suppressed(client, published):
    year, month = _month(published)
    body = _body(client.get(reverse("transparency:month_json", args=[year, month])))
    records = json.loads(body)["registros"]
    codes = [r["codigo_municipio_ibge"] for r in records]
    assert codes.count(CUIABA) == 6
    assert SMALL_TOWN not in codes and codes.count("") == 1
    assert {r["municipio"] for r in records} == {"Cuiabá", ""}

    api = client.get(reverse("transparency:api_complaints"), {"ano": year, "mes": month}).json()
    assert SMALL_TOWN not in {r["codigo_municipio_ibge"] for r in api["registros"]}


@override_settings(TRANSPARENCY_MIN_COUNT=1)
def test_threshold_is_a_setting(client, published):
    year, month = _month(published)
    records = json.loads(_body(client.get(reverse("transparency:month_json", args=[year, month]))))
    assert SMALL_TOWN in {r["codigo_municipio_ibge"] for r in records["registros"]}


def test_comparison_filters_and_sorts_on_the_server(client, published):
    url = reverse("transparency:suppliers")
    page = client.get(url).content.decode()
    assert page.index(ACME[1]) < page.index(BETA[1])  # most complaints first
    page = client.get(url, {"ordem": "nome"}).content.decode()
    assert page.index(ACME[1]) < page.index(BETA[1])
    page = client.get(url, {"ordem": "-respondidas"}).content.decode()
    assert page.index(ACME[1]) < page.index(BETA[1])
    page = client.get(url, {"ordem": "respondidas"}).content.decode()
    assert page.index(BETA[1]) < page.index(ACME[1])
    assert 'aria-sort="ascending"' in page
    page = client.get(url, {"tema": "varejo"}).content.decode()
    assert ACME[1] in page and BETA[1] not in page
    # Cuiabá is offered (6 complaints), the small town is not.
    page = client.get(url, {"municipio": CUIABA}).content.decode()
    assert f'value="{CUIABA}" selected' in page
    assert f'value="{SMALL_TOWN}"' not in page


def test_bad_filters_never_fail(client, published):
    url = reverse("transparency:suppliers")
    response = client.get(url, {"ano": "abc", "ordem": "<script>", "pagina": "x9"})
    assert response.status_code == 200
    assert (
        "There is a problem" in response.content.decode() or "problema" in response.content.decode()
    )
    assert client.get(reverse("transparency:api_suppliers"), {"ano": "x"}).status_code == 400
    assert client.get(reverse("transparency:supplier", args=["00000000000000"])).status_code == 404
    assert client.get(reverse("transparency:supplier", args=["abc<x>"])).status_code == 404
    assert client.get(reverse("transparency:api_complaints")).status_code == 400
    assert client.get(reverse("transparency:register", args=[1900])).status_code == 404


def test_supplier_page_indicators_and_chart_alternatives(client, published):
    page = client.get(reverse("transparency:supplier", args=[ACME[0]])).content.decode()
    assert ACME[1] in page and "11.222.333/0001-81" in page
    # Acme: 6 closed, all forwarded; the withdrawn one was never answered.
    data = client.get(reverse("transparency:api_supplier", args=[ACME[0]])).json()
    assert data["reclamacoes"] == 6
    assert data["percentual_respondidas"] == 83.3
    assert data["percentual_resolvidas"] == 80.0
    assert data["principais_problemas"][0]["problema"] == "Cobrança indevida"
    assert page.count('role="img"') == 2
    for chart in ("grafico-mensal", "grafico-problemas"):
        assert f'aria-labelledby="{chart}-titulo {chart}-descricao"' in page
        assert f'<desc id="{chart}-descricao">' in page
    assert page.count("<details") == 2  # each chart's data table


def test_register_ranks_and_downloads(client, published):
    year = _month(published)[0]
    data = client.get(reverse("transparency:api_register", args=[year])).json()
    assert [row["cnpj"] for row in data["fornecedores"]] == [ACME[0], BETA[0]]
    assert data["fornecedores"][0]["fundamentadas"] == 2
    body = _body(client.get(reverse("transparency:register_csv", args=[year])))
    assert "11.222.333/0001-81" in body and BETA[1] in body
    pdf = client.get(reverse("transparency:register_pdf", args=[year]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _schema_keys(schemas, schema):
    """The top-level property names a schema describes (through $ref and allOf)."""
    if "$ref" in schema:
        return _schema_keys(schemas, schemas[schema["$ref"].rsplit("/", 1)[1]])
    keys = set(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        keys |= _schema_keys(schemas, part)
    return keys


def test_openapi_document_describes_every_endpoint_as_it_answers(client, published):
    document = client.get(reverse("transparency:api_openapi")).json()
    assert document["openapi"] == "3.1.0"
    schemas = document["components"]["schemas"]
    for ref in _refs(document):  # every reference points at a described schema
        assert ref.startswith("#/components/schemas/") and ref.rsplit("/", 1)[1] in schemas, ref
    assert set(schemas["Reclamacao"]["properties"]) == set(HEADER)

    # Every API route is described, and nothing else.
    from transparency.urls import urlpatterns

    routes = {
        "/" + str(p.pattern).replace("<str:cnpj>", "{cnpj}").replace("<int:year>", "{ano}")
        for p in urlpatterns
        if str(p.pattern).startswith("dados-abertos/api/v1/")
    }
    assert set(document["paths"]) == routes

    # Each answers 200 with the top-level fields its schema describes.
    year, month = _month(published)
    values = {"cnpj": ACME[0], "ano": year, "mes": month}
    for path, operations in document["paths"].items():
        url = path.replace("{cnpj}", ACME[0]).replace("{ano}", str(year))
        required = {
            parameter["name"]: values[parameter["name"]]
            for parameter in operations["get"].get("parameters", [])
            if parameter["in"] == "query" and parameter.get("required")
        }
        response = client.get(url, required)
        assert response.status_code == 200, path
        schema = operations["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert set(response.json()) == _schema_keys(schemas, schema), path


def test_pages_are_cached_and_query_bounded(client, published, django_assert_max_num_queries):
    urls = [
        reverse("transparency:suppliers"),
        reverse("transparency:supplier", args=[ACME[0]]),
        reverse("transparency:register", args=[_month(published)[0]]),
        reverse("transparency:open_data"),
        reverse("transparency:dictionary"),
    ]
    for url in urls:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(1):  # the data version
            assert client.get(url).status_code == 200


def test_refresh_starts_new_cache_entries(client, complaint, published):
    url = reverse("transparency:api_suppliers")
    assert client.get(url).json()["total"] == 2
    complaint("resolved", supplier=("44555666000177", "Gama Serviços"))
    assert client.get(url).json()["total"] == 2  # cached
    call_command("refresh_transparency", stdout=io.StringIO())
    assert client.get(url).json()["total"] == 3


def test_pages_are_fresh_after_a_refresh_made_in_another_process(client, complaint, published):
    """The cron job runs in its own process: nothing it does reaches this process's
    cache, yet the pages show its figures at once."""
    from transparency.facts import refresh
    from transparency.models import Refresh

    pages = [
        reverse("transparency:suppliers"),
        reverse("transparency:register", args=[_month(published)[0]]),
    ]
    for url in pages:
        assert "Gama Serviços" not in client.get(url).content.decode()
    gama = ("44555666000177", "Gama Serviços")
    complaint("not_resolved", supplier=gama, classification="founded_not_attended")
    for url in pages:
        assert "Gama Serviços" not in client.get(url).content.decode()  # kept
    Refresh.objects.create(seconds=1, complaints=refresh({}))  # what the command writes
    for url in pages:
        assert "Gama Serviços" in client.get(url).content.decode(), url
