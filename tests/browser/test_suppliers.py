"""A company enrols, staff approve it, its representative chooses a password,
signs in and answers a forwarded complaint with a document; and a company
that did not enrol answers with the code printed on its letter, without
JavaScript.

The citizen then reads the answer on the tracking page; staff download its
document."""

import re

from django.core import mail
from django.db import transaction
from playwright.sync_api import expect

from forms.models import FormKind, FormPage, Submission
from forms.protocol import ProtocolNumber
from forms.signals import submission_created
from forms.submission import hash_access_code
from inbox.models import CaseEvent, Visibility
from tests.inbox.conftest import SUPERVISORS, member

from .conftest import assert_accessible
from .test_forms import at, continue_button

ACCESS_CODE = "K7Q2-M9XD"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CNPJ = "11.222.333/0001-81"


def complaint_against(cnpj, sequence):
    page = FormPage.objects.filter(kind=FormKind.COMPLAINT).first()
    number = ProtocolNumber(2026, sequence)
    with transaction.atomic():
        submission = Submission.objects.create(
            page=page,
            form_data={"descricao": "A geladeira chegou quebrada."},
            protocol=str(number),
            year=number.year,
            sequence=number.sequence,
            kind=FormKind.COMPLAINT,
            schema=page.definition.schema(),
            access_code_hash=hash_access_code(ACCESS_CODE),
            consumer_name="Maria da Silva",
            consumer_email="maria@example.com",
            supplier_name="Loja",
            supplier_cnpj=cnpj,
        )
        submission_created.send(sender=Submission, submission=submission)
    return submission


def staff_login(page, django_user_model):
    member(django_user_model, "supervisora", SUPERVISORS)
    page.goto("/admin/login/")
    page.fill("#id_username", "supervisora")
    page.fill("#id_password", "senha-123")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def staff_do(page, case_pk, *buttons):
    page.goto(f"/admin/casos/{case_pk}/")
    for name in buttons:
        page.get_by_role("button", name=name).click()
        page.get_by_text("Situação alterada para").first.wait_for()


