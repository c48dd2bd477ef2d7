"""An editor builds a form in the Wagtail admin; a citizen then fills it in.

The steps are built through the real StreamField editor: the block picker,
the nested "fields" stream, the options list and a field's condition.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible

PASSWORD = "uma-senha-bem-longa-123"
PROTOCOL_RE = re.compile(r"^\d{4}\.\d{6}-\d$")
# Block labels are English msgids; accept their pt-BR translation too.
BLOCK_LABELS = {
    "radio": r"Radio buttons|Botões de opção",
    "singleline": r"Short text|Texto curto",
    "email": r"E-?mail",
    "multiline": r"Long text|Texto longo",
}


@pytest.fixture
def editor(browser, live_server, demo_site, settings):
    from django.contrib.auth import get_user_model

    # Wagtail's autosave would turn the add screen into the edit screen at a moment
    # of its choosing, swapping the footer under the test's clicks.
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0

    get_user_model().objects.create_superuser("editora", "editora@example.com", PASSWORD)
    context = browser.new_context(
        locale="pt-BR", base_url=live_server.url, viewport={"width": 1400, "height": 1000}
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto("/admin/login/")
    tab.fill("#id_username", "editora")
    tab.fill("#id_password", PASSWORD)
    tab.locator("form button[type=submit]").click()
    expect(tab).to_have_url(re.compile(r"/admin/$"))
    yield tab
    context.close()


def click_until(target, expectation, attempts=3):
    """Click `target` until `expectation()` holds (it waits up to 5 s each time).

    On a loaded machine a click can land before Wagtail's editor has wired the
    button of a block it has just added: nothing happens, and a second click
    does what the first should have."""
    for attempt in range(attempts):
        target.click()
        try:
            expectation()
            return
        except AssertionError:
            if attempt == attempts - 1:
                raise


class StreamEditor:
    """Drives Wagtail's StreamField editor by the names of its inputs."""

    def __init__(self, page):
        self.page = page

    def add_block(self, prefix, type_name=None):
        """Append a block to the stream whose inputs start with `prefix`; returns its index."""
        count = self.page.locator(f"input[name='{prefix}-count']")
        index = int(count.input_value())
        container = self.page.locator(
            f"input[name='{prefix}-count'] + [data-streamfield-stream-container]"
        )
        button = container.locator(
            ":scope > button.c-sf-add-button, :scope > div > button.c-sf-add-button"
        ).last
        if type_name:
            name = re.compile(rf"^({BLOCK_LABELS[type_name]})$")
            option = self.page.get_by_role("option", name=name)
            click_until(button, lambda: expect(option).to_be_visible(timeout=5_000))
            option.click()
        else:
            click_until(button, lambda: expect(count).to_have_value(str(index + 1), timeout=10_000))
        # The editor builds the new block in the browser: slow on a loaded machine.
        expect(count).to_have_value(str(index + 1), timeout=15_000)
        return index

    def add_list_item(self, prefix):
        count = self.page.locator(f"input[name='{prefix}-count']")
        index = int(count.input_value())
        button = self.page.locator(
            f"input[name='{prefix}-count'] + [data-streamfield-list-container]"
            " > button[data-streamfield-list-add]"
        ).last
        click_until(button, lambda: expect(count).to_have_value(str(index + 1), timeout=10_000))
        return index

    def field(self, name):
        return self.page.locator(f"[name='{name}']")

    def fill(self, name, value):
        self.field(name).fill(value)

    def open_condition(self, field):
        """Expand a field's condition, a block that starts collapsed (Meta.collapsed)."""
        section = self.field(f"{field}-condition-field").locator(
            "xpath=ancestor::section[@data-panel][1]"
        )
        toggle = section.locator(":scope > .w-panel__header [data-panel-toggle]")
        # Wait until the editor has set the block up collapsed, then open it.
        expect(toggle).to_have_attribute("aria-expanded", "false")
        click_until(
            toggle, lambda: expect(toggle).to_have_attribute("aria-expanded", "true", timeout=5_000)
        )
        expect(self.page.locator(f"[name='{field}-condition-field'] + select")).to_be_visible()

    def chooser(self, name):
        """The list a condition's input is chosen from (static/js/admin/condition-chooser.js)."""
        expect(self.field(name)).to_be_hidden()
        return self.page.locator(f"[name='{name}'] + select")

    def add_field(self, step, type_name, label, key=""):
        prefix = f"steps-{step}-value-fields"
        index = self.add_block(prefix, type_name)
        field = f"{prefix}-{index}-value"
        self.fill(f"{field}-label", label)
        if key:
            self.fill(f"{field}-key", key)
        return field


