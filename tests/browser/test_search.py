"""Search from any page, and guidance suggested while writing a complaint (issue #17)."""

import re

from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_forms import continue_button, fill_step_one, step_url

DEFECT = "compras-e-garantia/produtos-com-defeito/conserto-fora-do-prazo"
DEFECT_TITLE = "Produto com defeito: o que fazer se o conserto passar de 30 dias"


def no_sideways_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_header_search_without_javascript_on_a_phone(page_without_js):
    page = page_without_js
    page.set_viewport_size({"width": 320, "height": 844})
    page.goto("/orientacoes/")
    assert no_sideways_scroll(page)
    page.set_viewport_size({"width": 390, "height": 844})
    search = page.get_by_role("search").first
    search.get_by_role("searchbox", name="Buscar no site").fill("defeituosos")
    search.get_by_role("button", name="Buscar").click()
    expect(page).to_have_url(re.compile(r"/busca/\?q=defeituosos$"))
    expect(page.locator(".search-result__title a").first).to_have_text(DEFECT_TITLE)
    assert no_sideways_scroll(page)


def test_home_page_search(page):
    page.goto("/")
    page.get_by_label("Qual é o seu problema?").fill("cobranças")
    page.get_by_label("Qual é o seu problema?").press("Enter")
    expect(page.locator(".search-result__title a").first).to_have_text(
        re.compile("^Cobrança indevida")
    )
    assert_accessible(page)


def test_search_results_none_and_promoted_are_accessible(page):
    for query, heading in [
        ("defeituosos", "resultados para “defeituosos”"),
        ("zzzinexistente", "0 resultados para “zzzinexistente”"),
        ("compra com defeito", "para “compra com defeito”"),
        ("geladeira quebrou", "para “geladeira quebrou”"),
    ]:
        page.goto(f"/busca/?q={query}")
        expect(page.get_by_role("heading", name=re.compile(heading))).to_be_visible()
        assert_accessible(page)
    # The last one: the editors' promotion, first and marked.
    promoted = page.locator(".search-result--promoted")
    expect(promoted).to_have_count(1)
    expect(promoted).to_contain_text("Recomendado")
    expect(promoted.get_by_role("link")).to_have_text(DEFECT_TITLE)


def reach_the_problem_step(page):
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "11.222.333/0001-81")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))


def test_choosing_the_problem_shows_guidance_without_leaving_the_step(page):
    reach_the_problem_step(page)
    box = page.locator("[data-guidance-suggestions]")
    expect(box).to_be_hidden()
    page.select_option("#id_problema", DEFECT)
    link = box.get_by_role("link", name=re.compile("^Produto com defeito"))
    expect(link.first).to_be_visible()
    expect(link.first).to_contain_text("(abre em nova aba)")
    expect(page.locator("[data-guidance-status]")).to_contain_text("podem ajudar você")
    expect(page).to_have_url(step_url("reclamacao", 3))
    assert_accessible(page)

    # Typing the description updates them (debounced); what was typed stays.
    page.fill("#id_descricao", "A conta de luz veio muito alta")
    expect(box.get_by_role("link", name=re.compile("^Conta de luz"))).to_be_visible()
    with page.context.expect_page() as opened:
        link.first.click()
    opened.value.wait_for_load_state()
    assert opened.value.url.endswith("/orientacoes/produto-com-defeito/")
    expect(page.locator("#id_descricao")).to_have_value("A conta de luz veio muito alta")

    from services.models import SuggestionOpening

    assert SuggestionOpening.objects.exclude(journey="").count() == 1


def test_without_javascript_the_suggestions_follow_on_the_next_step(page_without_js):
    page = page_without_js
    reach_the_problem_step(page)
    page.select_option("#id_problema", DEFECT)
    page.fill("#id_data_compra", "2024-07-20")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    page.fill("#id_descricao", "A geladeira parou e a loja não consertou.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    box = page.locator("section.guidance-suggestions")
    expect(box.get_by_role("link", name=re.compile("^Produto com defeito")).first).to_be_visible()
    # (axe needs JavaScript: the step with suggestions is checked in the test above.)
