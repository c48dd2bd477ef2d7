"""The error summary and the order of a field's parts, as GOV.UK's design system
has them: a link in the summary takes the citizen to the input with its question
in view, the address keeps no #fragment, a field reads question, hint, error,
input, and a question that depends on another is marked as such without
JavaScript."""

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_forms import at, continue_button, fill_date, fill_step_one, step_url

PHONE = {"width": 320, "height": 480}


def in_viewport(page, selector):
    """Whether the element is (or, once a smooth scroll ends, comes) wholly into
    view. Polled from here: pages without scripts cannot run a waiting function."""
    check = """s => {
        const box = document.querySelector(s).getBoundingClientRect();
        return box.top >= 0 && box.bottom <= window.innerHeight;
    }"""
    for _ in range(30):
        if page.evaluate(check, selector):
            return True
        page.wait_for_timeout(100)
    return False


def reach_step_four(page):
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))
    page.select_option("#id_problema", index=3)
    fill_date(page, "#id_data_compra", "2", "2", "2024")
    page.check("#id_como_comprou_0")
    page.check("#id_procurou_empresa_1")
    page.fill("#id_descricao", "Mensalidade cobrada em dobro.")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 4))


def test_summary_link_brings_the_label_into_view_and_leaves_no_fragment(page):
    page.set_viewport_size(PHONE)
    page.goto("/reclamacao/etapa/1/")
    continue_button(page).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert_accessible(page)

    # The last error is the furthest down: the page has to scroll to it.
    summary.get_by_role("link", name="Preencha “E-mail”.").click()
    expect(page.locator("#id_email_contato")).to_be_focused()
    assert in_viewport(page, "label[for='id_email_contato']")
    assert in_viewport(page, "#id_email_contato")
    assert "#" not in page.url

    # The message sits between the hint and the input, and the input names both.
    order = page.evaluate(
        """() => Array.from(document.querySelectorAll('#div_id_cpf > *'), e => e.id || e.tagName)"""
    )
    assert order == ["LABEL", "id_cpf_helptext", "id_cpf_error", "id_cpf"]
    described = page.get_attribute("#id_cpf", "aria-describedby").split()
    assert described == ["id_cpf_helptext", "id_cpf_error"]


def test_summary_link_to_a_group_of_options_shows_its_legend(page):
    page.set_viewport_size(PHONE)
    reach_step_four(page)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    continue_button(page).click()
    summary = page.locator("[data-error-summary]")
    # Focused by the script once it runs: only then do its links move without a fragment.
    expect(summary).to_be_focused()
    link = summary.locator("a[href='#id_pedido_0']")
    link.click()
    expect(page.locator("#id_pedido_0")).to_be_focused()
    assert in_viewport(page, "#div_id_pedido legend")
    assert "#" not in page.url


def test_without_javascript_the_fragment_does_not_follow_the_citizen(page_without_js):
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto("/reclamacao/etapa/1/")
    page.fill("#id_nome", "Maria da Silva")
    continue_button(page).click()
    page.locator("[data-error-summary] a[href='#id_email_contato']").click()
    expect(page).to_have_url(at("/reclamacao/etapa/1/"))
    assert page.url.endswith("#id_email_contato")
    # The jump leaves room above the input for its question.
    assert in_viewport(page, "label[for='id_email_contato']")

    fill_step_one(page)
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 2))
    assert "#" not in page.url


@pytest.mark.parametrize("scripts", [False, True])
def test_the_follow_up_to_other_is_marked_as_conditional(request, scripts):
    page = request.getfixturevalue("page" if scripts else "page_without_js")
    reach_step_four(page)
    follow_up = page.locator("#id_pedido_outro")
    item = page.locator(".form-item--conditional", has=follow_up)
    if scripts:
        expect(follow_up).to_be_hidden()
        page.get_by_role("radio", name="Outro", exact=True).check()
    expect(follow_up).to_be_visible()
    expect(item).to_have_count(1)
    # Not announced as required: it is required only after "Outro".
    assert follow_up.get_attribute("required") is None
    hint = page.locator("#id_pedido_outro_helptext")
    expect(hint).to_contain_text("“O que você espera da empresa?” foi “Outro”")
    assert "id_pedido_outro_helptext" in follow_up.get_attribute("aria-describedby")
    if scripts:
        assert_accessible(page)
        # Chosen, and left empty: now it is required, and says so.
        continue_button(page).click()
        expect(page.locator("#id_pedido_outro_error")).to_be_visible()
        assert_accessible(page)
    else:
        # Another answer: the follow-up left empty is no error.
        page.check("#id_pedido_1")
        continue_button(page).click()
        expect(page).to_have_url(at("/reclamacao/revisar/"))
