"""The citizen's side of the form builder, in a real browser.

Drives the demo forms (/reclamacao/, /consulta/) through their steps, the
review page and the confirmation, with and without JavaScript, and checks
the error states and the conditional field.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

CPF = "529.982.247-25"
CUIABA = "5103403"  # IBGE code, the municipality select's option value
# The demo complaint's address field: input ids, and what a citizen of Cuiabá types.
ADDRESS = {
    "id_endereco": "78005-000",  # the CEP (first input, the field's own id)
    "id_endereco_street": "Rua Barão de Melgaço",
    "id_endereco_number": "123",
    "id_endereco_municipality": "Cuiabá",
}
PROTOCOL_RE = re.compile(r"^\d{4}\.\d{6}-\d$")
STEP_FORM = "form[data-step-form]"


def submission_for(protocol):
    from forms.models import Submission

    return Submission.objects.get(protocol=protocol)


def at(path):
    """A URL regex for `path`, with any query string and fragment (a browser keeps
    the fragment of the page it posted from across the redirect)."""
    return re.compile(rf"{re.escape(path)}(\?[^#]*)?(#.*)?$")


def step_url(slug, number):
    return at(f"/{slug}/etapa/{number}/")


def continue_button(page):
    return page.locator(f"{STEP_FORM} button[type=submit]")


# --- keyboard helpers ----------------------------------------------------------------


def focused_matches(page, selector):
    return page.evaluate(
        "s => !!document.activeElement && document.activeElement.matches(s)", selector
    )


def tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches `selector`: proves it is
    reachable by keyboard, in document order, without the mouse."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused_matches(page, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def type_into(page, selector, text):
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press_submit(page, url_after):
    """Tab to the form's submit button, press Enter, wait for the next page."""
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(url_after)


# --- 1. keyboard-only journey --------------------------------------------------------