def test_editor_builds_and_publishes_a_form_that_a_citizen_completes(editor, page):
    from wagtail.models import Site

    from forms.conditions import Condition
    from forms.models import FormPage, Submission

    home = Site.objects.get(is_default_site=True).root_page
    editor.goto(f"/admin/pages/add/procon_forms/formpage/{home.pk}/")
    editor.fill("#id_title", "Pedido de segunda via")
    stream = StreamEditor(editor)

    # Step 1: a radio question and, later in the same step, a field shown on "Sim".
    assert stream.add_block("steps") == 0
    stream.fill("steps-0-value-title", "Nota fiscal")
    # No key is typed anywhere: the condition's field and value are chosen from lists.
    radio = stream.add_field(0, "radio", "Tem nota fiscal?")
    stream.fill(f"{radio}-choices-0-value", "Sim")
    second = stream.add_list_item(f"{radio}-choices")
    stream.fill(f"{radio}-choices-{second}-value", "Não")
    number = stream.add_field(0, "singleline", "Número da nota")
    stream.open_condition(number)
    field_list = stream.chooser(f"{number}-condition-field")
    expect(field_list.locator("option")).to_have_text(
        ["— Sempre mostrar (sem condição) —", "Etapa 1: Tem nota fiscal?"]
    )
    field_list.select_option(label="Etapa 1: Tem nota fiscal?")
    stream.field(f"{number}-condition-operator").select_option("equals")
    value_list = stream.chooser(f"{number}-condition-value")
    expect(value_list.locator("option")).to_have_text(["— Escolha uma resposta —", "Sim", "Não"])
    value_list.select_option("Sim")

    # Step 2: a required email. Step 3: a long text.
    assert stream.add_block("steps") == 1
    stream.fill("steps-1-value-title", "Contato")
    email = stream.add_field(1, "email", "Seu e-mail")
    expect(editor.locator(f"[name='{email}-required']")).to_be_checked()
    assert stream.add_block("steps") == 2
    stream.fill("steps-2-value-title", "Detalhes")
    stream.add_field(2, "multiline", "Descreva o pedido")

    # Publish, from the footer's "more actions" menu.
    editor.locator("footer .w-dropdown-button .w-dropdown__toggle").click()
    editor.locator("button[name='action-publish']").click()
    expect(editor).to_have_url(re.compile(rf"/admin/pages/{home.pk}/$"), timeout=20_000)

    form_page = FormPage.objects.get(title="Pedido de segunda via")
    assert form_page.live
    steps = form_page.definition.steps
    assert [step.title for step in steps] == ["Nota fiscal", "Contato", "Detalhes"]
    assert [spec.key for spec in steps[0].fields] == ["tem_nota_fiscal", "numero_da_nota"]
    assert list(steps[0].fields[0].value["choices"]) == ["Sim", "Não"]
    assert steps[0].fields[1].condition == Condition("tem_nota_fiscal", "equals", "Sim")
    assert steps[1].fields[0].value["required"] is True

    # A citizen fills it in (with scripts: the number shows once "Sim" is picked).
    page.goto(form_page.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Pedido de segunda via")
    page.locator(f"main a[href$='{form_page.url}etapa/1/']").click()
    nota = page.get_by_label("Número da nota")
    expect(nota).to_be_hidden()
    page.get_by_role("radio", name="Sim").check()
    expect(nota).to_be_visible()
    nota.fill("000123")
    assert_accessible(page)
    page.locator("form[data-step-form] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/etapa/2/"))
    page.locator("form[data-step-form] button[type=submit]").click()
    expect(page.locator("[data-error-summary] a")).to_have_count(1)  # the email is required
    page.get_by_label("Seu e-mail").fill("cidada@example.com")
    page.locator("form[data-step-form] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/etapa/3/"))
    page.get_by_label("Descreva o pedido").fill("Preciso da segunda via da nota.")
    page.locator("form[data-step-form] button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/revisar/"))
    expect(page.locator("section.review-step h2")).to_have_text(
        ["Nota fiscal", "Contato", "Detalhes"]
    )
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/enviado/"))
    protocol = page.locator(".protocol-number").inner_text().strip()
    assert PROTOCOL_RE.match(protocol), protocol

    submission = Submission.objects.get(protocol=protocol)
    assert submission.page_id == form_page.pk
    assert submission.form_data == {
        "tem_nota_fiscal": "Sim",
        "numero_da_nota": "000123",
        "seu_e_mail": "cidada@example.com",
        "descreva_o_pedido": "Preciso da segunda via da nota.",
    }
