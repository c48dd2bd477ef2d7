""" "Entrar com gov.br" in a real browser, against the local OpenID provider: the
citizen goes to the provider's login page and back, "Meus casos" lists the
cases of her CPF, the form comes filled in with the CPF locked, "Sair do gov.br"
ends it; with and without JavaScript, on a phone, and every page passes axe.

The provider answers on 127.0.0.1 and the live server on localhost: two sites
for the browser, each with its own cookies (the provider's are govbr_teste_*)."""

import re

import pytest
from playwright.sync_api import expect

from forms.models import Draft, FormKind, FormPage, Submission
from tests.oidc_fixtures import oidc_provider  # noqa: F401

from .conftest import assert_accessible
from .test_forms import ADDRESS, at, continue_button, step_url
from .test_tracking import stored_complaint

MARIA = "52998224725"
MARIA_CPF = "529.982.247-25"
JOAO = "11144477735"
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def govbr(settings, oidc_provider, live_server):  # noqa: F811
    """The site signs in against the local OpenID provider (as it would against
    gov.br), served by Django's live server."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = oidc_provider.web_client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.web_client_secret
    settings.OIDC_SCOPES = "openid email profile"
    oidc_provider.allow_redirect_uri(f"{live_server.url}/contas/govbr/retorno/")
    return oidc_provider


def complaint_of(cpf):
    """A complaint of the demo form sent with the CPF `cpf`: its protocol."""
    case = stored_complaint()
    Submission.objects.filter(pk=case.submission_id).update(consumer_cpf=cpf)
    return case.submission.protocol


def sign_in_button(page):
    return page.get_by_role("link", name="Entrar com gov.br")


def log_in_at_the_provider(page, provider, cpf):
    """On the provider's login page (127.0.0.1), as the citizen `cpf`."""
    expect(page).to_have_url(re.compile(rf"^{re.escape(provider.login_url)}"))
    page.fill("#id_username", cpf)
    page.fill("#id_password", provider.citizen(cpf)["password"])
    page.get_by_role("button", name="Entrar").click()


def assert_fits(page):
    """No sideways scrolling of the page itself (a wide table scrolls in its box)."""
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the viewport"


# --- tracking: "Meus casos" ----------------------------------------------------------


