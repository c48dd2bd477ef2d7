"""The public site in Spanish and English, in a real browser: a complaint filed
through /es/reclamacao/ from the first step to the protocol, axe clean and
marked `lang="es"` on every page, read by staff in Portuguese and acknowledged
in Spanish; and the language switcher on a translated guidance page and on one
not translated yet (the Portuguese page with a notice)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from playwright.sync_api import expect

from inbox.permissions import ATTENDANTS
from tests.forms.files import pdf_bytes
from tests.inbox.conftest import ensure_roles

from .conftest import assert_accessible
from .test_forms import PROTOCOL_RE, at, continue_button

# The Spanish texts the citizen reads (home/demo/content/translations/es.po);
# the values posted, and stored, stay the Portuguese ones.
STEP_TITLES = ["Sobre usted", "Empresa contra la que reclama", "Qué pasó", "Qué quiere usted"]
HOW_BOUGHT_ES = "¿Cómo hizo la compra o contratación?"
HOW_BOUGHT_PT = "Como você comprou ou contratou?"
CONTACTED_ES = "¿Ya contactó a la empresa para resolverlo?"
CONTACTED_PT = "Você já procurou a empresa para resolver?"
WANTS_ES = "¿Qué espera de la empresa?"
WANTS_PT = "O que você espera da empresa?"
DESCRIPTION = "Compré una nevera por internet y llegó rota. La empresa no responde."
GUARANTEE_ES = "Garantía legal: 30 o 90 días para reclamar por defectos"
NOT_TRANSLATED_EN = "This page has not been translated yet. Here it is in Portuguese."


@pytest.fixture
def spanish_page(browser, live_server, demo_site, private_storage):
    """A tab of a browser set to Spanish (the address, not the browser, picks the
    language: this only makes the citizen's side realistic)."""
    context = browser.new_context(locale="es-ES", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


def submission_for(protocol):
    from forms.models import Submission

    return Submission.objects.get(protocol=protocol)


def in_spanish(page, heading, axe=True):
    """The page is marked Spanish, shows `heading` and, with `axe`, passes axe."""
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    if axe:
        assert_accessible(page)


def step_url(number):
    return at(f"/es/reclamacao/etapa/{number}/")


def file_complaint_in_spanish(page, axe=True):
    """Fill the demo complaint at /es/reclamacao/ by its Spanish labels, through
    every step and the review, up to the confirmation; returns the protocol."""
    page.goto("/es/reclamacao/")
    in_spanish(page, "Presentar una reclamación", axe)
    page.get_by_role("main").get_by_role("button", name="Empezar ahora").click()

    # Step 1: about you.
    expect(page).to_have_url(step_url(1))
    in_spanish(page, "Sobre usted", axe)
    expect(page.locator(".step-progress")).to_have_text("Presentar una reclamación · Paso 1 de 4")
    page.get_by_label("Nombre completo").fill("María Gómez")
    page.get_by_label("CPF", exact=True).fill("529.982.247-25")
    page.get_by_label("Correo electrónico").fill("maria@example.com")
    page.get_by_label("Teléfono con código de área (DDD) (opcional)").fill("(65) 99999-0000")
    address = page.get_by_role("group", name="Su dirección")
    address.get_by_label("CEP", exact=True).fill("78005-000")
    address.get_by_label("Calle (avenida, camino…)").fill("Rua Barão de Melgaço")
    address.get_by_label("Número", exact=True).fill("123")
    address.get_by_label("Barrio (bairro) (opcional)").fill("Centro")
    address.get_by_label("Municipio", exact=True).fill("Cuiabá")
    expect(address.get_by_label("Estado (UF)")).to_have_value("MT")
    continue_button(page).click()

    # Step 2: the company.
    expect(page).to_have_url(step_url(2))
    in_spanish(page, "Empresa contra la que reclama", axe)
    page.get_by_label("Nombre o CNPJ de la empresa").fill("Loja Exemplo Ltda")
    page.get_by_label("Sitio web de la empresa (opcional)").fill("https://loja.example.com")
    continue_button(page).click()

    # Step 3: what happened.
    expect(page).to_have_url(step_url(3))
    in_spanish(page, "Qué pasó", axe)
    page.get_by_label("¿Cuál fue el problema?").select_option(
        "telecomunicacoes/telefonia-movel/cobranca-indevida"
    )
    date = page.get_by_role("group", name="Fecha de la compra o contratación")
    date.get_by_label("Día").fill("15")
    date.get_by_label("Mes").fill("1")
    date.get_by_label("Año").fill("2026")
    page.get_by_label("Monto pagado (opcional)").fill("1.234,56")
    how = page.get_by_role("group", name=HOW_BOUGHT_ES)
    how.get_by_role("radio", name="Tienda física").check()
    contacted = page.get_by_role("group", name=CONTACTED_ES)
    sac = page.get_by_label("Número de protocolo de la atención (SAC) (opcional)")
    expect(sac).to_be_hidden()  # shown only after "Sí"
    contacted.get_by_role("radio", name="Sí").check()
    expect(sac).to_be_visible()
    sac.fill("SAC-998877")
    page.get_by_label("Cuente lo que pasó").fill(DESCRIPTION)
    continue_button(page).click()

    # Step 4: what the citizen wants, and a receipt attached.
    expect(page).to_have_url(step_url(4))
    in_spanish(page, "Qué quiere usted", axe)
    page.get_by_role("group", name=WANTS_ES).get_by_role("radio", name="Reparación").check()
    page.get_by_label("Documentos (opcional)").set_input_files(
        [{"name": "factura.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.get_by_role("group", name="¿Qué son los archivos que está adjuntando ahora?").get_by_role(
        "radio", name="Comprobante de compra"
    ).check()
    continue_button(page).click()

    # Review: the answers in Spanish, the options by their Spanish labels.
    expect(page).to_have_url(at("/es/reclamacao/revisar/"))
    in_spanish(page, "Revise sus respuestas antes de enviar", axe)
    expect(page.locator("section.review-step h2")).to_have_text(STEP_TITLES)

    def answer(label):
        return page.locator(".review-row", has=page.locator("dt", has_text=label)).locator("dd")

    expect(answer("Nombre completo").first).to_have_text("María Gómez")
    expect(answer(HOW_BOUGHT_ES).first).to_have_text("Tienda física")
    expect(answer(CONTACTED_ES).first).to_have_text("Sí")
    expect(answer(WANTS_ES).first).to_have_text("Reparación")
    expect(answer("Documentos").first).to_contain_text("factura.pdf")
    expect(answer("Documentos").first).to_contain_text("Comprobante de compra")
    page.get_by_label("Declaro que la información proporcionada es verdadera.").check()
    page.get_by_role("button", name="Enviar reclamación").click()

    # Confirmation, with the protocol number.
    expect(page).to_have_url(at("/es/reclamacao/enviado/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enviado correctamente")
    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol
    if axe:
        assert_accessible(page)
    return protocol


# --- 1 and 3: the citizen files in Spanish and is answered in Spanish -------------------


def test_complaint_filed_in_spanish_end_to_end_accessible_and_receipt_in_spanish(spanish_page):
    page = spanish_page
    protocol = file_complaint_in_spanish(page)
    expect(page.locator("main")).to_contain_text("Nuestro equipo analiza la reclamación.")
    expect(page.locator(".access-code")).not_to_be_empty()

    # Stored in Portuguese (schema and option values), marked as filed in Spanish.
    submission = submission_for(protocol)
    assert submission.kind == "complaint"
    assert submission.language == "es"
    assert submission.page.locale.language_code == "pt-br"
    labels = [f["label"] for step in submission.schema["steps"] for f in step["fields"]]
    assert HOW_BOUGHT_PT in labels and HOW_BOUGHT_ES not in labels
    data = submission.form_data
    assert data["nome"] == "María Gómez"
    assert data["como_comprou"] == "Loja física"
    assert data["procurou_empresa"] == "Sim"
    assert data["protocolo_sac"] == "SAC-998877"
    assert data["pedido"] == "Conserto"
    assert data["data_compra"] == "2026-01-15"
    assert [d["name"] for d in data["documentos"]] == ["factura.pdf"]
    assert [a.original_name for a in submission.attachments.all()] == ["factura.pdf"]

    # The receipt: written to the outbox in Spanish, with the Spanish tracking link.
    from core.models import OutboundEmail

    receipt = OutboundEmail.objects.get(kind="receipt", object_id=submission.pk)
    assert receipt.to == "maria@example.com"
    assert receipt.subject == f"Protocolo {protocol}: Presentar una reclamación"
    # Delivered at once by the test settings' immediate tasks, which clear the stored
    # body (it carries the access code): its text is read from the message sent.
    assert receipt.status == OutboundEmail.Status.SENT
    sent = [m for m in mail.outbox if m.subject == receipt.subject]
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    body = sent[0].body
    assert sent[0].to == ["maria@example.com"]
    assert 'Recibimos su solicitud "Presentar una reclamación".' in body
    assert f"Número de protocolo: {protocol}" in body
    assert "Código de acceso: " in body
    tracking = re.search(r"Para seguir su caso, entre en (\S+)", body)
    assert tracking, body
    assert tracking[1].endswith(f"/es/acompanhar/caso/{protocol}/"), tracking[1]
    assert "La empresa tiene hasta 10 días para responder" in body
    assert "Este mensaje no repite sus respuestas" in body
    for portuguese in ("Recebemos", "Para acompanhar", "Código de acesso", "A empresa tem"):
        assert portuguese not in body, body


# --- 2: staff read the Spanish complaint in Portuguese ----------------------------------


@pytest.fixture
def staff(browser, live_server, transactional_db):
    """An attendant signed in to the inbox, in a browser of their own."""
    user = get_user_model().objects.create_user(
        "atendente", "atendente@procon.example", "senha-forte-123", first_name="Ana"
    )
    ensure_roles()
    user.groups.add(Group.objects.get(name=ATTENDANTS))
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", "atendente")
    tab.fill("#id_password", "senha-forte-123")
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(re.compile(r"/admin/$"))
    yield tab
    context.close()


def test_staff_read_a_complaint_filed_in_spanish_in_portuguese(spanish_page, staff):
    protocol = file_complaint_in_spanish(spanish_page, axe=False)
    submission = submission_for(protocol)

    staff.goto("/admin/casos/?status=received")
    staff.get_by_role("link", name=protocol).click()
    staff.wait_for_url(re.compile(rf"/admin/casos/{submission.case.pk}/$"))

    # The questions, and the options chosen, as the Portuguese form has them.
    answers = staff.locator("section[aria-labelledby=answers-heading]")
    for label, value in [
        ("Nome completo", "María Gómez"),
        (HOW_BOUGHT_PT, "Loja física"),
        (CONTACTED_PT, "Sim"),
        (WANTS_PT, "Conserto"),
    ]:
        term = answers.locator("dt", has_text=label)
        expect(term).to_have_count(1)
        expect(term.locator("xpath=following-sibling::dd[1]")).to_have_text(value)
    for spanish in (
        "Nombre completo",
        HOW_BOUGHT_ES,
        CONTACTED_ES,
        WANTS_ES,
        "Tienda física",
        "Reparación",
    ):
        expect(answers).not_to_contain_text(spanish)
    # The steps' titles too: staff read every submission alike.
    expect(answers.locator("h3")).to_have_text(
        ["Sobre você", "Empresa reclamada", "O que aconteceu", "O que você quer"]
    )


# --- 4: the language switcher --------------------------------------------------------------


def switcher(page):
    return page.locator("nav.language-bar")


def test_switcher_leads_from_a_translated_guidance_page_to_its_spanish_version(page):
    page.goto("/orientacoes/garantia-legal/")
    expect(page.locator("html")).to_have_attribute("lang", "pt-BR")
    expect(switcher(page).locator("[aria-current=true]")).to_have_text("Português")
    switcher(page).get_by_role("link", name="Español").click()

    expect(page).to_have_url(at("/es/orientacoes/garantia-legal/"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text(GUARANTEE_ES)
    expect(page).to_have_title(re.compile(rf"^{re.escape(GUARANTEE_ES)}"))
    expect(page.locator(".language-notice")).to_have_count(0)
    current = switcher(page).locator("[aria-current=true]")
    expect(current).to_have_text("Español")
    expect(switcher(page).get_by_role("link", name="Português")).to_have_attribute(
        "href", "/orientacoes/garantia-legal/"
    )
    assert_accessible(page)


def test_switcher_on_an_untranslated_page_shows_the_portuguese_page_with_a_notice(page):
    from services.models import GuidancePage

    title = GuidancePage.objects.get(slug="cobranca-indevida").title
    page.goto("/orientacoes/cobranca-indevida/")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    switcher(page).get_by_role("link", name="English").click()

    expect(page).to_have_url(at("/en/orientacoes/cobranca-indevida/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    notice = page.locator("div.language-notice[role=note]")
    expect(notice).to_have_count(1)
    expect(notice).to_have_text(NOT_TRANSLATED_EN)
    expect(notice).to_be_visible()
    # The Portuguese text is marked as such inside the English page.
    heading = page.get_by_role("heading", level=1)
    assert heading.evaluate("h => h.closest('[lang]').getAttribute('lang')") == "pt-BR"
    expect(switcher(page).locator("[aria-current=true]")).to_have_text("English")
    assert_accessible(page)
