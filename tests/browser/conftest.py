"""Playwright driving Debian's Chromium against Django's live server.

Locally, browser tests skip when there is no Chromium; under CI (CI=true) a
missing browser fails the run instead, so a green CI always ran them.
"""

import io
import os
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"Browser tests must run in CI: {message}")
        pytest.skip(message)
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def demo_site(transactional_db):
    from django.core.management import call_command

    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())


@pytest.fixture
def private_storage(settings, tmp_path):
    """Citizens' files in a folder of the test's own, not the shared media root."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def page(browser, live_server, demo_site):
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def page_without_js(browser, live_server, demo_site):
    context = browser.new_context(
        locale="pt-BR", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(params=[True, False], ids=["with_js", "without_js"])
def phone(request, browser, live_server, demo_site):
    """A phone-sized tab, once with JavaScript and once without (`tab.scripts_on`);
    the size is the test module's PHONE, or a 320 px screen."""
    viewport = getattr(request.module, "PHONE", {"width": 320, "height": 640})
    context = browser.new_context(
        locale="pt-BR",
        base_url=live_server.url,
        java_script_enabled=request.param,
        viewport=viewport,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.scripts_on = request.param
    yield tab
    context.close()


def assert_accessible(page):
    """Zero axe-core violations for WCAG 2.x A and AA on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, results.generate_report()
