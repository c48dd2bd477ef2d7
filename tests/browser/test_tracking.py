"""The citizen follows a case at /acompanhar/, in a real browser, with and without
JavaScript; every tracking page and state passes axe."""

import io
import itertools
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from playwright.sync_api import expect

from forms.models import FormKind, FormPage, Submission
from forms.protocol import ProtocolNumber, issuable
from forms.signals import submission_created
from forms.submission import hash_access_code
from inbox import workflow
from inbox.permissions import ATTENDANTS
from tests.forms.files import pdf_bytes
from tests.inbox.conftest import ensure_roles

from .conftest import assert_accessible
from .test_forms import at, continue_button, fill_step_one, step_url

CODE = "ABCDE-23456"
_numbers = (ProtocolNumber(2026, n) for n in itertools.count(7000) if issuable(2026, n))


def stored_complaint(status=None, email="maria@example.com"):
    """A complaint of the demo form with the access code CODE."""
    page = FormPage.objects.filter(kind=FormKind.COMPLAINT).first()
    number = next(_numbers)
    with transaction.atomic():
        submission = Submission.objects.create(
            page=page,
            form_data={"nome": "Maria da Silva"},
            protocol=str(number),
            year=number.year,
            sequence=number.sequence,
            kind=FormKind.COMPLAINT,
            schema=page.definition.schema(),
            access_code_hash=hash_access_code(CODE),
            consumer_name="Maria da Silva",
            consumer_email=email,
            supplier_name="Loja Exemplo",
        )
        submission_created.send(sender=Submission, submission=submission)
    return submission.case


def staff_user():
    user = get_user_model().objects.create_user(
        "atendente", "atendente@procon.example", "senha-forte-123", first_name="Ana"
    )
    ensure_roles()
    user.groups.add(Group.objects.get(name=ATTENDANTS))
    return user


def sign_in(page, protocol, code=CODE):
    page.goto("/acompanhar/")
    page.get_by_label("Número do protocolo").fill(protocol)
    page.get_by_label("Código de acesso").fill(code)
    page.get_by_role("button", name="Ver meu caso").click()


def move(case, user, *steps):
    for action, reason in steps:
        workflow.apply(case, action, user, reason=reason)


# --- the acceptance journey ------------------------------------------------------------


