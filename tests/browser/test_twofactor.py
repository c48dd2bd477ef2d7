"""Two-step verification in a browser: setting it up from the key typed by hand,
the recovery codes, and the code asked after the password; with and without
JavaScript, and no axe violations on the public pages."""

import re
import time

import pyotp
from playwright.sync_api import expect

from .conftest import assert_accessible

PASSWORD = "senha-da-equipe-2026"


def admin_login(tab, django_user_model, create=True):
    if create:
        django_user_model.objects.create_superuser("chefe", "chefe@procon.example", PASSWORD)
    tab.goto("/admin/login/")
    tab.fill("#id_username", "chefe")
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").first.click()


def set_up(tab, check=None):
    """Set up from the public page with the typed key; returns the TOTP."""
    tab.goto("/duas-etapas/")
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Configurar a verificação em duas etapas"
    )
    expect(tab.get_by_role("img", name=re.compile("Código QR"))).to_be_visible()
    if check:
        check(tab)
    secret = tab.get_by_test_id("twofactor-secret").inner_text().replace(" ", "")
    totp = pyotp.TOTP(secret)
    tab.get_by_label("Código", exact=True).fill("000000" if totp.now() != "000000" else "111111")
    tab.get_by_role("button", name="Ativar a verificação em duas etapas").click()
    expect(tab.get_by_role("alert")).to_contain_text("Este código não está correto")
    if check:
        check(tab)
    tab.get_by_label("Código", exact=True).fill(totp.now())
    tab.get_by_role("button", name="Ativar a verificação em duas etapas").click()
    expect(tab.get_by_test_id("twofactor-recovery-codes").locator("li")).to_have_count(10)
    if check:
        check(tab)
    return totp


def sign_in_again(tab, totp, django_user_model, check=None):
    tab.context.clear_cookies()
    admin_login(tab, django_user_model, create=False)
    tab.wait_for_url(re.compile(r"/duas-etapas/verificar/"))
    expect(tab.get_by_role("heading", level=1)).to_have_text("Verificação em duas etapas")
    if check:
        check(tab)
    # The code of the next step: the current one was used for the setup.
    tab.get_by_label("Código", exact=True).fill(totp.at(int(time.time()) + totp.interval))
    tab.get_by_role("button", name="Continuar").click()
    tab.wait_for_url(re.compile(r"/admin/$"))


def test_set_up_and_sign_in_with_a_code(page, django_user_model):
    admin_login(page, django_user_model)
    page.wait_for_url(re.compile(r"/admin/$"))
    totp = set_up(page, check=assert_accessible)
    sign_in_again(page, totp, django_user_model, check=assert_accessible)


def test_without_javascript(page_without_js, django_user_model):
    tab = page_without_js
    admin_login(tab, django_user_model)
    tab.wait_for_url(re.compile(r"/admin/$"))
    totp = set_up(tab)
    sign_in_again(tab, totp, django_user_model)
