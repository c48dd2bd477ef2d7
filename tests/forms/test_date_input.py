"""Dates asked in three boxes (Dia, Mês, Ano) and a date and time with a
fourth (Hora): each message and the boxes it is about, leap years, the future,
whole dates typed in one box, the step's markup, drafts, conditions and the
JSON API (forms/date_input.py, forms/blocks/dates.py).

Messages are compared with the module's own message objects, so these tests
read the same in any language."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from forms import date_input
from forms.blocks import DateBlock, DateTimeBlock
from forms.date_input import (
    MISSING,
    NOT_A_TIME,
    NOT_REAL,
    TIME_MISSING,
    YEAR_DIGITS,
    DatePartsField,
    shown_texts,
)
from forms.demo import field, step
from forms.models import Draft
from tests.api.conftest import Caller
from tests.api.test_filing import answer, new_draft

from .conftest import conditional_step, fill

DAY, MONTH, YEAR, TIME = "day", "month", "year", "time"
STEP1 = {"nome": "Maria da Silva", "cpf": "529.982.247-25", "email_contato": "m@example.com"}
STEP2 = {"procurou": "Não"}


def date_field(*, allow_future=False, required=True, label="Data da compra"):
    block = DateBlock()
    value = block.to_python(
        {"label": label, "key": "data", "required": required, "allow_future": allow_future}
    )
    return block.form_field(value)


def datetime_field(required=True):
    block = DateTimeBlock()
    value = block.to_python({"label": "Quando aconteceu", "key": "quando", "required": required})
    return block.form_field(value)


def refusal(form_field, texts):
    """(message, boxes) of the one error `texts` get."""
    with pytest.raises(ValidationError) as caught:
        form_field.clean(texts)
    [error] = caught.value.error_list
    message = error.message % error.params if error.params else error.message
    return str(message), (error.params or {}).get("parts")


def today():
    return timezone.localdate()


# --- each message and its boxes ---------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "message", "parts"),
    [
        (["", "5", "2024"], MISSING[(DAY,)], (DAY,)),
        (["10", "", "2024"], MISSING[(MONTH,)], (MONTH,)),
        (["10", "5", ""], MISSING[(YEAR,)], (YEAR,)),
        (["", "", "2024"], MISSING[(DAY, MONTH)], (DAY, MONTH)),
        (["", "5", ""], MISSING[(DAY, YEAR)], (DAY, YEAR)),
        (["10", "", ""], MISSING[(MONTH, YEAR)], (MONTH, YEAR)),
        (["10", "5", "24"], YEAR_DIGITS, (YEAR,)),
        (["10", "5", "202"], YEAR_DIGITS, (YEAR,)),
        (["10", "5", "20245"], YEAR_DIGITS, (YEAR,)),
        (["32", "5", "2024"], NOT_REAL, (DAY,)),
        (["0", "5", "2024"], NOT_REAL, (DAY,)),
        (["10", "13", "2024"], NOT_REAL, (MONTH,)),
        (["32", "13", "2024"], NOT_REAL, (DAY, MONTH)),
        (["dez", "5", "2024"], NOT_REAL, (DAY,)),
        (["10", "5", "dois mil"], NOT_REAL, (YEAR,)),
        (["10", "5", "0000"], NOT_REAL, (YEAR,)),
        (["31", "4", "2024"], NOT_REAL, (DAY,)),
        (["29", "2", "2025"], NOT_REAL, (DAY,)),
        (["29", "2", "1900"], NOT_REAL, (DAY,)),
    ],
)
def test_each_mistake_has_its_message_about_its_boxes(texts, message, parts):
    assert refusal(date_field(), texts) == (str(message), parts)


def test_nothing_typed_is_the_question_s_required_message_about_every_box():
    form_field = date_field(label="Data da compra")
    assert refusal(form_field, ["", "", ""]) == (
        form_field.error_messages["required"],
        (DAY, MONTH, YEAR),
    )
    assert refusal(form_field, None)[1] == (DAY, MONTH, YEAR)
    # Phrased as every field's: "Fill in “label”." (Preencha “...”).
    assert form_field.error_messages["required"] == DateBlock.required_message % {
        "label": "Data da compra"
    }


def test_a_label_with_a_percent_sign_reads_as_it_is():
    form_field = date_field(label="Data do desconto de 50%")
    message, _parts = refusal(form_field, ["", "", ""])
    assert "50%" in message


def test_an_optional_date_may_be_left_empty_but_not_half_typed():
    form_field = date_field(required=False)
    assert form_field.clean(["", "", ""]) is None
    assert form_field.clean([" ", "", "  "]) is None
    assert refusal(form_field, ["10", "", ""]) == (str(MISSING[(MONTH, YEAR)]), (MONTH, YEAR))


# --- what is accepted -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["29", "2", "2024"], date(2024, 2, 29)),  # a leap year
        (["29", "02", "2000"], date(2000, 2, 29)),  # divisible by 400
        (["1", "1", "2024"], date(2024, 1, 1)),
        (["01", "01", "2024"], date(2024, 1, 1)),
        ([" 7 ", " 8 ", " 2023 "], date(2023, 8, 7)),  # spaces around
        (["1 5", "0 1", "20 24"], date(2024, 1, 15)),  # and inside
        (["\t15\n", "1", "2024"], date(2024, 1, 15)),
        (["15", "março", "2024"], date(2024, 3, 15)),  # month names, any case or accent
        (["15", "MARCO", "2024"], date(2024, 3, 15)),
        (["15", "fev.", "2024"], date(2024, 2, 15)),
        (["15", "Dezembro", "2023"], date(2023, 12, 15)),
        (["15", "enero", "2024"], date(2024, 1, 15)),
    ],
)
def test_a_real_date_is_accepted(texts, expected):
    assert date_field().clean(texts) == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2024-05-10", date(2024, 5, 10)),  # drafts saved before the boxes, the API
        ("10/05/2024", date(2024, 5, 10)),  # pasted the Brazilian way
        ("10-5-2024", date(2024, 5, 10)),
        ("10.05.2024", date(2024, 5, 10)),
        ("10 5 2024", date(2024, 5, 10)),  # as the hint's example
        ("10 maio 2024", date(2024, 5, 10)),
        ("10052024", date(2024, 5, 10)),  # as masked inputs take it
        (" 10/05/2024 ", date(2024, 5, 10)),
    ],
)
def test_a_whole_date_in_the_day_box_is_read_as_the_date(typed, expected):
    form_field = date_field()
    assert form_field.clean([typed]) == expected
    assert form_field.clean([typed, "", ""]) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2024", NOT_REAL),
        ("29/02/2025", NOT_REAL),
        ("32/13/2024", NOT_REAL),
        ("amanhã", NOT_REAL),
        ("10/05/24", YEAR_DIGITS),
        ("2024-02-30", NOT_REAL),
        ("1" * 10_000 + "/1/2024", NOT_REAL),
        (" " * 5_000 + "1/1/2024" + "x" * 5_000, NOT_REAL),
    ],
)
def test_a_whole_date_that_is_not_one_is_explained_on_the_day_box(typed, message):
    assert refusal(date_field(), [typed]) == (str(message), (DAY,))


def test_a_day_alone_in_the_day_box_asks_for_the_rest():
    assert refusal(date_field(), ["7"]) == (str(MISSING[(MONTH, YEAR)]), (MONTH, YEAR))
    assert refusal(date_field(), ["123"]) == (str(MISSING[(MONTH, YEAR)]), (MONTH, YEAR))


def test_hostile_texts_are_refused_with_a_message():
    form_field = date_field()
    for texts in (
        ["\x00", "\x00", "\x00"],
        ["1" * 5000, "1" * 5000, "1" * 5000],
        ["\u0661\u0660", "\u0665", "\u0662\u0660\u0662\u0664"],  # Arabic-Indic digits
        ["10", "5", "2024", "extra", "boxes"],
    ):
        try:
            form_field.clean(texts)
        except ValidationError as error:
            assert error.messages
    assert form_field.clean(["10", "5", "2024", "extra"]) == date(2024, 5, 10)


# --- the future ---------------------------------------------------------------------------


def test_the_future_is_refused_for_the_whole_date_unless_allowed():
    tomorrow = today() + timedelta(days=1)
    texts = [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]
    message, parts = refusal(date_field(), texts)
    assert message == "A data não pode estar no futuro."
    assert parts is None  # about the whole date: every box
    assert date_field().clean([str(today().day), str(today().month), str(today().year)])
    assert date_field(allow_future=True).clean(texts) == tomorrow
    assert date_field(allow_future=True).clean(["1", "1", "2099"]) == date(2099, 1, 1)


# --- date and time --------------------------------------------------------------------------


def test_a_date_and_time_in_four_boxes():
    form_field = datetime_field()
    cleaned = form_field.clean(["15", "1", "2026", "14:30"])
    assert cleaned == timezone.make_aware(datetime(2026, 1, 15, 14, 30))
    assert DateTimeBlock().to_storage(cleaned) == "2026-01-15T14:30:00-04:00"
    for typed in ("14h30", "14 h 30", "1430", "14:30:00"):
        assert form_field.clean(["15", "1", "2026", typed]) == cleaned
    assert form_field.clean(["15", "1", "2026", "14h"]).hour == 14
    assert form_field.clean(["15/01/2026 14:30"]) == cleaned  # a whole one in the day box
    assert form_field.clean(["2026-01-15T14:30"]) == cleaned  # datetime-local, old drafts
    assert form_field.clean(["2026-01-15T13:30:00-05:00"]) == cleaned
    assert form_field.clean(["15/01/2026", "", "", "14:30"]) == cleaned


@pytest.mark.parametrize(
    ("texts", "message", "parts"),
    [
        (["15", "1", "2026", ""], TIME_MISSING, (TIME,)),
        (["15", "1", "2026", "25:00"], NOT_A_TIME, (TIME,)),
        (["15", "1", "2026", "14:60"], NOT_A_TIME, (TIME,)),
        (["15", "1", "2026", "meio-dia"], NOT_A_TIME, (TIME,)),
        (["", "", "", "14:30"], MISSING[(DAY, MONTH, YEAR)], (DAY, MONTH, YEAR)),
        (["15", "", "2026", "14:30"], MISSING[(MONTH,)], (MONTH,)),
        (["15", "1", "26", "14:30"], YEAR_DIGITS, (YEAR,)),
        (["2026-01-15"], TIME_MISSING, (TIME,)),  # a date alone is not midnight
        (["31/02/2026 10:00"], NOT_REAL, (DAY,)),
    ],
)
def test_date_and_time_mistakes(texts, message, parts):
    assert refusal(datetime_field(), texts) == (str(message), parts)


def test_an_empty_date_and_time():
    assert refusal(datetime_field(), ["", "", "", ""])[1] == (DAY, MONTH, YEAR, TIME)
    assert datetime_field(required=False).clean(["", "", "", ""]) is None


def test_a_stored_date_and_time_reads_as_before():
    assert DateTimeBlock.display({}, "2026-01-15T14:30:00-04:00") == "15/01/2026 14:30"
    assert DateTimeBlock.display({}, "9999-12-31T23:59:00-04:00")  # no error at the end
    assert DateBlock.display({}, "2024-02-29") == "29/02/2024"


# --- what the boxes show ------------------------------------------------------------------


def test_what_the_boxes_show():
    parts = date_input.DATE_PARTS
    assert shown_texts(["7", "8", "2023"], parts) == {DAY: "7", MONTH: "8", YEAR: "2023"}
    assert shown_texts(["24", "", "x"], parts) == {DAY: "24", MONTH: "", YEAR: "x"}  # as typed
    # A stored or whole real date is spread over the boxes...
    assert shown_texts("2024-02-29", parts) == {DAY: "29", MONTH: "02", YEAR: "2024"}
    assert shown_texts(["10/05/2099"], parts) == {DAY: "10", MONTH: "05", YEAR: "2099"}
    assert shown_texts(date(2024, 5, 1), parts) == {DAY: "01", MONTH: "05", YEAR: "2024"}
    # ...one that is not real stays as typed, in the day box.
    assert shown_texts(["32/13/2026"], parts) == {DAY: "32/13/2026", MONTH: "", YEAR: ""}
    assert shown_texts(None, parts) == {DAY: "", MONTH: "", YEAR: ""}
    with_time = date_input.DATETIME_PARTS
    assert shown_texts(["2026-01-15T14:30"], with_time) == {
        DAY: "15",
        MONTH: "01",
        YEAR: "2026",
        TIME: "14:30",
    }


def test_a_birth_date_would_fill_each_box_from_the_browser():
    form_field = DatePartsField()
    form_field.widget.attrs["autocomplete"] = "bday"
    html = form_field.widget.render("nascimento", ["", "", ""])
    assert re.findall(r'autocomplete="([^"]+)"', html) == [
        "bday-day",
        "bday-month",
        "bday-year",
    ]
    assert (
        re.findall(r'autocomplete="([^"]+)"', DatePartsField().widget.render("d", None))
        == ["off"] * 3
    )


# --- on a step -------------------------------------------------------------------------------


def step_html(client, page, data):
    fill(client, page, 1, STEP1)
    response = fill(client, page, 2, {**STEP2, **data})
    assert response.status_code == 200
    return response.content.decode()


def boxes(html):
    """{id: the box's <input> tag} of the purchase date."""
    return {
        re.search(r'\sid="([^"]+)"', tag)[1]: tag
        for tag in re.findall(r'<input[^>]*name="data_compra"[^>]*>', html)
    }


def summary_links(html):
    summary = re.search(r"data-error-summary>(.*?)</div>", html, re.S)[1]
    return re.findall(r'href="#([^"]+)"', summary)


def test_the_step_asks_the_date_in_a_fieldset_with_three_labelled_boxes(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    html = client.get(f"{page.url}etapa/2/").content.decode()
    assert 'type="date"' not in html
    fieldset = re.search(r'<fieldset class="date-input-fieldset"[^>]*>(.*?)</fieldset>', html, re.S)
    assert fieldset, html
    inner = fieldset[1]
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", inner, re.S)[1]
    assert legend.strip() == "Data da compra"
    assert 'aria-describedby="id_data_compra_hint"' in fieldset[0]
    assert 'id="id_data_compra_hint"' in inner
    found = boxes(html)
    assert list(found) == ["id_data_compra", "id_data_compra_month", "id_data_compra_year"]
    for box_id, size in zip(found, ("2", "2", "4"), strict=True):
        tag = found[box_id]
        assert f'for="{box_id}"' in inner
        assert 'type="text"' in tag and 'inputmode="numeric"' in tag
        assert f'size="{size}"' in tag and "required" in tag
        assert "aria-invalid" not in tag and "is-invalid" not in tag
    # The hint comes before the boxes, inside the fieldset.
    assert inner.index("id_data_compra_hint") < inner.index('id="id_data_compra"')


@pytest.mark.parametrize(
    ("texts", "in_error", "linked"),
    [
        (["", "", ""], {"id_data_compra", "id_data_compra_month", "id_data_compra_year"}, 0),
        (["10", "", "2024"], {"id_data_compra_month"}, 1),
        (["10", "5", "24"], {"id_data_compra_year"}, 2),
        (["29", "2", "2025"], {"id_data_compra"}, 0),
        (["", "", "2024"], {"id_data_compra", "id_data_compra_month"}, 0),
        (["1", "1", "2099"], {"id_data_compra", "id_data_compra_month", "id_data_compra_year"}, 0),
    ],
)
def test_only_the_boxes_in_error_are_invalid_and_the_summary_links_the_first(
    client, three_step_form, texts, in_error, linked
):
    html = step_html(client, three_step_form, {"data_compra": texts})
    ids = ["id_data_compra", "id_data_compra_month", "id_data_compra_year"]
    assert summary_links(html) == [ids[linked]]
    for box_id, tag in boxes(html).items():
        invalid = box_id in in_error
        assert ('aria-invalid="true"' in tag) == invalid, box_id
        assert ("is-invalid" in tag) == invalid, box_id
        assert ("error_1_id_data_compra" in tag) == invalid, box_id
    # The message: in the fieldset, after the hint, before the boxes; read with it.
    fieldset = re.search(r"<fieldset class=\"date-input-fieldset\".*?</fieldset>", html, re.S)[0]
    assert 'aria-describedby="id_data_compra_hint error_1_id_data_compra"' in fieldset
    message_at = fieldset.index('id="error_1_id_data_compra"')
    assert fieldset.index('id="id_data_compra_hint"') < message_at < fieldset.index("<input")
    # What was typed is still there.
    for tag, typed in zip(boxes(html).values(), texts, strict=True):
        assert f'value="{typed}"' in tag


def test_a_date_in_three_boxes_is_stored_as_before_and_comes_back_from_the_draft(
    client, three_step_form
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    response = fill(client, page, 2, {**STEP2, "data_compra": [" 5", "3 ", "2024"]})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.steps["1"]["answers"]["data_compra"] == "2024-03-05"
    assert draft.steps["1"]["raw"]["data_compra"] == [" 5", "3 ", "2024"]
    html = client.get(f"{page.url}etapa/2/").content.decode()
    assert [re.search(r'value="([^"]*)"', tag)[1] for tag in boxes(html).values()] == [
        "5",
        "3",
        "2024",
    ]
    review = client.get(f"{page.url}revisar/").content.decode()
    assert "05/03/2024" in review


def test_a_draft_saved_before_the_boxes_shows_its_date_in_them(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, {**STEP2, "data_compra": "2024-03-05"})  # one text, as the old input
    draft = Draft.objects.get()
    assert draft.steps["1"]["raw"]["data_compra"] == ["2024-03-05"]
    assert draft.steps["1"]["answers"]["data_compra"] == "2024-03-05"
    html = client.get(f"{page.url}etapa/2/").content.decode()
    assert [re.search(r'value="([^"]*)"', tag)[1] for tag in boxes(html).values()] == [
        "05",
        "03",
        "2024",
    ]
    assert "05/03/2024" in client.get(f"{page.url}revisar/").content.decode()


def test_a_date_saved_for_later_comes_back_as_typed(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    client.post(
        f"{page.url}etapa/2/", {**STEP2, "data_compra": ["31", "2", ""], "continuar_depois": "1"}
    )
    assert Draft.objects.get().later_steps["1"]["data_compra"] == ["31", "2", ""]
    html = client.get(f"{page.url}etapa/2/").content.decode()
    values = [re.search(r'value="([^"]*)"', tag)[1] for tag in boxes(html).values()]
    assert values == ["31", "2", ""]
    assert "data-error-summary" not in html and "aria-invalid" not in html


# --- conditions on a date --------------------------------------------------------------------


def test_a_step_shown_for_one_date_follows_the_date_in_boxes(client, make_form):
    page = make_form(
        [
            step("Quando", [field("date", "Data do fato", "data_fato")]),
            conditional_step(
                "Ano bissexto",
                [field("singleline", "Conte mais", "detalhe")],
                {"field": "data_fato", "operator": "equals", "value": "2024-02-29"},
            ),
            step("Fim", [field("singleline", "Algo mais?", "fim", required=False)]),
        ],
        slug="datas",
    )
    leap = fill(client, page, 1, {"data_fato": ["29", "2", "2024"]})
    assert leap["Location"].endswith("etapa/2/")
    other = fill(client, page, 1, {"data_fato": ["28", "02", "2024"]})
    assert other["Location"].endswith("etapa/3/")


def test_a_field_shown_when_a_date_is_answered_in_the_same_step(client, make_form):
    page = make_form(
        [
            step(
                "Quando",
                [
                    field("date", "Data do fato", "data_fato", required=False),
                    field(
                        "singleline",
                        "Onde",
                        "onde",
                        condition={"field": "data_fato", "operator": "answered", "value": ""},
                    ),
                ],
            )
        ],
        slug="datas-mesma-etapa",
    )
    unanswered = fill(client, page, 1, {"data_fato": ["", "", ""]})
    assert unanswered.status_code == 302  # "Onde" did not apply
    answered = fill(client, page, 1, {"data_fato": ["1", "2", "2024"], "onde": ""})
    assert answered.status_code == 200 and 'href="#id_onde"' in answered.content.decode()


# --- the JSON API ------------------------------------------------------------------------------


@pytest.fixture
def api(client, site):
    """The API as an app calls it, with its key (tests/api/conftest.py)."""
    from api.models import ApiClient

    record = ApiClient(name="MT Cidadão", requests_per_minute=1000)
    key = record.new_key()
    record.save()
    return Caller(client, key)


def test_the_api_takes_a_date_as_iso_text_into_the_three_boxes(api, three_step_form):
    from django.test import Client

    web = Client()
    assert DateBlock.json_shape == DateTimeBlock.json_shape == "text"
    assert DateBlock().input_from_json("2024-03-05") == ["05", "03", "2024"]
    assert DateBlock().input_from_json(None) == []
    with pytest.raises(ValueError):
        DateBlock().input_from_json(["2024", "03", "05"])

    definition = api.get(f"/api/v1/formularios/{three_step_form.pk}").json()
    purchase = {item["chave"]: item for item in definition["etapas"][1]["itens"]}["data_compra"]
    assert purchase["tipo"] == "date" and purchase["formato_resposta"] == "text"

    draft_id = new_draft(api, three_step_form)
    assert answer(api, draft_id, 1, STEP1).status_code == 200
    for sent, message in (
        ("2024-02-30", NOT_REAL),
        ("2025-02-29", NOT_REAL),
        ("2024-13-01", NOT_REAL),
        ("24-03-05", YEAR_DIGITS),
        ("", None),
        (f"{today().year + 1}-01-01", "A data não pode estar no futuro."),
    ):
        problem = answer(api, draft_id, 2, {**STEP2, "data_compra": sent})
        assert problem.status_code == 422, sent
        errors = problem.json()["errors"]
        assert list(errors) == ["data_compra"], sent
        if message is not None:
            assert errors["data_compra"] == [str(message)], sent
        # The web says the same for the same date in its boxes.
        html = step_html(web, three_step_form, {"data_compra": DateBlock().input_from_json(sent)})
        assert f"<strong>{errors['data_compra'][0]}</strong>" in html, sent

    state = answer(api, draft_id, 2, {**STEP2, "data_compra": "2024-02-29"}).json()
    assert state["etapas"][1]["respostas"]["data_compra"] == "2024-02-29"
    stored = Draft.objects.get(api__isnull=False)
    assert stored.steps["1"]["raw"]["data_compra"] == ["29", "02", "2024"]
    # Dates the web takes in one box are taken too.
    state = answer(api, draft_id, 2, {**STEP2, "data_compra": "05/03/2024"}).json()
    assert state["etapas"][1]["respostas"]["data_compra"] == "2024-03-05"


def test_the_api_takes_a_date_and_time_as_iso_text(api, make_form):
    page = make_form(
        [step("Quando", [field("datetime", "Quando aconteceu", "quando")])], slug="quando"
    )
    assert DateTimeBlock().input_from_json("2026-03-02T14:05") == ["02", "03", "2026", "14:05"]
    draft_id = new_draft(api, page)
    state = answer(api, draft_id, 1, {"quando": "2026-03-02T14:05"}).json()
    assert state["etapas"][0]["respostas"]["quando"] == "2026-03-02T14:05:00-04:00"
    problem = answer(api, draft_id, 1, {"quando": "2026-03-02"}).json()
    assert problem["errors"]["quando"] == [str(TIME_MISSING)]
    problem = answer(api, draft_id, 1, {"quando": "2026-03-02T25:00"}).json()
    assert problem["errors"]["quando"] == [str(NOT_A_TIME)]
