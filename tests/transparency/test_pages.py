import csv
import io
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from transparency.opendata import HEADER

from .conftest import ACME, BETA, CUIABA, PERSONAL, SMALL_TOWN, published_month

pytestmark = pytest.mark.django_db


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _public_outputs(client, published):
    year, month = published_month()
    urls = [
        reverse("transparency:month_csv", args=[year, month]),
        reverse("transparency:month_json", args=[year, month]),
        reverse("api-v1:open_data_complaints") + f"?ano={year}&mes={month}",
        reverse("api-v1:open_data_suppliers"),
        reverse("api-v1:open_data_supplier", args=[ACME[0]]),
        reverse("api-v1:open_data_register", args=[year]),
        reverse("api-v1:open_data_months"),
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
    year, month = published_month()
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
    year, month = published_month()
    body = _body(client.get(reverse("transparency:month_json", args=[year, month])))
    records = json.loads(body)["registros"]
    codes = [r["codigo_municipio_ibge"] for r in records]
    assert codes.count(CUIABA) == 6
    assert SMALL_TOWN not in codes and codes.count("") == 1
    assert {r["municipio"] for r in records} == {"Cuiabá", ""}

    api = client.get(reverse("api-v1:open_data_complaints"), {"ano": year, "mes": month}).json()
    assert SMALL_TOWN not in {r["codigo_municipio_ibge"] for r in api["registros"]}


@override_settings(TRANSPARENCY_MIN_COUNT=1)
def test_threshold_is_a_setting(client, published):
    year, month = published_month()
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
    assert client.get(reverse("api-v1:open_data_suppliers"), {"ano": "x"}).status_code == 400
    assert client.get(reverse("transparency:supplier", args=["00000000000000"])).status_code == 404
    assert client.get(reverse("transparency:supplier", args=["abc<x>"])).status_code == 404
    assert client.get(reverse("api-v1:open_data_complaints")).status_code == 400
    assert client.get(reverse("transparency:register", args=[1900])).status_code == 404


def test_supplier_page_indicators_and_chart_alternatives(client, published):
    page = client.get(reverse("transparency:supplier", args=[ACME[0]])).content.decode()
    assert ACME[1] in page and "11.222.333/0001-81" in page
    # Acme: 6 closed, all forwarded; the withdrawn one was never answered.
    data = client.get(reverse("api-v1:open_data_supplier", args=[ACME[0]])).json()
    assert data["reclamacoes"] == 6
    assert data["percentual_respondidas"] == 83.3
    assert data["percentual_resolvidas"] == 80.0
    assert data["principais_problemas"][0]["problema"] == "Cobrança indevida"
    assert page.count('role="img"') == 3
    for chart in ("grafico-mensal", "grafico-no-prazo", "grafico-problemas"):
        assert f'aria-labelledby="{chart}-titulo {chart}-descricao"' in page
        assert f'<desc id="{chart}-descricao">' in page
    assert page.count('<details class="mt-2">') == 3  # each chart's data table


def test_register_ranks_and_downloads(client, published):
    year = published_month()[0]
    data = client.get(reverse("api-v1:open_data_register", args=[year])).json()
    assert [row["cnpj"] for row in data["fornecedores"]] == [ACME[0], BETA[0]]
    assert data["fornecedores"][0]["fundamentadas"] == 2
    body = _body(client.get(reverse("transparency:register_csv", args=[year])))
    assert "11.222.333/0001-81" in body and BETA[1] in body
    pdf = client.get(reverse("transparency:register_pdf", args=[year]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_pages_are_cached_and_query_bounded(client, published, django_assert_max_num_queries):
    urls = [
        reverse("transparency:suppliers"),
        reverse("transparency:supplier", args=[ACME[0]]),
        reverse("transparency:register", args=[published_month()[0]]),
        reverse("transparency:open_data"),
        reverse("transparency:dictionary"),
    ]
    for url in urls:
        # The comparison's filter reads the sectors; a supplier's page, its sector
        # and the sector's figures.
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
        with django_assert_max_num_queries(1):  # the data version
            assert client.get(url).status_code == 200


def test_pages_are_fresh_after_a_refresh_made_in_another_process(client, complaint, published):
    """The cron job runs in its own process: nothing it does reaches this process's
    cache, yet the pages show its figures at once."""
    from transparency.facts import refresh
    from transparency.models import Refresh

    pages = [
        reverse("transparency:suppliers"),
        reverse("transparency:register", args=[published_month()[0]]),
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
