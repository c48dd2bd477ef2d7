from .conftest import assert_accessible


def test_home_page_has_no_accessibility_violations(page):
    page.goto("/")
    assert page.title().endswith("| Procon-MT")  # the brand the header shows
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    assert_accessible(page)


def test_home_page_landmarks_and_skip_link(page):
    page.goto("/")
    assert page.locator("header").count() == 1
    assert page.locator("main#conteudo").count() == 1
    assert page.locator("footer").count() == 1
    assert page.locator("h1").count() == 1
    # The first Tab lands on the skip link, which moves focus to the main content.
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Pular para o conteúdo principal"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "conteudo"


def test_home_page_works_without_javascript(page_without_js):
    page_without_js.goto("/")
    assert page_without_js.get_by_role("heading", level=1).inner_text().startswith("Procon-MT")
    card = page_without_js.locator(".service-card", has_text="Teve um problema")
    card.get_by_role("link").click()
    assert page_without_js.url.endswith("/reclamacao/")
