"""The conciliation hearing from end to end: staff schedule it, both parties
are told (tracking page and e-mail, supplier area and e-mail), staff record an
agreement with its minutes (ata), which both parties download and nobody else
can, and the consumer confirms on the tracking page that it was kept: the case
closes."""

import re
from datetime import timedelta

from django.core import mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from forms.models import Submission
from inbox.models import Hearing
from inbox.statuses import Status
from tests.supplier_enrolment.conftest import PASSWORD, representative_of

from .conftest import assert_accessible
from .test_decisions import CNPJ_DIGITS, supplier_page
from .test_suppliers import ACCESS_CODE, complaint_against, staff_do, staff_login

OTHER_CNPJ = "48273615000118"


def citizen_page(browser, live_server, protocol):
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/acompanhar/")
    page.get_by_label("Número do protocolo").fill(protocol)
    page.get_by_label("Código de acesso").fill(ACCESS_CODE)
    page.get_by_role("button", name="Ver meu caso").click()
    expect(page).to_have_url(re.compile(rf"/acompanhar/caso/{re.escape(protocol)}/"))
    return page


def test_hearing_scheduled_told_agreement_with_minutes_kept_and_closed(
    page, browser, live_server, django_user_model
):
    representative_of(CNPJ_DIGITS, "rita@lojamodelo.example", "Loja Modelo Ltda.")
    representative_of(OTHER_CNPJ, "outro@empresa.example", "Outra Empresa Ltda.")
    staff_login(page, django_user_model)
    complaint = complaint_against(CNPJ_DIGITS, 931)
    staff_do(page, complaint.pk, "Aceitar", "Encaminhar ao fornecedor")
    # The consumer said the answer did not solve the problem.
    Submission.objects.filter(pk=complaint.pk).update(status=Status.NOT_RESOLVED)
    mail.outbox.clear()

    # 1. Staff schedule the hearing; a place or a link is required.
    page.goto(f"/admin/casos/{complaint.pk}/")
    page.get_by_role("link", name="Marcar audiência de conciliação").click()
    day = timezone.localdate() + timedelta(days=7)
    page.get_by_label("Data (obrigatório)").fill(day.isoformat())
    page.get_by_label("Hora (obrigatório)").fill("14:30")
    page.get_by_role("button", name="Marcar audiência de conciliação").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text(
        "Informe o local da audiência ou o link da videochamada."
    )
    expect(page.get_by_label("Hora (obrigatório)")).to_have_value("14:30")  # kept
    assert_accessible(page)
    page.get_by_label("Local").fill("Procon Cuiabá, sala 2")
    page.get_by_role("button", name="Marcar audiência de conciliação").click()
    expect(page.get_by_text("Audiência marcada; as duas partes são avisadas.")).to_be_visible()
    expect(page.get_by_test_id("case-status")).to_have_text("audiência de conciliação marcada")
    when = f"{day:%d/%m/%Y} 14:30"
    expect(page.get_by_test_id("hearing-when")).to_have_text(when)

    # 2. Both parties are told: e-mails, the tracking page, the supplier area.
    to_consumer = [m for m in mail.outbox if m.to == ["maria@example.com"]]
    with translation.override("pt-br"):  # citizens read long dates
        day_long = date_format(day, "DATE_FORMAT")
    assert any(
        f"{day_long} às 14:30" in m.body and "Procon Cuiabá, sala 2" in m.body for m in to_consumer
    )
    to_supplier = [m for m in mail.outbox if m.to == ["rita@lojamodelo.example"]]
    assert any(when in m.body and "Procon Cuiabá, sala 2" in m.body for m in to_supplier)

    citizen = citizen_page(browser, live_server, complaint.protocol)
    hearing_box = citizen.get_by_test_id("hearing")
    expect(hearing_box).to_contain_text("Procon Cuiabá, sala 2")
    expect(hearing_box.get_by_test_id("hearing-when")).to_contain_text(day_long)
    expect(citizen.get_by_text("O Procon marcou uma audiência de conciliação")).to_be_visible()
    expect(citizen.get_by_role("link", name="Pedir outra data para a audiência")).to_be_visible()
    assert_accessible(citizen)

    supplier = supplier_page(browser, live_server)
    supplier.goto(f"/fornecedor/casos/{complaint.pk}/")
    expect(supplier.get_by_test_id("hearing")).to_contain_text("Procon Cuiabá, sala 2")
    expect(supplier.get_by_role("button", name="Pedir outra data")).to_be_visible()
    assert_accessible(supplier)

    # 3. The hearing took place: staff record the agreement.
    Hearing.objects.filter(case_id=complaint.pk).update(
        scheduled_at=timezone.now() - timedelta(hours=1)
    )
    page.goto(f"/admin/casos/{complaint.pk}/")
    page.get_by_role("link", name="Registrar o resultado da audiência").click()
    page.get_by_label("acordo", exact=True).check()
    page.get_by_label("Termos do acordo").fill("A loja devolve R$ 1.200,00.")
    page.get_by_label("Data de cumprimento do acordo").fill(timezone.localdate().isoformat())
    page.get_by_label("Registro da audiência (ata)").fill("Compareceram as duas partes.")
    page.get_by_role("button", name="Registrar o resultado da audiência").click()
    expect(page.get_by_test_id("case-status")).to_have_text("acordo em cumprimento")
    expect(page.get_by_test_id("hearing-ata")).to_be_visible()
    filename = f"ata-audiencia-{complaint.protocol}.pdf"

    # 4. Both parties download the minutes; another company cannot.
    supplier.reload()
    expect(supplier.get_by_test_id("hearing-outcome")).to_have_text("acordo")
    with supplier.expect_download() as download:
        supplier.get_by_test_id("hearing-ata").click()
    assert download.value.suggested_filename == filename
    ata_url = supplier.get_by_test_id("hearing-ata").get_attribute("href")
    supplier.context.close()

    other = browser.new_context(locale="pt-BR", base_url=live_server.url)
    intruder = other.new_page()
    intruder.goto("/fornecedor/")
    intruder.fill("#id_entrar-email", "outro@empresa.example")
    intruder.fill("#id_entrar-password", PASSWORD)
    intruder.get_by_role("button", name="Entrar", exact=True).click()
    expect(intruder).to_have_url(re.compile(r"/fornecedor/casos/$"))
    assert intruder.goto(ata_url).status == 404
    other.close()

    citizen.reload()
    expect(citizen.get_by_test_id("tracking-status")).to_have_text("acordo em cumprimento")
    expect(citizen.get_by_test_id("hearing")).to_contain_text("A loja devolve R$ 1.200,00.")
    with citizen.expect_download() as download:
        citizen.get_by_test_id("hearing-ata").click()
    assert download.value.suggested_filename == filename

    # 5. From the due date (today) the consumer says the agreement was kept.
    citizen.get_by_role("link", name="Diga se o acordo foi cumprido").click()
    citizen.get_by_role("button", name="Enviar").click()
    expect(citizen.get_by_text("Diga se o acordo foi cumprido.").first).to_be_visible()
    assert_accessible(citizen)
    citizen.get_by_label("Sim, a empresa fez o que foi combinado").check()
    citizen.get_by_role("button", name="Enviar").click()
    expect(citizen.get_by_text("Obrigado. A reclamação foi encerrada.")).to_be_visible()
    expect(citizen.get_by_test_id("tracking-status")).to_have_text("encerrada")
    expect(citizen.get_by_text("Você informou que o acordo foi cumprido")).to_be_visible()
    citizen.context.close()

    page.goto(f"/admin/casos/{complaint.pk}/")
    expect(page.get_by_test_id("case-status")).to_have_text("encerrada")