def test_complaint_by_keyboard_only_with_review_change_and_confirmation(page):
    page.goto("/reclamacao/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrar reclamação")
    assert_accessible(page)
    tab_to(page, "main a[href$='/reclamacao/etapa/1/']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(step_url("reclamacao", 1))

    # Step 1: about you.
    expect(page.get_by_role("heading", level=1)).to_have_text("Sobre você")
    assert_accessible(page)
    type_into(page, "#id_nome", "Maria da Silva")
    type_into(page, "#id_cpf", CPF)
    type_into(page, "#id_email_contato", "maria@example.com")
    for input_id, text in ADDRESS.items():
        type_into(page, f"#{input_id}", text)
    expect(page.locator("#id_endereco_state")).to_have_value("MT")  # the site's UF
    press_submit(page, step_url("reclamacao", 2))

    # Step 2: the company.
    expect(page.get_by_role("heading", level=1)).to_have_text("Empresa reclamada")
    assert_accessible(page)
    type_into(page, "#id_empresa", "Loja Exemplo Ltda")
    press_submit(page, step_url("reclamacao", 3))

    # Step 3: what happened.
    expect(page.get_by_role("heading", level=1)).to_have_text("O que aconteceu")
    assert_accessible(page)
    tab_to(page, "#id_problema")
    page.keyboard.press("ArrowDown")  # from "Escolha o problema" to the first problem
    expect(page.locator("#id_problema")).to_have_value(
        "telecomunicacoes/telefonia-movel/cobranca-indevida"
    )
    # The date in its three boxes (Dia, Mês, Ano), one Tab from each to the next.
    type_into(page, "#id_data_compra", "3")
    type_into(page, "#id_data_compra_month", "3")
    type_into(page, "#id_data_compra_year", "2024")
    type_into(page, "#id_valor", "1.250,00")
    tab_to(page, "#id_como_comprou_0")  # Tab enters the radio group on its first option
    page.keyboard.press("ArrowDown")  # arrows move and select: "Internet"
    expect(page.locator("#id_como_comprou_1")).to_be_checked()
    tab_to(page, "#id_procurou_empresa_0")
    page.keyboard.press("Space")  # "Sim"
    expect(page.locator("#id_procurou_empresa_0")).to_be_checked()
    expect(page.locator("#id_protocolo_sac")).to_be_visible()
    type_into(page, "#id_protocolo_sac", "SAC-998877")
    type_into(page, "#id_descricao", "Comprei um celular que parou de funcionar.")
    press_submit(page, step_url("reclamacao", 4))

    # Step 4: what the citizen wants.
    expect(page.get_by_role("heading", level=1)).to_have_text("O que você quer")
    assert_accessible(page)
    tab_to(page, "#id_pedido_0")
    page.keyboard.press("Space")  # "Troca do produto"
    expect(page.locator("#id_pedido_0")).to_be_checked()
    press_submit(page, at("/reclamacao/revisar/"))

    # Review: answers grouped by step, each with a change link.
    assert_accessible(page)
    sections = page.locator("section.review-step")
    expect(sections.locator("h2")).to_have_text(
        ["Sobre você", "Empresa reclamada", "O que aconteceu", "O que você quer"]
    )
    first = sections.nth(0)
    expect(first.locator(".review-row", has_text="Nome completo").locator("dd").first).to_have_text(
        "Maria da Silva"
    )
    expect(first.locator(".review-row", has_text="Seu endereço").locator("dd").first).to_have_text(
        "Rua Barão de Melgaço, 123\nCuiabá/MT\n78005-000", use_inner_text=True
    )
    third = sections.nth(2)
    expect(third.locator(".review-row", has_text="Valor pago").locator("dd").first).to_contain_text(
        "1.250,00"
    )
    expect(third.locator(".review-row", has_text="Protocolo").locator("dd").first).to_have_text(
        "SAC-998877"
    )
    for row in page.locator(".review-row").all():
        expect(row.locator(".review-change a")).to_contain_text("Alterar")

    # Change the name through its "Alterar" link and come back to the review.
    tab_to(page, "a[href*='/reclamacao/etapa/1/?voltar=revisar#id_nome']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/reclamacao/etapa/1/\?voltar=revisar#id_nome$"))
    expect(page.locator("#id_nome")).to_have_value("Maria da Silva")
    expect(page.locator("#id_endereco_street")).to_have_value("Rua Barão de Melgaço")
    type_into(page, "#id_nome", "Maria Souza")
    press_submit(page, at("/reclamacao/revisar/"))
    expect(
        sections.nth(0).locator(".review-row", has_text="Nome completo").locator("dd").first
    ).to_have_text("Maria Souza")

    # Declaration and send.
    tab_to(page, "#id_declaration_confirmed")
    page.keyboard.press("Space")
    expect(page.locator("#id_declaration_confirmed")).to_be_checked()
    tab_to(page, "button[type=submit]")
    expect(page.locator("main button[type=submit]")).to_have_text("Enviar reclamação")
    page.keyboard.press("Enter")
    expect(page).to_have_url(at("/reclamacao/enviado/"))

    assert_accessible(page)
    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol
    access_code = page.locator(".access-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", access_code), access_code

    submission = submission_for(protocol)
    assert submission.kind == "complaint"
    assert submission.consumer_name == "Maria Souza"
    assert submission.consumer_cpf == "52998224725"
    assert submission.consumer_municipality == CUIABA
    data = submission.form_data
    assert data["nome"] == "Maria Souza"
    assert data["endereco"]["municipality"]["ibge_code"] == CUIABA
    assert data["endereco"]["cep"] == "78005-000"
    assert data["data_compra"] == "2024-03-03"
    assert data["valor"] == "1250.00"
    assert data["como_comprou"] == "Internet"
    assert data["procurou_empresa"] == "Sim"
    assert data["protocolo_sac"] == "SAC-998877"
    assert data["pedido"] == "Troca do produto"
    assert "pedido_outro" not in data


# --- 2. error states -------------------------------------------------------------------


def fill_step_one(page, *, cpf=CPF, email="maria@example.com", address=True):
    page.goto("/reclamacao/etapa/1/")
    page.fill("#id_nome", "Maria da Silva")
    page.fill("#id_cpf", cpf)
    page.fill("#id_email_contato", email)
    page.fill("#id_telefone", "(65) 99999-9999")
    if address:
        fill_address(page)


def fill_date(page, day_id, day, month, year):
    """A date in its three boxes: the day's box has the field's id, the others
    that id with _month and _year."""
    page.fill(day_id, day)
    page.fill(f"{day_id}_month", month)
    page.fill(f"{day_id}_year", year)


def fill_address(page, **changes):
    for input_id, text in {**ADDRESS, **changes}.items():
        page.fill(f"#{input_id}", text)


