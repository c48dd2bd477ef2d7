"""A citizen on a phone attaches a photo and a PDF to a complaint, goes back and
forth, and both files arrive with the submission."""

import hashlib
import re

import pytest
from playwright.sync_api import expect

from tests.forms.files import image_bytes, pdf_bytes

from .conftest import assert_accessible
from .test_forms import at, continue_button, fill_step_one, step_url

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server, demo_site, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    context = browser.new_context(
        locale="pt-BR",
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def files_on_step(page):
    return page.locator(".attached-file .attached-name")


def test_phone_citizen_attaches_a_photo_and_a_pdf_that_arrive_with_the_submission(phone):
    page = phone
    photo = image_bytes("JPEG", size=(640, 480))
    receipt = pdf_bytes()
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    page.select_option("#id_problema", index=1)
    page.fill("#id_data_compra", "2024-05-10")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    page.fill("#id_descricao", "O produto chegou quebrado.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))

    # Step 4: pick both files at once, as from the phone's gallery and files app.
    documents = page.get_by_label("Documentos (opcional)")
    expect(documents).to_have_attribute("accept", re.compile(r"image/jpeg"))
    assert_accessible(page)
    page.check("#id_pedido_1")
    documents.set_input_files(
        [
            {"name": "IMG_20240510.jpg", "mimeType": "image/jpeg", "buffer": photo},
            {"name": "nota-fiscal.pdf", "mimeType": "application/pdf", "buffer": receipt},
        ]
    )
    page.get_by_label("Comprovante de compra").check()  # what the files are
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    row = page.locator(".review-row", has_text="Documentos").locator("dd").first
    expect(row).to_contain_text("IMG_20240510.jpg")
    expect(row).to_contain_text("nota-fiscal.pdf")
    assert_accessible(page)

    # Back to the step through "Alterar": both files are listed, with sizes.
    page.locator(".review-row", has_text="Documentos").get_by_role("link").click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    expect(files_on_step(page)).to_have_text(["IMG_20240510.jpg", "nota-fiscal.pdf"])
    expect(page.locator(".attached-file .attached-size").first).to_contain_text("KB")
    assert_accessible(page)
    # Further back to step 3 and forward again: nothing is lost.
    page.goto("/reclamacao/etapa/3/")
    expect(page.locator("#id_descricao")).to_have_value("O produto chegou quebrado.")
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))  # step 4 is already answered
    expect(row).to_contain_text("IMG_20240510.jpg")
    expect(row).to_contain_text("nota-fiscal.pdf")

    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar reclamação").click()
    expect(page).to_have_url(at("/reclamacao/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()

    from forms.models import Submission

    submission = Submission.objects.get(protocol=protocol)
    attached = {a.original_name: a for a in submission.attachments.all()}
    assert set(attached) == {"IMG_20240510.jpg", "nota-fiscal.pdf"}
    assert attached["IMG_20240510.jpg"].sha256 == hashlib.sha256(photo).hexdigest()
    assert attached["IMG_20240510.jpg"].content_type == "image/jpeg"
    assert attached["nota-fiscal.pdf"].sha256 == hashlib.sha256(receipt).hexdigest()
    assert [d["name"] for d in submission.form_data["documentos"]] == [
        "IMG_20240510.jpg",
        "nota-fiscal.pdf",
    ]


def test_a_refused_file_is_explained_and_a_listed_one_removed_without_javascript(
    page_without_js, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    page = page_without_js
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    page.select_option("#id_problema", index=1)
    page.fill("#id_data_compra", "2024-05-10")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    page.fill("#id_descricao", "O produto chegou quebrado.")
    continue_button(page).click()
    page.check("#id_pedido_1")
    page.set_input_files(
        "#id_documentos",
        [
            {"name": "recibo.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()},
            {"name": "pagina.html", "mimeType": "text/html", "buffer": b"<html>oi</html>"},
        ],
    )
    page.get_by_label("Outro documento").check()
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    expect(page).to_have_title(re.compile(r"^Erro:"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_contain_text("“pagina.html” não é um tipo de arquivo aceito")
    expect(files_on_step(page)).to_have_text(["recibo.pdf"])
    expect(page.get_by_label("Tipo de recibo.pdf")).to_have_value("other")
    # (axe needs scripts; the error state is checked with them in test_forms.py)

    page.get_by_label("Remover recibo.pdf").check()
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    expect(page.locator(".review-row", has_text="Documentos").locator("dd").first).to_have_text(
        "Não respondido"
    )