def test_complaint_forwarded_answered_and_evaluated_not_resolved_seen_by_staff(
    page, browser, live_server
):
    # The citizen sends a complaint through the demo form.
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    page.select_option("#id_problema", index=1)
    page.fill("#id_data_compra", "2024-05-10")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    page.fill("#id_descricao", "O celular parou de funcionar em uma semana.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    page.check("#id_pedido_1")
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar reclamação").click()
    expect(page).to_have_url(at("/reclamacao/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()
    code = page.locator(".access-code").inner_text().strip()
    case = Submission.objects.get(protocol=protocol).case

    # Staff accept it, forward it and record the supplier's answer, in the admin.
    staff_user()
    staff = browser.new_context(locale="pt-BR", base_url=live_server.url).new_page()
    staff.goto("/admin/login/")
    staff.fill("#id_username", "atendente")
    staff.fill("#id_password", "senha-forte-123")
    staff.locator("form button[type=submit]").first.click()
    staff.wait_for_url(re.compile(r"/admin/$"))
    staff.goto(f"/admin/casos/{case.pk}/")
    staff.get_by_role("button", name="Aceitar").click()
    staff.get_by_text("Situação alterada para “em análise”").wait_for()
    staff.get_by_role("button", name="Encaminhar ao fornecedor").click()
    staff.get_by_text("Situação alterada para “notificada ao fornecedor”").wait_for()
    staff.fill("#reason-record_supplier_answer", "Oferecemos conserto em 30 dias.")
    staff.get_by_role("button", name="Registrar a resposta do fornecedor").click()
    staff.get_by_text("Situação alterada para “respondida pelo fornecedor”").wait_for()
    staff.get_by_role("button", name="Pedir a avaliação do consumidor").click()
    staff.get_by_text("Situação alterada para “aguardando avaliação do consumidor”").wait_for()

    # The citizen opens the case with protocol and code, and reads the answer.
    page.goto("/acompanhar/")
    assert_accessible(page)
    sign_in(page, protocol, code)
    expect(page).to_have_url(at(f"/acompanhar/caso/{protocol}/"))
    expect(page.get_by_test_id("tracking-status")).to_have_text(
        "aguardando avaliação do consumidor"
    )
    expect(page.get_by_test_id("supplier-answer")).to_have_text("Oferecemos conserto em 30 dias.")
    expect(page.get_by_test_id("tracking-deadline")).to_contain_text("faltam 20 dias")
    assert_accessible(page)

    # Evaluates: first with nothing chosen (error state), then "Não resolvida".
    page.get_by_role("link", name="Avaliar a resposta da empresa").click()
    expect(page).to_have_url(at(f"/acompanhar/caso/{protocol}/avaliar/"))
    assert_accessible(page)
    page.get_by_role("button", name="Enviar avaliação").click()
    expect(page).to_have_title(re.compile(r"^Erro:"))
    expect(page.locator("[data-error-summary]")).to_contain_text("Diga se o seu problema")
    assert_accessible(page)
    page.get_by_role("radio", name="Não resolvida").check()
    page.get_by_role("radio", name="2 - insatisfeito").check()
    page.get_by_label("Comentário (opcional)").fill("O conserto nunca foi feito.")
    page.get_by_role("button", name="Enviar avaliação").click()
    expect(page).to_have_url(at(f"/acompanhar/caso/{protocol}/"))
    expect(page.get_by_text("Obrigado. Sua avaliação foi registrada.")).to_be_visible()
    expect(page.get_by_test_id("tracking-status")).to_have_text("não resolvida")
    assert_accessible(page)

    # Staff see the evaluation in the inbox.
    staff.reload()
    expect(staff.get_by_test_id("case-status")).to_have_text("não resolvida")
    expect(staff.locator("dd", has_text="2/5").first).to_be_visible()
    expect(staff.get_by_test_id("timeline")).to_contain_text("O conserto nunca foi feito.")
    staff.context.close()


# --- every page and state passes axe --------------------------------------------------


def test_every_tracking_page_and_state_is_accessible(page, settings):
    settings.TRACKING_RATE_LIMIT_IP = "100/600"
    user = staff_user()
    received = stored_complaint()
    complement = stored_complaint()
    move(complement, user, ("accept", ""), ("request_complement", "Envie a nota fiscal."))
    notified = stored_complaint()
    move(notified, user, ("accept", ""), ("forward_to_supplier", ""))
    withdrawn = stored_complaint()
    move(withdrawn, user, ("accept", ""))
    workflow.apply(withdrawn, "withdraw", None, party=workflow.CITIZEN, reason="Resolvi.")

    page.goto("/acompanhar/")
    assert_accessible(page)
    # Wrong code: the neutral error, with its summary.
    sign_in(page, received.submission.protocol, "ZZZZZ-99999")
    expect(page.locator("[data-error-summary]")).to_contain_text("Não foi possível abrir")
    expect(page.get_by_label("Código de acesso")).to_have_value("")
    assert_accessible(page)
    # Malformed protocol: a field error.
    sign_in(page, "2026.12")
    expect(page.locator("[data-error-summary] a[href='#id_protocol']")).to_be_visible()
    assert_accessible(page)

    for case in (received, notified, withdrawn, complement):
        sign_in(page, case.submission.protocol)
        expect(page).to_have_url(at(f"/acompanhar/caso/{case.submission.protocol}/"))
        assert_accessible(page)
    # Reply with nothing written: the error state of the case page.
    page.get_by_role("button", name="Enviar mensagem").click()
    expect(page).to_have_title(re.compile(r"^Erro:"))
    assert_accessible(page)

    page.get_by_role("link", name="Enviar o que foi pedido").click()
    expect(page.get_by_text("Envie a nota fiscal.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Enviar", exact=True).click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/acompanhar/caso/{received.submission.protocol}/desistir/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Você quer desistir da reclamação?")
    assert_accessible(page)

    page.goto("/acompanhar/meus-casos/")
    expect(page.get_by_test_id("my-cases").locator("tbody tr")).to_have_count(4)
    assert_accessible(page)

    page.goto("/acompanhar/link/")
    assert_accessible(page)
    page.get_by_role("button", name="Enviar o link").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-mail").fill("maria@example.com")
    page.get_by_role("button", name="Enviar o link").click()
    expect(page).to_have_url(at("/acompanhar/link/enviado/"))
    assert_accessible(page)
    page.goto("/acompanhar/link/nao-vale/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Este link não funciona")
    assert_accessible(page)


def test_too_many_attempts_page_is_accessible(page, settings):
    settings.TRACKING_RATE_LIMIT_IP = "1/600"
    case = stored_complaint()
    sign_in(page, case.submission.protocol, "ZZZZZ-99999")
    sign_in(page, case.submission.protocol)
    expect(page.get_by_role("heading", level=1)).to_have_text("Muitas tentativas")
    assert_accessible(page)


def test_evaluation_by_magic_link_on_my_cases(page):
    from tracking import access

    user = staff_user()
    case = stored_complaint()
    move(
        case,
        user,
        ("accept", ""),
        ("forward_to_supplier", ""),
        ("record_supplier_answer", "Reembolsamos."),
        ("ask_evaluation", ""),
    )
    other = stored_complaint(email="joao@example.com")
    page.goto(f"/acompanhar/link/{access.make_link_token([case.pk])}/")
    expect(page).to_have_url(at("/acompanhar/meus-casos/"))
    rows = page.get_by_test_id("my-cases").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("aguardando avaliação do consumidor")
    assert other.submission.protocol not in page.content()
    rows.first.get_by_role("link").click()
    page.get_by_role("link", name="Avaliar a resposta da empresa").click()
    page.get_by_role("radio", name="Resolvida", exact=True).check()
    page.get_by_role("radio", name="5 - muito satisfeito").check()
    page.get_by_role("button", name="Enviar avaliação").click()
    expect(page.get_by_test_id("tracking-status")).to_have_text("resolvida")
    case.refresh_from_db()
    assert case.evaluation_score == 5


# --- without JavaScript ----------------------------------------------------------------


def test_reply_complement_and_withdraw_without_javascript(page_without_js, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    page = page_without_js
    user = staff_user()
    case = stored_complaint()
    move(case, user, ("accept", ""), ("request_complement", "Envie a nota fiscal."))
    protocol = case.submission.protocol

    sign_in(page, protocol)
    expect(page).to_have_url(at(f"/acompanhar/caso/{protocol}/"))
    page.get_by_label("Sua mensagem ao Procon").fill("A nota está com a loja.")
    page.get_by_role("button", name="Enviar mensagem").click()
    expect(page.get_by_text("Sua mensagem foi enviada ao Procon.")).to_be_visible()
    expect(page.get_by_test_id("tracking-timeline")).to_contain_text("A nota está com a loja.")

    page.get_by_role("link", name="Enviar o que foi pedido").click()
    page.get_by_label("Documentos").set_input_files(
        {"name": "nota-fiscal.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_label("Informação").fill("Consegui a segunda via.")
    page.get_by_role("button", name="Enviar", exact=True).click()
    expect(page.get_by_text("Obrigado. O que você enviou foi juntado ao seu caso.")).to_be_visible()
    expect(page.get_by_test_id("tracking-status")).to_have_text("em análise")
    expect(page.get_by_test_id("tracking-files")).to_contain_text("nota-fiscal.pdf")
    with page.expect_download() as download:
        page.get_by_role("link", name="nota-fiscal.pdf").click()
    assert download.value.suggested_filename == "nota-fiscal.pdf"

    page.get_by_role("link", name="Desistir da reclamação").click()
    page.get_by_label("Por que você está desistindo? (opcional)").fill("Resolvi com a loja.")
    page.get_by_role("button", name="Sim, desistir da reclamação").click()
    expect(page.get_by_test_id("tracking-status")).to_have_text("desistência do consumidor")
    with page.expect_download() as download:
        page.get_by_role("link", name="Baixar em PDF").click()
    assert download.value.suggested_filename == f"procon-{protocol}.pdf"


# --- files with a message, and who sent each file (on a phone) ---------------------------

PHONE = {"width": 390, "height": 844}


def private_storage_in(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def phone_page(browser, live_server, javascript=True):
    context = browser.new_context(
        locale="pt-BR",
        base_url=live_server.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context.new_page()


def signed_in_staff(browser, live_server):
    staff = browser.new_context(locale="pt-BR", base_url=live_server.url).new_page()
    staff.goto("/admin/login/")
    staff.fill("#id_username", "atendente")
    staff.fill("#id_password", "senha-forte-123")
    staff.locator("form button[type=submit]").first.click()
    staff.wait_for_url(re.compile(r"/admin/$"))
    return staff


def send_message_with_file(page, text, name, content, mime="application/pdf"):
    page.get_by_label("Sua mensagem ao Procon").fill(text)
    page.get_by_label("Documentos (opcional)").set_input_files(
        {"name": name, "mimeType": mime, "buffer": content}
    )
    page.get_by_role("button", name="Enviar mensagem").click()


def citizen_sends_files(page, protocol, axe=True):
    """The citizen's part of the journey, the same with JavaScript or without
    (axe runs as JavaScript in the page, so only with it)."""
    sign_in(page, protocol)
    expect(page).to_have_url(at(f"/acompanhar/caso/{protocol}/"))
    # A file that is not what it claims: the whole message is refused, the text kept.
    send_message_with_file(
        page, "Segue o comprovante do pagamento.", "foto.jpg", b"<html>x</html>", "image/jpeg"
    )
    expect(page).to_have_title(re.compile(r"^Erro:"))
    expect(page.locator("[data-error-summary]")).to_contain_text("foto.jpg")
    expect(page.get_by_label("Sua mensagem ao Procon")).to_have_value(
        "Segue o comprovante do pagamento."
    )
    if axe:
        assert_accessible(page)
    # The right file: sent with the message, listed as the citizen's.
    page.get_by_label("Documentos (opcional)").set_input_files(
        {"name": "comprovante.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    )
    page.get_by_role("button", name="Enviar mensagem").click()
    expect(page.get_by_text("Sua mensagem foi enviada ao Procon.")).to_be_visible()
    expect(page.get_by_test_id("tracking-timeline")).to_contain_text(
        "Segue o comprovante do pagamento."
    )
    mine = page.get_by_test_id("tracking-files").locator("li", has_text="comprovante.pdf")
    expect(mine).to_contain_text("Enviado por você em")
    assert mine.get_attribute("data-sender") == "citizen"
    if axe:
        assert_accessible(page)
    with page.expect_download() as download:
        mine.get_by_role("link", name="comprovante.pdf").click()
    assert download.value.suggested_filename == "comprovante.pdf"


def test_citizen_sends_a_file_with_a_message_on_a_phone_and_staff_open_it(
    browser, live_server, demo_site, settings, tmp_path
):
    private_storage_in(settings, tmp_path)
    staff_user()
    case = stored_complaint()
    protocol = case.submission.protocol
    page = phone_page(browser, live_server)
    citizen_sends_files(page, protocol)
    page.context.close()

    # Staff see the file in the case timeline, marked as the consumer's, and open it.
    staff = signed_in_staff(browser, live_server)
    staff.goto(f"/admin/casos/{case.pk}/")
    entry = staff.get_by_test_id("timeline").locator("li[data-event-kind=citizen_message]")
    expect(entry).to_contain_text("Segue o comprovante do pagamento.")
    files = entry.get_by_test_id("event-files")
    expect(files).to_contain_text("Enviado pelo consumidor")
    assert files.get_attribute("data-sender") == "citizen"
    with staff.expect_download() as download:
        files.get_by_role("link", name="comprovante.pdf").click()
    assert download.value.suggested_filename == "comprovante.pdf"
    assert Path(download.value.path()).read_bytes() == pdf_bytes()
    staff.context.close()


def test_citizen_sends_a_file_with_a_message_without_javascript(
    browser, live_server, demo_site, settings, tmp_path
):
    private_storage_in(settings, tmp_path)
    case = stored_complaint()
    page = phone_page(browser, live_server, javascript=False)
    citizen_sends_files(page, case.submission.protocol, axe=False)
    page.context.close()


def test_files_from_the_three_parties_are_labelled_and_accessible(page, settings, tmp_path):
    from core import storage
    from forms.models import Attachment
    from inbox.models import CaseEvent, EventKind, Party, Visibility

    private_storage_in(settings, tmp_path)
    user = staff_user()
    case = stored_complaint()

    def attach(name, key):
        stored = storage.save(io.BytesIO(pdf_bytes()))
        return Attachment.objects.create(
            submission=case.submission,
            field_key=key,
            original_name=name,
            content_type="application/pdf",
            size=len(pdf_bytes()),
            sha256="0" * 64,
            storage_name=stored,
        )

    attach("nota-fiscal.pdf", "documentos")  # with the form
    move(case, user, ("accept", ""), ("forward_to_supplier", ""))
    laudo = attach("laudo-tecnico.pdf", "supplier_answer")
    workflow.apply(
        case,
        "record_supplier_answer",
        None,
        reason="Trocamos o aparelho.",
        party=workflow.SUPPLIER,
        data={"attachments": [str(laudo.pk)], "attachment_names": [laudo.original_name]},
    )
    oficio = attach("oficio-procon.pdf", "procon")
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.MESSAGE,
        actor=user,
        party=Party.STAFF,
        visibility=Visibility.CITIZEN,
        body="Segue o ofício.",
        data={"files": [str(oficio.pk)]},
    )
    page.set_viewport_size(PHONE)
    sign_in(page, case.submission.protocol)
    files = page.get_by_test_id("tracking-files")
    expect(files.locator("li[data-sender=citizen]")).to_contain_text("Enviado por você em")
    expect(files.locator("li[data-sender=supplier]")).to_contain_text("Enviado pela empresa em")
    expect(files.locator("li[data-sender=staff]")).to_contain_text("Enviado pelo Procon em")
    assert_accessible(page)
    # The error state, with the same files listed.
    send_message_with_file(page, "Veja a foto.", "foto.jpg", b"<html>x</html>", "image/jpeg")
    expect(page.locator("[data-error-summary]")).to_contain_text("Nada foi enviado")
    expect(page.get_by_test_id("tracking-files").locator("li")).to_have_count(3)
    assert_accessible(page)
