"""The Procon decides what a supplier asks: a refusal rejected, then answered;
five more days granted, the new deadline on the staff, supplier and citizen
pages."""

import re
from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import expect

from tests.supplier_enrolment.conftest import PASSWORD, representative_of

from .conftest import assert_accessible
from .test_forms import at
from .test_suppliers import ACCESS_CODE, complaint_against, staff_do, staff_login

CNPJ_DIGITS = "11222333000181"


def supplier_page(browser, live_server):
    context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/fornecedor/")
    page.fill("#id_entrar-email", "rita@lojamodelo.example")
    page.fill("#id_entrar-password", PASSWORD)
    page.get_by_role("button", name="Entrar", exact=True).click()
    expect(page).to_have_url(at("/fornecedor/casos/"))
    return page


def forwarded_complaint(page, django_user_model, sequence):
    representative_of(CNPJ_DIGITS, "rita@lojamodelo.example", "Loja Modelo Ltda.")
    staff_login(page, django_user_model)
    complaint = complaint_against(CNPJ_DIGITS, sequence)
    staff_do(page, complaint.pk, "Aceitar", "Encaminhar ao fornecedor")
    return complaint


def test_supplier_refuses_staff_reject_the_refusal_supplier_answers(
    page, browser, live_server, django_user_model
):
    complaint = forwarded_complaint(page, django_user_model, 911)

    # The supplier refuses: the page says the Procon will decide.
    supplier = supplier_page(browser, live_server)
    supplier.goto(f"/fornecedor/casos/{complaint.pk}/")
    supplier.check("input[name='recusa-reason'][value='wrong_supplier']")
    supplier.fill("#id_recusa-details", "Não vendemos geladeiras.")
    supplier.get_by_role("button", name="Recusar o caso").click()
    expect(supplier.get_by_text("O Procon vai decidir")).to_be_visible()
    expect(supplier.get_by_test_id("awaiting-decision")).to_be_visible()
    assert_accessible(supplier)

    # Staff reject the refusal with a reason.
    page.goto(f"/admin/casos/{complaint.pk}/")
    expect(page.get_by_test_id("case-status")).to_have_text("recusada pelo fornecedor")
    page.fill("#reason-reject_refusal", "A nota fiscal foi emitida pela sua loja.")
    page.get_by_role("button", name="Rejeitar a recusa: o fornecedor deve responder").click()
    page.get_by_text("Situação alterada para “notificada ao fornecedor”").wait_for()
    deadline = (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y")
    expect(page.get_by_test_id("case-deadline")).to_contain_text(deadline)

    # The supplier reads the decision and answers.
    supplier.reload()
    expect(supplier.get_by_test_id("awaiting-decision")).to_have_count(0)
    expect(
        supplier.get_by_text("O Procon rejeitou sua recusa: responda à reclamação")
    ).to_be_visible()
    expect(supplier.get_by_text("A nota fiscal foi emitida pela sua loja.")).to_be_visible()
    expect(supplier.get_by_test_id("case-deadline")).to_have_text(deadline)
    assert_accessible(supplier)
    supplier.fill("#id_resposta-text", "Vamos trocar a geladeira.")
    supplier.get_by_role("button", name="Enviar a resposta").click()
    expect(supplier.get_by_text("Sua resposta foi enviada")).to_be_visible()
    expect(supplier.get_by_test_id("case-status")).to_have_text("respondida pelo fornecedor")
    supplier.context.close()


def test_supplier_asks_five_more_days_staff_grant_the_deadline_moves_everywhere(
    page, browser, live_server, django_user_model
):
    complaint = forwarded_complaint(page, django_user_model, 912)
    first = timezone.localdate() + timedelta(days=10)
    moved = (first + timedelta(days=5)).strftime("%d/%m/%Y")
    with translation.override("pt-br"):  # citizens read long dates
        moved_long = date_format(first + timedelta(days=5), "DATE_FORMAT")

    supplier = supplier_page(browser, live_server)
    supplier.goto(f"/fornecedor/casos/{complaint.pk}/")
    expect(supplier.get_by_test_id("case-deadline")).to_have_text(first.strftime("%d/%m/%Y"))
    supplier.fill("#id_prazo-days", "5")
    supplier.fill("#id_prazo-reason", "Aguardamos o laudo do fabricante.")
    supplier.get_by_role("button", name="Pedir mais prazo").click()
    expect(supplier.get_by_text("O Procon vai decidir")).to_be_visible()
    expect(supplier.get_by_test_id("awaiting-decision")).to_contain_text("mais 5 dias")

    # Staff see the request, the days filled in, and grant them.
    page.goto(f"/admin/casos/{complaint.pk}/")
    expect(page.get_by_test_id("extension-request")).to_contain_text("Aguardamos o laudo")
    expect(page.locator("#days-grant_extension")).to_have_value("5")
    page.get_by_role("button", name="Prorrogar o prazo do fornecedor").click()
    page.get_by_text("Feito: Prorrogar o prazo do fornecedor.").wait_for()
    expect(page.get_by_test_id("case-deadline")).to_contain_text(moved)
    expect(page.get_by_test_id("extension-request")).to_have_count(0)

    # The supplier's page.
    supplier.reload()
    expect(supplier.get_by_test_id("case-deadline")).to_have_text(moved)
    expect(supplier.get_by_text("O Procon concedeu mais prazo")).to_be_visible()
    assert_accessible(supplier)
    supplier.context.close()

    # The citizen's page.
    citizen_context = browser.new_context(locale="pt-BR", base_url=live_server.url)
    citizen = citizen_context.new_page()
    citizen.goto("/acompanhar/")
    citizen.get_by_label("Número do protocolo").fill(complaint.protocol)
    citizen.get_by_label("Código de acesso").fill(ACCESS_CODE)
    citizen.get_by_role("button", name="Ver meu caso").click()
    expect(citizen).to_have_url(re.compile(rf"/acompanhar/caso/{re.escape(complaint.protocol)}/"))
    expect(citizen.get_by_test_id("tracking-deadline")).to_contain_text(moved_long)
    expect(
        citizen.get_by_text(f"A empresa recebeu mais prazo para responder, até {moved_long}")
    ).to_be_visible()
    assert_accessible(citizen)
    citizen_context.close()


def test_bulk_status_change_offers_what_every_selected_case_allows(page, django_user_model):
    staff_login(page, django_user_model)
    complaints = [complaint_against(CNPJ_DIGITS, sequence) for sequence in (921, 922)]
    page.goto("/admin/casos/?status=received")
    for complaint in complaints:
        page.get_by_label(f"Selecionar {complaint.protocol}").check()
    page.get_by_role("button", name="Mudar situação").click()
    expect(page.get_by_test_id("bulk-transition")).to_be_visible()
    choices = page.locator("input[name='action']")
    values = {choices.nth(i).get_attribute("value") for i in range(choices.count())}
    assert values == {"accept", "mark_spam"}  # no enrolment action for complaints
    assert_accessible(page)
    page.get_by_label("Aceitar").check()
    page.get_by_role("button", name="Aplicar").click()
    expect(page.get_by_text("2 casos atualizados.")).to_be_visible()
    for complaint in complaints:
        complaint.refresh_from_db()
        assert complaint.status == "in_analysis"
