"""The public transparency pages: no axe violations, charts with text alternatives,
and the comparison filters work without JavaScript."""

import io

import pytest
from django.core.management import call_command

from tests.transparency.conftest import (  # noqa: F401 - fixtures
    ACME,
    BETA,
    complaint,
    complaint_form,
    make_form,
    municipalities,
    staff,
    taxonomy,
)

from .conftest import assert_accessible


@pytest.fixture
def published(demo_site, request):
    make = request.getfixturevalue("complaint")
    for _ in range(5):
        make("resolved", score=4, classification="founded_attended")
    make("not_resolved", score=1, problem="defect", classification="founded_not_attended")
    make("unanswered", supplier=BETA, classification="founded_not_attended")
    from supplier_enrolment.models import Sector, Supplier

    # Live-server tests flush the database: the seeded sectors may be gone.
    telecom, _ = Sector.objects.get_or_create(
        slug="telecomunicacoes", defaults={"name": "Telecomunicações"}
    )
    Supplier.objects.update_or_create(
        cnpj=ACME[0], defaults={"legal_name": ACME[1], "sector": telecom}
    )
    call_command("refresh_transparency", stdout=io.StringIO())


def test_transparency_pages_have_no_accessibility_violations(page, published):
    from transparency.indicators import years

    year = years()[0]
    for path in (
        "/indicadores/fornecedores/",
        "/indicadores/fornecedores/?ordem=respondidas&tema=varejo",
        "/indicadores/fornecedores/?setor=telecomunicacoes",
        "/indicadores/fornecedores/?setor=seguros",
        f"/indicadores/fornecedores/{ACME[0]}/",
        f"/cadastro-de-reclamacoes/{year}/",
        "/dados-abertos/",
        "/dados-abertos/dicionario/",
    ):
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
    # The charts' data tables, opened, are accessible too.
    page.goto(f"/indicadores/fornecedores/{ACME[0]}/")
    charts = page.locator("svg[role=img]")
    assert charts.count() == 3
    for index in range(charts.count()):
        assert charts.nth(index).get_attribute("aria-labelledby")
    for summary in page.locator("main details summary").all():
        summary.click()
    assert page.get_by_role("table", name="Problemas mais frequentes").is_visible()
    assert page.locator("details table").count() == 3
    assert_accessible(page)


def test_the_demo_notice_is_accessible(page, published):
    from transparency.models import Refresh

    Refresh.objects.update(demo_complaints=7)
    for path in ("/indicadores/fornecedores/", "/dados-abertos/"):
        page.goto(path)
        assert page.locator(".alert-warning[role=note]").is_visible(), path
        assert_accessible(page)


def test_comparison_within_a_sector_without_javascript(page_without_js, published):
    tab = page_without_js
    tab.goto("/indicadores/fornecedores/")
    tab.locator("select[name=setor]").select_option("telecomunicacoes")
    tab.get_by_role("button", name="Aplicar").click()
    assert "setor=telecomunicacoes" in tab.url
    assert tab.get_by_role("link", name=ACME[1]).is_visible()
    assert tab.get_by_role("link", name=BETA[1]).count() == 0
    assert tab.locator("tfoot").is_visible()  # the whole sector's line


def test_comparison_filters_without_javascript(page_without_js, published):
    tab = page_without_js
    tab.goto("/indicadores/fornecedores/")
    assert tab.get_by_role("link", name=ACME[1]).is_visible()
    tab.get_by_label("Tema").select_option("varejo")
    tab.get_by_role("button", name="Aplicar").click()
    assert "tema=varejo" in tab.url
    assert tab.get_by_role("link", name=ACME[1]).is_visible()
    assert tab.get_by_role("link", name=BETA[1]).count() == 0
    tab.get_by_role("link", name="% respondidas", exact=True).click()
    assert "ordem=-respondidas" in tab.url and "tema=varejo" in tab.url