def test_enrol_approve_set_password_sign_in_and_answer(
    page, browser, live_server, django_user_model
):
    # 1. The company enrols through the real form.
    page.goto("/adesao-de-fornecedor/")
    page.locator("main a[href$='/adesao-de-fornecedor/etapa/1/']").click()
    page.fill("#id_cnpj", CNPJ)
    page.fill("#id_razao_social", "Loja Modelo Comércio Ltda.")
    page.fill("#id_nome_fantasia", "Loja Modelo")
    page.fill("#id_email_empresa", "contato@lojamodelo.example")
    page.fill("#id_telefone_empresa", "(65) 3025-1000")
    page.fill("#id_endereco", "Rua Barão de Melgaço, 200, Cuiabá - MT")
    continue_button(page).click()
    page.fill("#id_representante_nome", "Rita Souza")
    page.fill("#id_representante_cpf", "529.982.247-25")
    page.fill("#id_representante_email", "rita@lojamodelo.example")
    page.fill("#id_representante_telefone", "(65) 99999-1000")
    page.get_by_label("Não").check()  # no other representative
    continue_button(page).click()
    page.set_input_files(
        "#id_comprovante_poderes",
        files=[{"name": "procuracao.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    continue_button(page).click()
    expect(page).to_have_url(at("/adesao-de-fornecedor/revisar/"))
    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar pedido de adesão").click()
    expect(page).to_have_url(at("/adesao-de-fornecedor/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()
    enrolment = Submission.objects.get(protocol=protocol)

    # 2. Staff accept and approve it in the inbox; later they forward a complaint.
    staff_login(page, django_user_model)
    staff_do(page, enrolment.pk, "Aceitar", "Aprovar a adesão")
    complaint = complaint_against("11222333000181", 901)
    staff_do(page, complaint.pk, "Aceitar", "Encaminhar ao fornecedor")

    # 3. The representative chooses a password from the emailed link.
    links = [
        re.search(r"https?://\S+(/fornecedor/senha/\S+/)", message.body)
        for message in mail.outbox
        if "/fornecedor/senha/" in message.body
    ]
    assert len(links) == 1 and mail.outbox
    supplier_context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    supplier_context.set_default_timeout(10_000)
    supplier = supplier_context.new_page()
    supplier.goto(links[0].group(1))
    assert_accessible(supplier)
    supplier.fill("#id_new_password1", "Fornecedor-Seguro-2026")
    supplier.fill("#id_new_password2", "Fornecedor-Seguro-2026")
    supplier.get_by_role("button", name="Salvar a senha").click()
    expect(supplier).to_have_url(at("/fornecedor/"))

    # 4. Signs in and opens the forwarded complaint.
    assert_accessible(supplier)
    supplier.fill("#id_entrar-email", "rita@lojamodelo.example")
    supplier.fill("#id_entrar-password", "Fornecedor-Seguro-2026")
    supplier.get_by_role("button", name="Entrar", exact=True).click()
    expect(supplier).to_have_url(at("/fornecedor/casos/"))
    assert_accessible(supplier)
    supplier.get_by_role("link", name=complaint.protocol).click()
    expect(supplier).to_have_url(at(f"/fornecedor/casos/{complaint.pk}/"))
    expect(supplier.get_by_test_id("case-status")).to_have_text("notificada ao fornecedor")
    expect(supplier.get_by_text("A geladeira chegou quebrada.")).to_be_visible()
    assert_accessible(supplier)

    # An empty answer shows the error summary (accessible too).
    supplier.get_by_role("button", name="Enviar a resposta").click()
    expect(supplier.locator(".error-summary")).to_be_visible()
    assert_accessible(supplier)

    # 5. Answers with a document and a proposed solution.
    supplier.fill("#id_resposta-text", "Vamos trocar a geladeira.")
    supplier.fill("#id_resposta-proposed_solution", "Troca em 5 dias úteis.")
    supplier.set_input_files(
        "#id_resposta-documents",
        files=[{"name": "laudo.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    supplier.get_by_role("button", name="Enviar a resposta").click()
    expect(supplier.get_by_text("Sua resposta foi enviada")).to_be_visible()
    expect(supplier.get_by_test_id("case-status")).to_have_text("respondida pelo fornecedor")
    assert_accessible(supplier)
    supplier_context.close()

    # 6. The answer is a citizen-visible event; staff download its document.
    event = CaseEvent.objects.for_citizen().get(case=complaint.pk, action="record_supplier_answer")
    assert event.visibility == Visibility.CITIZEN and event.reason == "Vamos trocar a geladeira."
    assert event.data["proposed_solution"] == "Troca em 5 dias úteis."
    attachment_id = event.data["attachments"][0]
    response = page.request.get(f"/anexos/{attachment_id}/")
    assert response.status == 200 and response.body() == PDF

    # 7. The citizen reads the answer on the tracking page.
    citizen_context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    citizen = citizen_context.new_page()
    citizen.goto("/acompanhar/")
    citizen.get_by_label("Número do protocolo").fill(complaint.protocol)
    citizen.get_by_label("Código de acesso").fill(ACCESS_CODE)
    citizen.get_by_role("button", name="Ver meu caso").click()
    expect(citizen).to_have_url(at(f"/acompanhar/caso/{complaint.protocol}/"))
    expect(citizen.get_by_test_id("supplier-answer")).to_have_text("Vamos trocar a geladeira.")
    expect(citizen.get_by_test_id("proposed-solution")).to_have_text("Troca em 5 dias úteis.")
    assert_accessible(citizen)
    citizen_context.close()


def test_letter_access_code_without_javascript(page_without_js, django_user_model):
    from supplier_enrolment.letters import access_code
    from supplier_enrolment.models import Letter

    page = page_without_js
    staff_login(page, django_user_model)
    complaint = complaint_against("59031847000186", 902)  # a demo supplier, not enrolled
    staff_do(page, complaint.pk, "Aceitar", "Encaminhar ao fornecedor")
    letter = Letter.objects.get(case=complaint.pk)
    page.context.clear_cookies()

    page.goto("/fornecedor/")
    page.fill("#id_codigo-protocol", complaint.protocol)
    page.fill("#id_codigo-access_code", "AAAAA-AAAAA")
    page.get_by_role("button", name="Abrir o caso").click()
    # (axe needs scripts, so accessibility is checked in the journey above.)
    expect(page.locator(".error-summary")).to_be_visible()
    page.fill("#id_codigo-access_code", access_code(letter))
    page.get_by_role("button", name="Abrir o caso").click()
    expect(page).to_have_url(at(f"/fornecedor/casos/{complaint.pk}/"))
    expect(page.get_by_text("A geladeira chegou quebrada.")).to_be_visible()
    page.fill("#id_mensagem-text", "Recebemos a carta e vamos responder.")
    page.get_by_role("button", name="Enviar a mensagem").click()
    expect(page.get_by_text("Sua mensagem foi enviada ao Procon.")).to_be_visible()
    assert CaseEvent.objects.filter(case=complaint.pk, kind="supplier_reply").count() == 1


def test_forgotten_password_asks_for_a_new_link(page):
    """From the sign-in page to the neutral "check your email" answer, each page
    accessible, the bad email explained in Portuguese."""
    page.goto("/fornecedor/")
    page.get_by_role("link", name="Esqueceu a senha ou o link expirou? Receba um novo link").click()
    expect(page).to_have_url(at("/fornecedor/senha/nova/"))
    assert_accessible(page)
    page.fill("#id_email", "sem-arroba")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.get_by_text("Informe um endereço de email válido.").first).to_be_visible()
    assert_accessible(page)
    page.fill("#id_email", "ninguem@empresa.example")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page).to_have_url(at("/fornecedor/senha/nova/enviado/"))
    expect(page.get_by_role("heading", name="Confira o seu e-mail")).to_be_visible()
    assert_accessible(page)
