"""A reader's journeys through the guidance section, with and without JavaScript."""

import pytest

from services.models import PageFeedback

from .conftest import assert_accessible

GUIDANCE_URL = "/orientacoes/direito-de-arrependimento/"
STEP_BY_STEP_URL = "/orientacoes/resolver-um-problema-de-consumo/"


def test_reader_goes_from_home_to_the_complaint_call_to_action(page):
    page.goto("/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Orientações"
    ).click()
    assert page.url.endswith("/orientacoes/")
    assert_accessible(page)

    page.get_by_role("link", name="Comércio eletrônico").click()
    assert page.url.endswith("/orientacoes/tema/comercio-eletronico/")
    assert page.get_by_role("heading", level=1).inner_text() == "Comércio eletrônico"
    assert_accessible(page)

    page.get_by_role("link", name="Direito de arrependimento: 7 dias").click()
    assert page.url.endswith(GUIDANCE_URL)
    assert_accessible(page)

    part_of = page.get_by_role("complementary", name="Parte de")
    part_of.get_by_role("link", name="Resolver um problema de consumo").click()
    assert page.url.endswith(STEP_BY_STEP_URL)
    assert_accessible(page)

    page.get_by_role("link", name="Registrar reclamação").last.click()
    assert page.url.endswith("/reclamacao/")


@pytest.mark.parametrize(
    "url",
    [
        "/orientacoes/",
        "/orientacoes/tema/telecomunicacoes/",
        GUIDANCE_URL,
        STEP_BY_STEP_URL,
        "/noticias/",
        "/noticias/?tema=educacao",
        "/noticias/cuidados-nas-compras-de-fim-de-ano/",
        "/busca/",
        "/busca/?q=arrependimento",
        "/busca/?q=palavra-que-nao-existe",
    ],
)
def test_every_page_type_has_no_accessibility_violations(page, url):
    page.goto(url)
    assert page.locator("h1").count() == 1
    assert_accessible(page)


def test_step_by_step_with_javascript_shows_and_hides_all_steps(page):
    page.goto(STEP_BY_STEP_URL)
    toggle = page.locator("[data-step-nav-toggle]")
    assert toggle.inner_text() == "Mostrar todas as etapas"
    steps = page.locator(".step-nav details")
    assert steps.count() == 5
    assert page.locator(".step-nav details[open]").count() == 0
    toggle.click()
    assert page.locator(".step-nav details[open]").count() == 5
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.inner_text() == "Ocultar todas as etapas"
    assert_accessible(page)
    toggle.click()
    assert page.locator(".step-nav details[open]").count() == 0
    assert toggle.get_attribute("aria-expanded") == "false"


def test_step_by_step_and_faq_work_without_javascript(page_without_js):
    tab = page_without_js
    tab.goto(STEP_BY_STEP_URL)
    # The enhancement's button stays hidden; each step still opens on its own.
    assert tab.get_by_role("button", name="Mostrar todas as etapas").count() == 0
    task = tab.get_by_role("link", name="Consumidor.gov.br")
    assert not task.is_visible()
    tab.get_by_text("Use a plataforma Consumidor.gov.br").click()
    assert task.is_visible()
    assert tab.locator(".step-nav__step--logic .step-nav__label").first.inner_text() == "ou"

    tab.goto(GUIDANCE_URL)
    answer = tab.get_by_text("A lei não obriga: o direito de arrependimento")
    assert not answer.is_visible()
    tab.get_by_text("Comprei na loja física e me arrependi").click()
    assert answer.is_visible()


def test_feedback_without_javascript(page_without_js):
    tab = page_without_js
    tab.goto(GUIDANCE_URL)
    feedback = tab.locator("#avaliacao")
    feedback.get_by_role("button", name="Enviar resposta").click()
    # Nothing chosen: the error is shown on the page and nothing is stored.
    assert "Escolha “Sim” ou “Não”." in feedback.inner_text()
    assert PageFeedback.objects.count() == 0

    feedback = tab.locator("#avaliacao")
    feedback.get_by_label("Não").check()
    feedback.get_by_label("Comentário (opcional)").fill("Faltou falar de passagens aéreas.")
    feedback.get_by_role("button", name="Enviar resposta").click()
    assert tab.url.endswith(GUIDANCE_URL + "?avaliacao=1#avaliacao")
    assert "Obrigado" in tab.locator("#avaliacao").inner_text()
    stored = PageFeedback.objects.get()
    assert stored.useful is False
    assert stored.comment == "Faltou falar de passagens aéreas."


def test_feedback_error_and_thanks_states_are_accessible(page):
    # axe needs JavaScript, so the states a reader without it sees are checked here.
    page.goto(GUIDANCE_URL)
    page.locator("#avaliacao").get_by_role("button", name="Enviar resposta").click()
    error_link = page.get_by_role("link", name="Escolha “Sim” ou “Não”.")
    assert error_link.get_attribute("href") == "#id_useful_0"
    assert_accessible(page)
    page.locator("#avaliacao").get_by_label("Sim").check()
    page.locator("#avaliacao").get_by_role("button", name="Enviar resposta").click()
    assert page.get_by_role("status").filter(has_text="Obrigado").count() == 1
    assert_accessible(page)


def test_news_filter_and_search_without_javascript(page_without_js):
    tab = page_without_js
    tab.goto("/noticias/")
    tab.get_by_label("Tema").select_option(label="Educação")
    tab.get_by_role("button", name="Filtrar").click()
    assert "tema=educacao" in tab.url
    titles = tab.locator(".content-list__title").all_inner_texts()
    assert titles == ["Volta às aulas: lista de material não pode ter itens de uso coletivo"]

    tab.goto("/busca/")
    tab.get_by_label("O que você procura?").fill("arrependimento")
    tab.get_by_role("main").get_by_role("button", name="Buscar").click()
    first = tab.locator(".search-result__title").first
    assert first.inner_text().startswith("Direito de arrependimento")
