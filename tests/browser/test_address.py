"""The consumer's address in the demo complaint, on a phone-sized screen:
the CEP/UF check with its message next to the CEP and in the error summary,
the formatted address on the review page, with and without JavaScript, and
the optional CEP lookup filling the empty inputs."""

import pytest
from playwright.sync_api import expect

from tests.forms.cep_service import cep_service

from .conftest import assert_accessible
from .test_forms import (
    ADDRESS,
    assert_error_page,
    at,
    complete_complaint_steps,
    continue_button,
    fill_address,
    fill_step_one,
    step_url,
)

PHONE = {"width": 390, "height": 844}
WRONG_UF = "O CEP 01001-000 é de SP, mas a UF escolhida é MT."


def test_a_cep_of_another_uf_is_refused_then_fixed_and_the_review_shows_the_address(phone):
    fill_step_one(phone, address=False)
    expect(phone.get_by_role("group", name="Seu endereço")).to_be_visible()
    if phone.scripts_on:
        assert_accessible(phone)
    fill_address(phone, id_endereco="01001-000", id_endereco_complement="Apto 4")
    continue_button(phone).click()
    expect(phone).to_have_url(step_url("reclamacao", 1))

    # The message is in the summary, linked to the CEP, and next to the CEP.
    summary = phone.locator("[data-error-summary]")
    expect(summary.get_by_role("link", name=WRONG_UF)).to_have_attribute("href", "#id_endereco")
    expect(phone.locator("#error_1_id_endereco")).to_have_text(WRONG_UF)
    if phone.scripts_on:
        assert_error_page(phone, ["id_endereco"])  # focus, aria and axe
    else:  # the link still takes the citizen to the CEP
        summary.get_by_role("link", name=WRONG_UF).click()
        expect(phone.locator("#id_endereco")).to_be_focused()
        expect(phone.locator("#id_endereco")).to_have_attribute("aria-invalid", "true")
    # Everything typed is still there.
    expect(phone.locator("#id_endereco")).to_have_value("01001-000")
    expect(phone.locator("#id_endereco_street")).to_have_value(ADDRESS["id_endereco_street"])
    expect(phone.locator("#id_endereco_complement")).to_have_value("Apto 4")
    expect(phone.locator("#id_endereco_state")).to_have_value("MT")

    phone.fill("#id_endereco", "78005-000")
    continue_button(phone).click()
    expect(phone).to_have_url(step_url("reclamacao", 2))


def test_the_review_shows_the_formatted_address(phone):
    complete_complaint_steps(phone, contacted="Não")
    row = phone.locator(".review-row", has_text="Seu endereço").locator("dd").first
    # One line per line of the address.
    expect(row).to_have_text("Rua Barão de Melgaço, 123Cuiabá/MT78005-000")
    assert row.inner_html().strip() == "Rua Barão de Melgaço, 123<br>Cuiabá/MT<br>78005-000"
    if phone.scripts_on:  # axe runs as a script
        assert_accessible(phone)


def test_each_missing_part_is_linked_to_its_own_input(page):
    page.set_viewport_size(PHONE)
    fill_step_one(page, address=False)
    page.fill("#id_endereco", "78005-000")
    page.fill("#id_endereco_municipality", "Curitiba")
    continue_button(page).click()
    assert_error_page(
        page, ["id_endereco_street", "id_endereco_number", "id_endereco_municipality"]
    )
    expect(page.locator("#error_1_id_endereco_municipality")).to_contain_text(
        "Não encontramos o município “Curitiba” em MT"
    )


@pytest.fixture
def lookup_on(settings):
    with cep_service() as (template, requests):
        settings.CEP_LOOKUP_URL = template
        settings.CEP_LOOKUP_TIMEOUT = 0.5
        yield requests


def test_the_cep_lookup_fills_the_empty_inputs_and_says_so(page, lookup_on):
    page.set_viewport_size(PHONE)
    fill_step_one(page, address=False)
    status = page.locator("[data-cep-status]")
    expect(status).to_have_text("")
    page.fill("#id_endereco_number", "10")
    page.fill("#id_endereco_municipality", "Santo André")  # typed first: kept
    page.locator("#id_endereco").press_sequentially("01001000")
    expect(status).to_have_text(
        "Endereço encontrado para este CEP: preenchemos os campos vazios. "
        "Confira e complete o endereço."
    )
    expect(page.locator("#id_endereco_street")).to_have_value("Praça da Sé")
    expect(page.locator("#id_endereco_district")).to_have_value("Sé")
    expect(page.locator("#id_endereco_municipality")).to_have_value("Santo André")
    expect(page.locator("#id_endereco_state")).to_have_value("SP")
    expect(page.locator("#id_endereco_number")).to_have_value("10")
    assert lookup_on == ["/ws/01001000/json/"]  # through our endpoint only
    assert_accessible(page)

    # Filled inputs stay editable.
    page.fill("#id_endereco_street", "Praça da Sé, lado par")
    expect(page.locator("#id_endereco_street")).to_have_value("Praça da Sé, lado par")


def test_a_slow_lookup_never_blocks_the_citizen(page, lookup_on):
    page.set_viewport_size(PHONE)
    fill_step_one(page, address=False)
    page.locator("#id_endereco").press_sequentially("78000996")  # the service sleeps
    expect(page.locator("[data-cep-status]")).to_have_text(
        "Não foi possível buscar o endereço agora. Digite-o, por favor."
    )
    expect(page.locator("#id_endereco_street")).to_have_value("")
    fill_address(page, id_endereco="78000-996")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 2))


def test_a_cep_the_service_does_not_know(page, lookup_on):
    page.set_viewport_size(PHONE)
    fill_step_one(page, address=False)
    page.locator("#id_endereco").press_sequentially("78000999")
    expect(page.locator("[data-cep-status]")).to_have_text(
        "Não encontramos este CEP. Digite o endereço."
    )
    expect(page).to_have_url(at("/reclamacao/etapa/1/"))
