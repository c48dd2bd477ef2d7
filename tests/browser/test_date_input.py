"""The date asked in three boxes (Dia, Mês, Ano), as GOV.UK asks it, on the
demo complaint's purchase date, on a 320 px phone, with and without
JavaScript: one fieldset named by the question, each mistake linked from the
error summary to the first box it is about, only those boxes marked invalid,
what was typed kept, axe clean in the error state, and the date back in its
boxes from the draft."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_forms import at, continue_button, fill_date, fill_step_one, step_url

QUESTION = "Data da compra ou contratação"
DAY, MONTH, YEAR = "id_data_compra", "id_data_compra_month", "id_data_compra_year"
BOXES = (DAY, MONTH, YEAR)
PHONE = {"width": 320, "height": 640}


def reach_the_date(page):
    fill_step_one(page)
    continue_button(page).click()
    page.fill("#id_empresa", "Loja Exemplo Ltda")
    continue_button(page).click()
    expect(page).to_have_url(step_url("reclamacao", 3))


def fill_the_other_answers(page):
    page.select_option("#id_problema", index=1)
    page.check("#id_como_comprou_1")
    page.get_by_role("radio", name="Não", exact=True).check()
    page.fill("#id_descricao", "A geladeira chegou com a porta amassada.")


def invalid_boxes(page):
    return [box for box in BOXES if page.locator(f"#{box}").get_attribute("aria-invalid")]


def assert_date_error(page, first_box, boxes_in_error):
    """One link in the summary for the date, to `first_box`; the message also
    above the boxes, inside the fieldset; only `boxes_in_error` invalid."""
    expect(page).to_have_url(step_url("reclamacao", 3))
    expect(page).to_have_title(re.compile(r"^Erro:"))
    summary = page.locator("[data-error-summary]")
    link = summary.locator("a")
    expect(link).to_have_count(1)
    expect(link).to_have_attribute("href", f"#{first_box}")
    message = page.locator(f"#error_1_{DAY}")
    expect(message).to_have_text(link.inner_text())
    group = page.get_by_role("group", name=QUESTION)
    expect(group.locator(f"#error_1_{DAY}")).to_have_count(1)
    # The message comes before the boxes and is read with the question.
    assert page.evaluate(
        "([m, d]) => !!(document.getElementById(m).compareDocumentPosition("
        "document.getElementById(d)) & Node.DOCUMENT_POSITION_FOLLOWING)",
        [f"error_1_{DAY}", DAY],
    )
    assert f"error_1_{DAY}" in group.get_attribute("aria-describedby").split()
    assert invalid_boxes(page) == list(boxes_in_error)
    for box in BOXES:
        has_class = "is-invalid" in page.locator(f"#{box}").get_attribute("class").split()
        assert has_class == (box in boxes_in_error), box
    if page.scripts_on:
        expect(summary).to_be_focused()
        assert_accessible(page)
    link.click()
    expect(page.locator(f"#{first_box}")).to_be_focused()


def test_the_date_in_three_labelled_boxes_in_one_fieldset(phone):
    reach_the_date(phone)
    group = phone.get_by_role("group", name=QUESTION)
    expect(group).to_be_visible()
    expect(phone.locator("input[type=date]")).to_have_count(0)
    hint_id = f"{DAY}_hint"
    assert hint_id in group.get_attribute("aria-describedby").split()
    expect(group.locator(f"#{hint_id}")).not_to_be_empty()
    for box, width in zip(BOXES, ("2", "2", "4"), strict=True):
        field = group.locator(f"#{box}")
        expect(field).to_have_attribute("type", "text")
        expect(field).to_have_attribute("inputmode", "numeric")
        expect(field).to_have_attribute("name", "data_compra")
        expect(field).to_have_attribute("size", width)
        expect(group.locator(f"label[for={box}]")).not_to_be_empty()
    # Nothing wider than a 320 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    if phone.scripts_on:
        assert_accessible(phone)


def test_each_mistake_points_at_its_boxes_and_the_date_comes_back_from_the_draft(phone):
    reach_the_date(phone)
    fill_the_other_answers(phone)

    # Nothing typed: the question's own message, linked to the day.
    continue_button(phone).click()
    assert_date_error(phone, DAY, BOXES)
    expect(phone.locator("#id_descricao")).to_have_value("A geladeira chegou com a porta amassada.")

    # A year of two digits: only the year.
    fill_date(phone, f"#{DAY}", "10", "5", "24")
    continue_button(phone).click()
    assert_date_error(phone, YEAR, [YEAR])
    for box, typed in zip(BOXES, ("10", "5", "24"), strict=True):
        expect(phone.locator(f"#{box}")).to_have_value(typed)  # as typed

    # No month: only the month.
    fill_date(phone, f"#{DAY}", "10", "", "2024")
    continue_button(phone).click()
    assert_date_error(phone, MONTH, [MONTH])

    # 29 February of a common year is not a real date: the day.
    fill_date(phone, f"#{DAY}", "29", "2", "2025")
    continue_button(phone).click()
    assert_date_error(phone, DAY, [DAY])

    # A purchase in the future: the whole date.
    fill_date(phone, f"#{DAY}", "1", "1", "2099")
    continue_button(phone).click()
    assert_date_error(phone, DAY, BOXES)

    # 29 February of a leap year goes through.
    fill_date(phone, f"#{DAY}", "29", "2", "2024")
    continue_button(phone).click()
    expect(phone).to_have_url(step_url("reclamacao", 4))
    phone.check("#id_pedido_1")
    continue_button(phone).click()
    expect(phone).to_have_url(at("/reclamacao/revisar/"))
    row = phone.locator(".review-row", has_text=QUESTION)
    expect(row.locator("dd").first).to_have_text("29/02/2024")

    # "Alterar" lands on the day, with the date back in its boxes.
    row.locator(".review-change a").click()
    expect(phone).to_have_url(step_url("reclamacao", 3))
    assert phone.url.endswith(f"#{DAY}")
    for box, shown in zip(BOXES, ("29", "2", "2024"), strict=True):
        expect(phone.locator(f"#{box}")).to_have_value(shown)
    fill_date(phone, f"#{DAY}", "3", "3", "2024")
    continue_button(phone).click()
    expect(phone).to_have_url(at("/reclamacao/revisar/"))
    expect(row.locator("dd").first).to_have_text("03/03/2024")


def test_the_boxes_are_kept_on_this_device_and_sent_by_keyboard(page):
    """step-keep.js keeps the three boxes (one name, three texts) across a
    reload, and the date is typed with the keyboard alone."""
    reach_the_date(page)
    fill_the_other_answers(page)
    page.locator(f"#{DAY}").focus()
    page.keyboard.type("7")
    page.keyboard.press("Tab")
    expect(page.locator(f"#{MONTH}")).to_be_focused()
    page.keyboard.type("8")
    page.keyboard.press("Tab")
    expect(page.locator(f"#{YEAR}")).to_be_focused()
    page.keyboard.type("2023")
    page.reload()
    for box, typed in zip(BOXES, ("7", "8", "2023"), strict=True):
        expect(page.locator(f"#{box}")).to_have_value(typed)
    # The rest of the step is there too.
    expect(page.locator("#id_descricao")).to_have_value("A geladeira chegou com a porta amassada.")
    expect(page.locator("#id_como_comprou_1")).to_be_checked()
    page.locator(f"#{YEAR}").press("Enter")
    expect(page).to_have_url(step_url("reclamacao", 4))
    from forms.models import Draft

    draft = Draft.objects.get()
    assert draft.steps["2"]["answers"]["data_compra"] == "2023-08-07"
    assert draft.steps["2"]["raw"]["data_compra"] == ["7", "8", "2023"]


# --- a date and time, on a form of the test's own ------------------------------------------


@pytest.fixture
def incident_form(demo_site):
    """A form that asks when something happened: a date and time."""
    from wagtail.models import Site

    from forms.demo import field, step
    from forms.models import FormKind, FormPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    page = home.add_child(
        instance=FormPage(
            title="Ocorrência",
            slug="ocorrencia",
            kind=FormKind.GENERIC,
            steps=[step("Quando", [field("datetime", "Quando aconteceu?", "quando")])],
        )
    )
    page.save_revision().publish()
    return page


@pytest.mark.parametrize("scripts", [True, False], ids=["with_js", "without_js"])
def test_a_date_and_time_asks_the_time_in_a_fourth_box(
    browser, live_server, incident_form, scripts
):
    context = browser.new_context(
        locale="pt-BR", base_url=live_server.url, java_script_enabled=scripts, viewport=PHONE
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto("/ocorrencia/etapa/1/")
    group = page.get_by_role("group", name="Quando aconteceu?")
    expect(group).to_be_visible()
    time_box = group.locator("#id_quando_time")
    expect(time_box).to_have_attribute("aria-describedby", "id_quando_time_helptext")
    expect(group.locator("#id_quando_time_helptext")).not_to_be_empty()

    # The date without its time: the message is about the time box alone.
    fill_date(page, "#id_quando", "15", "1", "2026")
    continue_button(page).click()
    summary = page.locator("[data-error-summary]")
    expect(summary.locator("a")).to_have_attribute("href", "#id_quando_time")
    in_error = [
        box
        for box in ("id_quando", "id_quando_month", "id_quando_year", "id_quando_time")
        if page.locator(f"#{box}").get_attribute("aria-invalid")
    ]
    assert in_error == ["id_quando_time"]
    if scripts:
        assert_accessible(page)
    summary.locator("a").click()
    expect(time_box).to_be_focused()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    time_box.fill("14h30")
    continue_button(page).click()
    expect(page).to_have_url(at("/ocorrencia/revisar/"))
    row = page.locator(".review-row", has_text="Quando aconteceu?")
    expect(row.locator("dd").first).to_have_text("15/01/2026 14:30")
    context.close()
