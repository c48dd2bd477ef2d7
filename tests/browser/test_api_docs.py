"""The API's interactive docs (/api/v1/docs, django-ninja's Swagger UI) in a
real browser: the operations show, everything comes from the site itself and
the strict Content-Security-Policy blocks nothing the page needs."""

import re

import pytest
from playwright.sync_api import expect

DOCS = "/api/v1/docs"
CSP_VIOLATION = re.compile(r"content security policy", re.IGNORECASE)


@pytest.fixture
def docs_page(browser, live_server, transactional_db):
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.requests = []
    tab.console = []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda message: tab.console.append(f"{message.type}: {message.text}"))
    tab.on("pageerror", lambda error: tab.console.append(f"pageerror: {error}"))
    yield tab
    context.close()


def test_the_docs_show_the_operations_from_the_site_alone(docs_page, live_server):
    response = docs_page.goto(DOCS)
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(docs_page).to_have_title("API do Procon-MT — documentação")
    assert docs_page.locator("html").get_attribute("lang") == "pt-BR"
    expect(docs_page.locator("main #swagger-ui")).to_have_count(1)

    operations = docs_page.locator("#swagger-ui .opblock-summary-path")
    expect(operations.filter(has_text=re.compile(r"^/api/v1/formularios$"))).to_be_visible()
    expect(operations.filter(has_text="/api/v1/casos/{protocolo}").first).to_be_visible()
    # An operation opens (React renders its parameters and answers).
    operations.filter(has_text=re.compile(r"^/api/v1/formularios$")).first.click()
    opened = docs_page.locator("#swagger-ui .opblock.is-open")
    expect(opened.locator(".responses-wrapper")).to_be_visible()
    # "Try it out" calls the API from the page (same origin, so connect-src 'self'
    # allows it) and shows the answer: without an app key, 401.
    opened.get_by_role("button", name="Try it out").click()
    opened.get_by_role("button", name="Execute").click()
    answer = opened.locator(".live-responses-table tbody .response-col_status").first
    expect(answer).to_contain_text("401")
    docs_page.wait_for_load_state("networkidle")

    assert docs_page.requests, "no request recorded"
    outside = [url for url in docs_page.requests if not url.startswith(f"{live_server.url}/")]
    assert outside == [], outside
    assert f"{live_server.url}/api/v1/openapi.json" in docs_page.requests
    violations = [line for line in docs_page.console if CSP_VIOLATION.search(line)]
    assert violations == [], violations
    # Nothing else went wrong on the page (the 401 it asked for aside).
    errors = [
        line
        for line in docs_page.console
        if line.startswith(("error", "pageerror")) and "status of 401" not in line
    ]
    assert errors == [], errors
