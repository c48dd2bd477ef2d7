"""Every public page a visitor reaches without a case reflows: nothing scrolls
sideways on a 320 px phone nor at 200% text size (WCAG 1.4.10 and 1.4.4), and
axe finds nothing on the phone. The pages with a case, a form's review and the
controls' focus are in test_focus_and_reflow.py and the journeys' own tests."""

import pytest

from .conftest import assert_accessible

PAGES = [
    "/",
    "/orientacoes/",
    "/orientacoes/tema/compras-e-garantia/",
    "/orientacoes/garantia-legal/",
    "/orientacoes/resolver-um-problema-de-consumo/",
    "/noticias/",
    "/noticias/lista-de-material-escolar/",
    "/busca/?q=garantia",
    "/acompanhar/",
    "/acompanhar/link/",
    "/reclamacao/",
    "/consulta/",
    "/consulta/etapa/1/",
    "/adesao-de-fornecedor/",
    "/fornecedor/",
    "/fornecedor/senha/nova/",
    "/indicadores/fornecedores/",
    "/cadastro-de-reclamacoes/",
    "/dados-abertos/",
    "/dados-abertos/dicionario/",
    "/privacidade/",
    "/esta-pagina-nao-existe/",
]


def overflow(page):
    """How far the page scrolls sideways, and the widest elements that cause it."""
    return page.evaluate(
        """() => {
            const root = document.documentElement;
            const excess = root.scrollWidth - root.clientWidth;
            const culprits = excess <= 0 ? [] : Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1)
                .slice(0, 5)
                .map(e => [e.tagName, e.className, Math.round(e.getBoundingClientRect().right)]);
            return {excess, culprits};
        }"""
    )


@pytest.fixture
def text_at_200(browser, live_server, demo_site):
    """A desktop window with the browser's default text size doubled, as the
    browser's own text-size setting does (it moves rem and em media queries too)."""
    context = browser.new_context(
        locale="pt-BR", base_url=live_server.url, viewport={"width": 1280, "height": 800}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    context.new_cdp_session(tab).send(
        "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}}
    )
    yield tab
    context.close()


def test_every_public_page_fits_a_320_px_phone(page):
    page.set_viewport_size({"width": 320, "height": 640})
    failures = {}
    for path in PAGES:
        page.goto(path)
        found = overflow(page)
        if found["excess"] > 0:
            failures[path] = found
        assert_accessible(page)
    assert failures == {}


def test_every_public_page_reflows_at_200_percent_text(text_at_200):
    page = text_at_200
    page.goto("/")
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") == 32
    failures = {}
    for path in PAGES:
        page.goto(path)
        found = overflow(page)
        if found["excess"] > 0:
            failures[path] = found
    assert failures == {}
