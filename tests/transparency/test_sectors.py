"""Comparison within a sector: the filter, the sector's own figures, the threshold
explained, the API's twin filter and a supplier's link to its sector."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from supplier_enrolment.models import Sector, Supplier
from transparency.models import ClosedComplaint, SupplierIndicator

from .conftest import ACME, BETA

pytestmark = pytest.mark.django_db


@pytest.fixture
def sectors(complaint, site):
    """Acme in telecom (5 closed complaints), Beta in retail (1); refreshed."""
    telecom = Sector.objects.get(slug="telecomunicacoes")
    retail = Sector.objects.get(slug="varejo")
    Supplier.objects.create(cnpj=ACME[0], legal_name=ACME[1], sector=telecom)
    Supplier.objects.create(cnpj=BETA[0], legal_name=BETA[1], sector=retail)
    for score in (5, 4, 3):
        complaint("resolved", score=score)
    complaint("not_resolved", score=2)
    complaint("unanswered", classification="founded_not_attended")
    complaint("resolved", supplier=BETA)
    call_command("refresh_transparency", stdout=io.StringIO())
    return telecom, retail


def test_the_refresh_copies_each_suppliers_sector(sectors):
    assert set(ClosedComplaint.objects.values_list("supplier_cnpj", "sector_slug", "sector")) == {
        (ACME[0], "telecomunicacoes", "Telecomunicações"),
        (BETA[0], "varejo", "Varejo"),
    }
    assert set(SupplierIndicator.objects.values_list("supplier_cnpj", "sector_slug")) == {
        (ACME[0], "telecomunicacoes"),
        (BETA[0], "varejo"),
    }


def test_the_comparison_compares_within_the_chosen_sector(client, sectors):
    url = reverse("transparency:suppliers")
    page = client.get(url).content.decode()
    assert ACME[1] in page and BETA[1] in page
    assert '<option value="telecomunicacoes">Telecomunicações</option>' in page
    assert "Whole sector" not in page and "Setor inteiro" not in page

    page = client.get(url, {"setor": "telecomunicacoes"}).content.decode()
    assert ACME[1] in page and BETA[1] not in page
    assert 'value="telecomunicacoes" selected' in page
    # The last line: the whole sector's figures (5 complaints, 4 of 5 answered).
    footer = page[page.index("<tfoot>") : page.index("</tfoot>")]
    assert "Telecomunicações" in footer
    assert ">5<" in footer and "80,0%" in footer
    # Sorting links keep the sector.
    assert "setor=telecomunicacoes&amp;ordem=nome" in page

    page = client.get(url, {"setor": "varejo"}).content.decode()
    assert BETA[1] in page and ACME[1] not in page


def test_a_sector_that_is_not_one_never_fails(client, sectors):
    response = client.get(reverse("transparency:suppliers"), {"setor": "<nada>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert ACME[1] in page and BETA[1] in page  # the filter falls back to every sector


def test_the_page_explains_which_suppliers_are_listed(client, sectors, settings):
    settings.TRANSPARENCY_MIN_COUNT = 7
    page = client.get(reverse("transparency:suppliers"), {"setor": "seguros"}).content.decode()
    threshold = page[page.index('id="limiar"') :]
    threshold = threshold[: threshold.index("</p>")]
    assert "7" in threshold
    assert "pelo menos uma reclamação" in threshold or "at least one complaint" in threshold
    # A sector without complaints: a sentence, no table.
    assert "<table" not in page


def test_the_api_filters_by_sector_too(client, sectors):
    url = reverse("api-v1:open_data_suppliers")
    data = client.get(url, {"setor": "telecomunicacoes"}).json()
    assert [row["cnpj"] for row in data["resultados"]] == [ACME[0]]
    assert client.get(url, {"setor": "varejo"}).json()["total"] == 1
    response = client.get(url, {"setor": "nao-existe"})
    assert response.status_code == 400
    assert "setor" in response.json()["errors"]


def test_a_suppliers_page_links_to_its_sector(client, sectors):
    page = client.get(reverse("transparency:supplier", args=[ACME[0]])).content.decode()
    assert "Telecomunicações" in page
    assert reverse("transparency:suppliers") + "?setor=telecomunicacoes" in page