def assert_error_page(page, field_ids):
    """Title, summary at the top with one link per error, each link focusing its field."""
    # Waited for: right after the click the answer may still be on its way.
    expect(page).to_have_title(re.compile(r"^Erro:"))
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("h2")).to_have_text("Há um problema")
    # The summary comes before the step heading, and forms.js moves focus to it.
    first_in_main = page.locator("main .row > div > *").first
    expect(first_in_main).to_have_attribute("data-error-summary", "")
    expect(summary).to_be_focused()
    links = summary.locator("a")
    expect(links).to_have_count(len(field_ids))
    assert [link.get_attribute("href") for link in links.all()] == [f"#{i}" for i in field_ids]
    for field_id in field_ids:
        summary.locator(f"a[href='#{field_id}']").click()
        expect(page.locator(f"#{field_id}")).to_be_focused()
        # Each field states its own error next to it, tied to it for screen readers.
        described = page.locator(f"#{field_id}").get_attribute("aria-describedby") or ""
        invalid = page.locator(f"#{field_id}").get_attribute("aria-invalid")
        assert invalid == "true" or described, field_id
    assert_accessible(page)


def test_step_one_errors_are_summarised_linked_and_keep_the_other_answers(page):
    fill_step_one(page, cpf="111.111.111-11", email="maria@", address=False)
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 1))

    assert_error_page(page, ["id_cpf", "id_email_contato", "id_endereco"])
    # What was typed is still there, right or wrong.
    expect(page.locator("#id_nome")).to_have_value("Maria da Silva")
    expect(page.locator("#id_telefone")).to_have_value("(65) 99999-9999")
    expect(page.locator("#id_cpf")).to_have_value("111.111.111-11")
    expect(page.locator("#id_email_contato")).to_have_value("maria@")

    # Corrected, the step goes through.
    page.fill("#id_cpf", CPF)
    page.fill("#id_email_contato", "maria@example.com")
    fill_address(page)
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 2))


def test_future_date_and_bad_amount_are_reported_on_step_three(page):
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))

    page.select_option("#id_problema", index=2)
    fill_date(page, "#id_data_compra", "31", "12", "2099")
    page.fill("#id_valor", "12,345")
    page.check("#id_como_comprou_0")
    page.check("#id_procurou_empresa_1")
    page.fill("#id_descricao", "Cobrança indevida.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))

    assert_error_page(page, ["id_data_compra", "id_valor"])
    expect(page.locator("#id_problema")).to_have_value(
        "telecomunicacoes/telefonia-movel/cancelamento-nao-atendido"
    )
    expect(page.locator("#id_como_comprou_0")).to_be_checked()
    expect(page.locator("#id_procurou_empresa_1")).to_be_checked()
    expect(page.locator("#id_descricao")).to_have_value("Cobrança indevida.")
    expect(page.locator("#id_valor")).to_have_value("12,345")

    fill_date(page, "#id_data_compra", "15", "1", "2024")
    page.fill("#id_valor", "12,34")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))


def test_missing_declaration_is_an_error_on_the_review_page(page):
    complete_complaint_steps(page, contacted="Não")
    page.get_by_role("button", name="Enviar reclamação").click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    assert_error_page(page, ["id_declaration_confirmed"])
    from forms.models import Submission

    assert not Submission.objects.exists()


# --- 3. conditional field with JavaScript ------------------------------------------------


def complete_complaint_steps(page, *, contacted, sac_number=None):
    """Fill the four complaint steps with the mouse and stop at the review page."""
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "11.222.333/0001-81")
    continue_button(page).click()
    page.select_option("#id_problema", index=1)
    page.fill("#id_data_compra", "2024-05-10")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name=contacted, exact=True).check()
    if sac_number is not None:
        page.fill("#id_protocolo_sac", sac_number)
    page.fill("#id_descricao", "O produto não foi entregue.")
    continue_button(page).click()
    page.check("#id_pedido_1")
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))


def test_protocol_field_shows_only_after_yes_and_is_dropped_after_no(page):
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))

    sac = page.get_by_label("Número de protocolo do atendimento (SAC)")
    expect(sac).to_be_hidden()
    # The plain-language hint is for pages without scripts only.
    expect(page.locator(".condition-hint")).to_be_hidden()
    question = page.get_by_role("group", name="Você já procurou a empresa para resolver?")
    question.get_by_role("radio", name="Sim").check()
    expect(sac).to_be_visible()
    sac.fill("SAC-123")  # typed, then made irrelevant
    question.get_by_role("radio", name="Não").check()
    expect(sac).to_be_hidden()
    question.get_by_role("radio", name="Sim").check()
    expect(sac).to_be_visible()
    expect(sac).to_have_value("SAC-123")
    question.get_by_role("radio", name="Não").check()
    expect(sac).to_be_hidden()
    assert_accessible(page)

    page.select_option("#id_problema", index=3)
    page.fill("#id_data_compra", "2024-02-02")
    page.check("#id_como_comprou_0")
    page.fill("#id_descricao", "Mensalidade cobrada em dobro.")
    continue_button(page).click()
    page.check("#id_pedido_1")
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    expect(page.locator(".review-row", has_text="Número de protocolo")).to_have_count(0)

    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar reclamação").click()
    expect(page).to_have_url(at("/reclamacao/enviado/"))
    submission = submission_for(page.locator(".protocol-number").inner_text().strip())
    assert submission.form_data["procurou_empresa"] == "Não"
    assert "protocolo_sac" not in submission.form_data


