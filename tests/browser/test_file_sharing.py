"""The citizen attaches an identity document and a receipt, saying what each is;
the supplier (by the code on its letter) sees only the receipt; staff share the
identity document; the supplier now sees and downloads it."""

import hashlib
import re

from playwright.sync_api import expect
from wagtail.models import ModelLogEntry

from forms.models import Submission
from inbox.models import CaseEvent
from tests.forms.files import image_bytes, pdf_bytes

from .conftest import assert_accessible
from .test_forms import at, continue_button, fill_step_one, step_url
from .test_suppliers import staff_do, staff_login

CNPJ = "59.031.847/0001-86"  # a demo supplier that did not enrol: it gets a letter


def complaint_up_to_the_documents(page):
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", CNPJ)
    continue_button(page).click()
    page.select_option("#id_problema", index=1)
    page.fill("#id_data_compra", "2024-05-10")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    page.fill("#id_descricao", "O produto chegou quebrado.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))


def test_identity_document_reaches_the_supplier_only_once_staff_share_it(
    page, browser, live_server, private_storage, django_user_model
):
    # 1. The citizen attaches the identity photo, saying what it is...
    complaint_up_to_the_documents(page)
    page.check("#id_pedido_1")
    kinds = page.get_by_role("group", name="O que são os arquivos que você está anexando agora?")
    expect(kinds.get_by_role("radio")).to_have_count(3)
    assert_accessible(page)
    page.get_by_label("Documentos (opcional)").set_input_files(
        [{"name": "rg.jpg", "mimeType": "image/jpeg", "buffer": image_bytes("JPEG")}]
    )
    kinds.get_by_label("Documento de identidade").check()
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))

    # ... then, back on the step, the receipt as a proof of purchase.
    page.locator(".review-row", has_text="Documentos").get_by_role("link").click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    expect(page.get_by_label("Tipo de rg.jpg")).to_have_value("identity")
    page.get_by_label("Documentos (opcional)").set_input_files(
        [{"name": "nota-fiscal.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role(
        "group", name="O que são os arquivos que você está anexando agora?"
    ).get_by_label("Comprovante de compra").check()
    assert_accessible(page)
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    row = page.locator(".review-row", has_text="Documentos").locator("dd").first
    expect(row).to_contain_text("rg.jpg")
    expect(row).to_contain_text("Documento de identidade")
    expect(row).to_contain_text("Comprovante de compra")
    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar reclamação").click()
    expect(page).to_have_url(at("/reclamacao/enviado/"))
    submission = Submission.objects.get(protocol=page.locator(".protocol-number").inner_text())
    files = {a.original_name: a for a in submission.attachments.all()}
    assert not files["rg.jpg"].shared_with_supplier
    assert files["nota-fiscal.pdf"].shared_with_supplier
    assert submission.supplier_cnpj == "59031847000186"

    # 2. Staff forward it: the supplier, not enrolled, gets a letter with a code.
    page.context.clear_cookies()
    staff_login(page, django_user_model)
    staff_do(page, submission.pk, "Aceitar", "Encaminhar ao fornecedor")
    from supplier_enrolment.letters import access_code
    from supplier_enrolment.models import Letter

    letter = Letter.objects.get(case=submission.pk)

    # 3. The supplier opens the case with the code: the receipt only.
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    supplier = context.new_page()
    supplier.goto("/fornecedor/")
    supplier.fill("#id_codigo-protocol", submission.protocol)
    supplier.fill("#id_codigo-access_code", access_code(letter))
    supplier.get_by_role("button", name="Abrir o caso").click()
    expect(supplier).to_have_url(at(f"/fornecedor/casos/{submission.pk}/"))
    documents = supplier.get_by_test_id("case-documents")
    expect(documents.get_by_role("link")).to_have_text(["nota-fiscal.pdf"])
    expect(supplier.get_by_text("529.982.247-25")).to_be_visible()  # the CPF, as the notice says
    assert_accessible(supplier)
    identity_url = f"/fornecedor/casos/{submission.pk}/documentos/{files['rg.jpg'].pk}/"
    assert supplier.request.get(identity_url).status == 404
    assert ModelLogEntry.objects.filter(
        action="procon.supplier_attachment_denied",
        object_id=str(submission.pk),
        data__attachment=str(files["rg.jpg"].pk),
        data__letter=letter.pk,
    ).exists()

    # 4. Staff share the identity document (an event records it).
    page.goto(f"/admin/casos/{submission.pk}/")
    staff_files = page.get_by_test_id("case-files")
    expect(staff_files.locator("li", has_text="rg.jpg")).to_contain_text(
        "não compartilhado com o fornecedor"
    )
    page.get_by_role("button", name="Compartilhar com o fornecedor rg.jpg").click()
    expect(page.get_by_text("“rg.jpg” agora é compartilhado com o fornecedor.")).to_be_visible()
    expect(
        page.get_by_role("button", name=re.compile("Parar de compartilhar.*rg.jpg"))
    ).to_be_visible()
    assert CaseEvent.objects.get(case=submission.pk, kind="file_sharing").data["shared"] is True

    # 5. The supplier now sees it and downloads it.
    supplier.reload()
    expect(documents.get_by_role("link")).to_have_text(["rg.jpg", "nota-fiscal.pdf"])
    response = supplier.request.get(identity_url)
    assert response.status == 200
    assert hashlib.sha256(response.body()).hexdigest() == files["rg.jpg"].sha256
    context.close()
