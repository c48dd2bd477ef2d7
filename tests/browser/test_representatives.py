"""A company enrols with two representatives and its proof of authority
(without JavaScript); staff download the proof and approve; the second
representative signs in from the home page's "Área do fornecedor" card and,
as a manager, revokes the first, who can then no longer act."""

import re

from django.core import mail
from playwright.sync_api import expect

from forms.models import Submission
from supplier_enrolment.models import Representative

from .conftest import assert_accessible
from .test_forms import at, continue_button
from .test_suppliers import PDF, staff_do, staff_login

RITA = "rita@lojamodelo.example"
CAIO = "caio@lojamodelo.example"
PASSWORD = "Fornecedor-Seguro-2026"


def set_password_link(email):
    for message in mail.outbox:
        if email in message.to and "/fornecedor/senha/" in message.body:
            return re.search(r"https?://\S+(/fornecedor/senha/\S+/)", message.body).group(1)
    raise AssertionError(f"no link for {email}")


def choose_password(page, email):
    page.goto(set_password_link(email))
    page.fill("#id_new_password1", PASSWORD)
    page.fill("#id_new_password2", PASSWORD)
    page.get_by_role("button", name="Salvar a senha").click()
    expect(page).to_have_url(at("/fornecedor/"))


def sign_in(page, email):
    page.fill("#id_entrar-email", email)
    page.fill("#id_entrar-password", PASSWORD)
    page.get_by_role("button", name="Entrar", exact=True).click()


def enrol_without_javascript(page):
    page.goto("/adesao-de-fornecedor/")
    page.locator("main a[href$='/adesao-de-fornecedor/etapa/1/']").click()
    page.fill("#id_cnpj", "11.222.333/0001-81")
    page.fill("#id_razao_social", "Loja Modelo Comércio Ltda.")
    page.fill("#id_email_empresa", "contato@lojamodelo.example")
    page.fill("#id_telefone_empresa", "(65) 3025-1000")
    page.fill("#id_endereco", "Rua Barão de Melgaço, 200, Cuiabá - MT")
    continue_button(page).click()
    page.fill("#id_representante_nome", "Rita Souza")
    page.fill("#id_representante_cpf", "529.982.247-25")
    page.fill("#id_representante_email", RITA)
    page.fill("#id_representante_telefone", "(65) 99999-1000")
    page.get_by_label("Sim").check()
    continue_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Segundo representante")
    page.fill("#id_representante2_nome", "Caio Lima")
    page.fill("#id_representante2_cpf", "111.444.777-35")
    page.fill("#id_representante2_email", CAIO)
    page.fill("#id_representante2_telefone", "(65) 99999-2000")
    page.get_by_label("Não").check()
    continue_button(page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comprovação de poderes")
    continue_button(page).click()  # no file: the step says what is missing
    expect(page.locator(".error-summary")).to_contain_text("Procuração ou contrato social")
    page.set_input_files(
        "#id_comprovante_poderes",
        files=[{"name": "contrato-social.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    continue_button(page).click()
    expect(page).to_have_url(at("/adesao-de-fornecedor/revisar/"))
    expect(page.locator("main")).to_contain_text("Caio Lima")
    expect(page.locator("main")).to_contain_text("contrato-social.pdf")
    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar pedido de adesão").click()
    expect(page).to_have_url(at("/adesao-de-fornecedor/enviado/"))
    return Submission.objects.get(protocol=page.locator(".protocol-number").inner_text().strip())


def test_two_representatives_a_proof_approval_and_a_revocation(
    page, page_without_js, browser, live_server, django_user_model
):
    # 1. The company enrols with two representatives and the proof, without JavaScript.
    enrolment = enrol_without_javascript(page_without_js)

    # 2. Staff see the proof on the case, download it, and approve.
    staff_login(page, django_user_model)
    page.goto(f"/admin/casos/{enrolment.pk}/")
    proof = page.get_by_test_id("case-files").get_by_role("link", name="contrato-social.pdf")
    response = page.request.get(proof.get_attribute("href"))
    assert response.status == 200 and response.body() == PDF
    staff_do(page, enrolment.pk, "Aceitar", "Aprovar a adesão")
    assert Representative.objects.filter(is_manager=True, revoked_at=None).count() == 2

    # 3. Both choose a password; Rita signs in.
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    rita = context.new_page()
    choose_password(rita, RITA)
    sign_in(rita, RITA)
    expect(rita).to_have_url(at("/fornecedor/casos/"))

    caio_context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    caio_context.set_default_timeout(10_000)
    caio = caio_context.new_page()
    choose_password(caio, CAIO)

    # 4. Caio comes from the home page's card and signs in.
    caio.goto("/")
    caio.get_by_role("link", name="Entrar na área do fornecedor").click()
    expect(caio).to_have_url(at("/fornecedor/"))
    sign_in(caio, CAIO)
    expect(caio).to_have_url(at("/fornecedor/casos/"))
    caio.get_by_role("link", name="Representantes da sua empresa").click()
    expect(caio).to_have_url(at("/fornecedor/representantes/"))
    expect(caio.get_by_test_id("representatives")).to_contain_text("Rita Souza")
    assert_accessible(caio)

    # 5. He revokes Rita.
    caio.get_by_role("button", name="Revogar Rita Souza").click()
    expect(caio.get_by_text("Rita Souza não representa mais")).to_be_visible()
    expect(caio.locator(f"tr[data-email='{RITA}']")).to_contain_text("Revogado em")
    assert_accessible(caio)

    # 6. Rita's session no longer opens the area, and she cannot sign in again.
    rita.goto("/fornecedor/casos/")
    expect(rita).to_have_url(at("/fornecedor/"))
    sign_in(rita, RITA)
    expect(rita.locator(".error-summary")).to_be_visible()
    expect(rita).to_have_url(at("/fornecedor/"))
    context.close()
    caio_context.close()