def test_a_citizen_signs_in_from_tracking_and_sees_only_her_cases(page, govbr, live_server):
    mine = [complaint_of(MARIA), complaint_of(MARIA)]
    other = complaint_of(JOAO)

    page.goto("/acompanhar/")
    expect(page.get_by_test_id("signed-in")).to_have_count(0)
    sign_in_button(page).click()
    log_in_at_the_provider(page, govbr, MARIA)

    # Back on the site, on "Meus casos", with her two cases and not João's.
    expect(page).to_have_url(at("/acompanhar/meus-casos/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Meus casos")
    expect(page.get_by_text("Você entrou com gov.br como Maria da Silva.").first).to_be_visible()
    expect(page.get_by_text(f"CPF {MARIA_CPF}")).to_be_visible()
    table = page.get_by_test_id("my-cases")
    expect(table.locator("tbody tr")).to_have_count(2)
    for protocol in mine:
        expect(table.get_by_role("link", name=protocol)).to_be_visible()
    expect(page.get_by_text(other)).to_have_count(0)
    assert_accessible(page)

    # The tracking start page, signed in: the notice instead of the sign-in button.
    page.goto("/acompanhar/")
    notice = page.get_by_test_id("signed-in")
    expect(notice).to_contain_text("Você entrou com gov.br como Maria da Silva.")
    expect(notice.get_by_role("button", name="Sair do gov.br")).to_be_visible()
    expect(sign_in_button(page)).to_have_count(0)
    assert_accessible(page)

    # Her case opens from the list, without protocol or access code.
    notice.get_by_role("link", name="Ver todos os seus casos").click()
    expect(page).to_have_url(at("/acompanhar/meus-casos/"))
    page.get_by_role("link", name=mine[1]).click()
    expect(page).to_have_url(at(f"/acompanhar/caso/{mine[1]}/"))
    expect(page.get_by_test_id("tracking-status")).to_be_visible()
    expect(page.get_by_label("Código de acesso")).to_have_count(0)

    # João's case does not: it asks for the code.
    page.goto(f"/acompanhar/caso/{other}/")
    expect(page).to_have_url(re.compile(r"/acompanhar/\?protocolo="))
    expect(page.get_by_label("Código de acesso")).to_be_visible()


def test_sign_in_works_without_javascript(page_without_js, govbr, live_server):
    page = page_without_js
    mine = complaint_of(MARIA)
    other = complaint_of(JOAO)

    page.goto("/acompanhar/")
    sign_in_button(page).click()
    log_in_at_the_provider(page, govbr, MARIA)

    expect(page).to_have_url(at("/acompanhar/meus-casos/"))
    table = page.get_by_test_id("my-cases")
    expect(table.get_by_role("link", name=mine)).to_be_visible()
    expect(page.get_by_text(other)).to_have_count(0)
    # (axe runs in the page's JavaScript: the pages are checked in the tests above.)
    table.get_by_role("link", name=mine).click()
    expect(page).to_have_url(at(f"/acompanhar/caso/{mine}/"))

    # Leaving works as a plain form post too.
    page.goto("/acompanhar/")
    page.get_by_test_id("signed-in").get_by_role("button", name="Sair do gov.br").click()
    expect(page).to_have_url(at("/acompanhar/"))
    expect(sign_in_button(page)).to_be_visible()


def test_my_cases_on_a_phone(browser, govbr, live_server, demo_site):
    mine = complaint_of(MARIA)
    context = browser.new_context(locale="pt-BR", base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/acompanhar/")
        assert_fits(page)
        sign_in_button(page).click()
        log_in_at_the_provider(page, govbr, MARIA)
        expect(page).to_have_url(at("/acompanhar/meus-casos/"))
        row = page.get_by_test_id("my-cases").locator("tbody tr").first
        expect(row.get_by_role("link", name=mine)).to_be_visible()
        assert_fits(page)
        # The status shows without scrolling the table sideways; the kind and the
        # date go under the protocol.
        status = row.locator("td").last
        expect(status).to_be_in_viewport()
        box = status.bounding_box()
        assert box["x"] + box["width"] <= PHONE["width"], box
        expect(row.locator("th")).to_contain_text("Enviado em")
        assert_accessible(page)

        page.goto("/acompanhar/")
        expect(page.get_by_test_id("signed-in")).to_be_visible()
        assert_fits(page)
        assert_accessible(page)

        page.goto("/reclamacao/etapa/1/")
        expect(page.locator("#id_cpf")).to_be_disabled()
        assert_fits(page)
        assert_accessible(page)
    finally:
        context.close()


# --- the form: filled in, the CPF locked ---------------------------------------------


def test_the_complaint_form_comes_filled_in_with_the_cpf_locked(page, govbr, live_server):
    page.goto("/reclamacao/")
    expect(page.get_by_test_id("signed-in")).to_have_count(0)
    page.get_by_test_id("govbr-sign-in").get_by_role("link", name="Entrar com gov.br").click()
    log_in_at_the_provider(page, govbr, MARIA)

    # Back on the form's start page, signed in.
    expect(page).to_have_url(at("/reclamacao/"))
    notice = page.get_by_test_id("signed-in")
    expect(notice).to_contain_text("Você entrou com gov.br como Maria da Silva.")
    expect(notice).to_contain_text("Seu nome, CPF e e-mail já vêm preenchidos.")
    assert_accessible(page)

    page.get_by_role("button", name="Começar agora").click()
    expect(page).to_have_url(step_url("reclamacao", 1))
    expect(page.locator("#id_nome")).to_have_value("Maria da Silva")
    expect(page.locator("#id_email_contato")).to_have_value("maria@example.com")
    cpf = page.locator("#id_cpf")
    expect(cpf).to_have_value(MARIA_CPF)
    expect(cpf).to_be_disabled()
    expect(page.get_by_label("CPF", exact=False).first).to_be_visible()
    assert_accessible(page)

    # She fills in what is left and goes on; the draft keeps her CPF.
    page.fill("#id_telefone", "(65) 99999-9999")
    for input_id, text in ADDRESS.items():
        page.fill(f"#{input_id}", text)
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 2))
    form = FormPage.objects.get(kind=FormKind.COMPLAINT, locale__language_code="pt-br")
    answers = Draft.objects.get(page=form).steps["0"]["answers"]
    assert answers["cpf"] == MARIA_CPF
    assert answers["nome"] == "Maria da Silva"
    assert answers["email_contato"] == "maria@example.com"

    # Back on step 1 the CPF is still hers, and still locked.
    page.goto("/reclamacao/etapa/1/")
    expect(page.locator("#id_cpf")).to_have_value(MARIA_CPF)
    expect(page.locator("#id_cpf")).to_be_disabled()


def test_leaving_gov_br_shows_the_sign_in_button_again(page, govbr, live_server):
    page.goto("/reclamacao/")
    sign_in_button(page).click()
    log_in_at_the_provider(page, govbr, MARIA)
    expect(page).to_have_url(at("/reclamacao/"))

    page.get_by_test_id("signed-in").get_by_role("button", name="Sair do gov.br").click()
    expect(page).to_have_url(at("/reclamacao/"))
    expect(page.get_by_text("Você saiu da sua conta gov.br neste site.")).to_be_visible()
    expect(page.get_by_test_id("signed-in")).to_have_count(0)
    expect(sign_in_button(page)).to_be_visible()
    assert_accessible(page)

    # The form no longer fills in or locks anything.
    page.goto("/reclamacao/etapa/1/")
    expect(page.locator("#id_cpf")).to_be_enabled()
    expect(page.locator("#id_cpf")).to_have_value("")
    # Nor does "Meus casos" open.
    page.goto("/acompanhar/meus-casos/")
    expect(page).to_have_url(at("/acompanhar/"))


# --- the failure page ----------------------------------------------------------------


def test_a_forged_return_shows_a_clear_failure_page(page, govbr, live_server):
    response = page.goto("/contas/govbr/retorno/?code=x&state=forged")
    assert response.status == 400
    expect(page).to_have_title(re.compile(r"^Entrada não concluída"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Entrada não concluída")
    expect(page.get_by_text("Não foi possível confirmar", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Tentar de novo")).to_be_visible()
    expect(
        page.get_by_role("link", name="Acompanhar um caso com protocolo e código de acesso")
    ).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert_fits(page)
    assert_accessible(page)

    # Nothing signed in; trying again goes to the provider and back.
    page.get_by_role("link", name="Tentar de novo").click()
    log_in_at_the_provider(page, govbr, MARIA)
    expect(page).to_have_url(at("/acompanhar/meus-casos/"))