# --- 4. without JavaScript -------------------------------------------------------------------


def test_consultation_end_to_end_without_javascript(page_without_js):
    page = page_without_js
    page.goto("/consulta/")
    page.locator("main a[href$='/consulta/etapa/1/']").click()
    expect(page).to_have_url(step_url("consulta", 1))
    expect(page.locator("#id_cpf")).to_have_count(0)  # this form does not ask for it
    page.fill("#id_nome", "João Pereira")
    page.fill("#id_email_contato", "joao@example.com")
    page.select_option("#id_municipio", CUIABA)
    continue_button(page).click()
    expect(page).to_have_url(step_url("consulta", 2))
    page.select_option("#id_tema", "Planos de saúde")
    page.fill("#id_pergunta", "O plano pode negar uma cirurgia?")
    continue_button(page).click()
    expect(page).to_have_url(at("/consulta/revisar/"))
    expect(page.locator("#id_declaration_confirmed")).to_have_count(0)
    expect(page.locator("section.review-step h2")).to_have_text(["Sobre você", "Sua pergunta"])
    page.get_by_role("button", name="Enviar consulta").click()
    expect(page).to_have_url(at("/consulta/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol
    expect(page.locator(".access-code")).not_to_be_empty()

    submission = submission_for(protocol)
    assert submission.kind == "consultation"
    assert submission.form_data["tema"] == "Planos de saúde"
    assert submission.form_data["pergunta"] == "O plano pode negar uma cirurgia?"
    assert submission.consumer_email == "joao@example.com"


@pytest.mark.parametrize("contacted", ["Não", "Sim"])
def test_complaint_end_to_end_without_javascript(page_without_js, contacted):
    page = page_without_js
    page.goto("/reclamacao/")
    page.locator("main a[href$='/reclamacao/etapa/1/']").click()
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "11.222.333/0001-81")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))

    # Without scripts the conditional field is always there, with a hint saying when.
    sac = page.get_by_label("Número de protocolo do atendimento (SAC)")
    expect(sac).to_be_visible()
    hint = page.locator("[data-show-when='procurou_empresa'] .condition-hint")
    expect(hint).to_be_visible()
    expect(hint).to_have_text(
        "Responda apenas se a sua resposta em "
        "“Você já procurou a empresa para resolver?” foi “Sim”."
    )
    page.select_option("#id_problema", index=4)
    page.fill("#id_data_compra", "2024-07-20")
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name=contacted, exact=True).check()
    sac.fill("SAC-555")
    page.fill("#id_descricao", "Voo cancelado sem aviso.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))
    page.check("#id_pedido_1")
    continue_button(page).click()
    expect(page).to_have_url(at("/reclamacao/revisar/"))
    expect(page.locator(".review-row", has_text="Número de protocolo")).to_have_count(
        1 if contacted == "Sim" else 0
    )
    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar reclamação").click()
    expect(page).to_have_url(at("/reclamacao/enviado/"))

    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol
    submission = submission_for(protocol)
    assert submission.supplier_cnpj == "11222333000181"
    assert submission.form_data["procurou_empresa"] == contacted
    if contacted == "Sim":
        assert submission.form_data["protocolo_sac"] == "SAC-555"
    else:
        assert "protocolo_sac" not in submission.form_data


# --- 6. double submit ----------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["page", "page_without_js"])
def test_double_click_on_send_makes_one_submission(request, fixture):
    from forms.models import Submission

    page = request.getfixturevalue(fixture)
    complete_complaint_steps(page, contacted="Não")
    page.check("#id_declaration_confirmed")
    page.get_by_role("button", name="Enviar reclamação").dblclick()
    expect(page).to_have_url(at("/reclamacao/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol
    assert list(Submission.objects.values_list("protocol", flat=True)) == [protocol]


def test_every_change_link_on_the_review_page_lands_on_its_field(page):
    complete_complaint_steps(page, contacted="Sim", sac_number="SAC-1")
    hrefs = [link.get_attribute("href") for link in page.locator(".review-change a").all()]
    assert len(hrefs) == 16  # every answered or optional field that applies
    for href in hrefs:
        page.goto(href)
        assert page.evaluate("document.querySelector(location.hash) !== null"), href
        assert page.locator("input[name=voltar]").input_value() == "revisar"
