"""The address field type: CEP ranges by UF, cleaning, rendering, roles."""

import io

import pytest
from django import forms
from django.core.management import call_command
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core import brazil
from forms.blocks import AddressBlock, answers_by_role, display_answer
from forms.demo import field, step
from forms.fields import ADDRESS_PARTS, AddressField, find_municipality
from forms.models import Submission
from forms.roles import ROLE_FIELD_TYPES, Role
from forms.submission import role_columns

from .conftest import CUIABA, fill

ALL_UFS = {
    "AC", "AL", "AM", "AP", "BA", "CE", "DF", "ES", "GO", "MA", "MG", "MS", "MT", "PA",
    "PB", "PE", "PI", "PR", "RJ", "RN", "RO", "RR", "RS", "SC", "SE", "SP", "TO",
}  # fmt: skip
GOOD = ["78005-000", "Rua Barão de Melgaço", "123", "Apto 4", "Centro", "Cuiabá", "MT"]


def posted(values, key="endereco"):
    data = QueryDict(mutable=True)
    data.setlist(key, values)
    return data


class AddressForm(forms.Form):
    endereco = AddressField(state="MT")


def form_for(values, **field_kwargs):
    form = AddressForm(data=posted(values))
    if field_kwargs:
        form.fields["endereco"] = AddressField(state="MT", **field_kwargs)
    return form


# --- the CEP/UF table ---------------------------------------------------------------------


def test_every_uf_has_a_range_and_the_names_list_matches():
    assert set(brazil.CEP_RANGES) == ALL_UFS
    from localflavor.br.br_states import STATE_CHOICES

    assert {uf for uf, _name in STATE_CHOICES} == ALL_UFS
    for uf, ranges in brazil.CEP_RANGES.items():
        assert ranges, uf
        for low, high in ranges:
            assert 0 <= low <= high <= 99999, uf


def test_ranges_do_not_overlap_and_cover_everything_from_01000():
    prefixes = {}
    for uf, ranges in brazil.CEP_RANGES.items():
        for low, high in ranges:
            for prefix in range(low, high + 1):
                assert prefix not in prefixes, (prefix, uf, prefixes.get(prefix))
                prefixes[prefix] = uf
    assert set(prefixes) == set(range(1000, 100000))


@pytest.mark.parametrize(
    ("cep", "uf"),
    [
        ("78000-000", "MT"),
        ("78899-999", "MT"),
        ("78900-000", "RO"),
        ("77999-999", "TO"),
        ("01000-000", "SP"),
        ("01001-000", "SP"),
        ("19999-999", "SP"),
        ("20000-000", "RJ"),
        ("69299-999", "AM"),
        ("69300-000", "RR"),
        ("69400-000", "AM"),
        ("72799-999", "DF"),
        ("72800-000", "GO"),
        ("73000-000", "DF"),
        ("73700-000", "GO"),
        ("76799-999", "GO"),
        ("76800-000", "RO"),
        ("79000-000", "MS"),
        ("99999-999", "RS"),
        ("78005000", "MT"),
    ],
)
def test_cep_state_at_the_boundaries(cep, uf):
    assert brazil.cep_state(cep) == uf


@pytest.mark.parametrize("cep", ["00999-999", "00100-000", "1234", "", None, "abc"])
def test_cep_state_of_no_uf(cep):
    assert brazil.cep_state(cep) is None


def test_cep_state_check_message_in_portuguese():
    with translation.override("pt-br"):
        with pytest.raises(brazil.ValidationError) as caught:
            brazil.check_cep_state("01001000", "MT")
        error = caught.value
        assert error.code == "cep_state"
        assert error.messages == ["O CEP 01001-000 é de SP, mas a UF escolhida é MT."]
    brazil.check_cep_state("78005-000", "MT")  # no error


def test_format_address():
    stored = {
        "cep": "78005-000",
        "street": "Rua Barão de Melgaço",
        "number": "123",
        "complement": "",
        "district": "Centro",
        "municipality": {"ibge_code": CUIABA, "name": "Cuiabá", "state": "MT"},
        "state": "MT",
    }
    assert brazil.format_address(stored) == (
        "Rua Barão de Melgaço, 123\nCentro\nCuiabá/MT\n78005-000"
    )
    assert brazil.format_address(stored, one_line=True) == (
        "Rua Barão de Melgaço, 123 - Centro - Cuiabá/MT - CEP 78005-000"
    )
    assert brazil.format_address(None) == ""
    assert brazil.format_address("odd old value") == "odd old value"


# --- cleaning -------------------------------------------------------------------------------


@pytest.fixture
def mt(municipalities):
    return municipalities


def test_a_good_address_cleans_to_one_dict(mt):
    form = form_for(GOOD)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["endereco"] == {
        "cep": "78005-000",
        "street": "Rua Barão de Melgaço",
        "number": "123",
        "complement": "Apto 4",
        "district": "Centro",
        "municipality": {"ibge_code": CUIABA, "name": "Cuiabá", "state": "MT"},
        "state": "MT",
    }


def test_cep_without_dash_spaces_and_accents_ignored_in_the_municipality(mt):
    form = form_for(["78005000", "  Rua  A ", "s/n", "", "", "  CUIABA ", "MT"])
    assert form.is_valid(), form.errors
    value = form.cleaned_data["endereco"]
    assert value["cep"] == "78005-000"
    assert value["street"] == "Rua A"
    assert value["municipality"]["name"] == "Cuiabá"


def errors_by_part(form):
    return {
        error.params["part"]: str(message)
        for message, error in zip(
            form.errors["endereco"], form.errors["endereco"].as_data(), strict=True
        )
    }


def test_a_cep_of_another_uf_is_refused_on_the_cep(mt):
    with translation.override("pt-br"):
        form = form_for(["01001-000", *GOOD[1:]])
        assert not form.is_valid()
        assert errors_by_part(form) == {"cep": "O CEP 01001-000 é de SP, mas a UF escolhida é MT."}


@pytest.mark.parametrize(
    ("values", "part", "message"),
    [
        (["7800-000", *GOOD[1:]], "cep", "Um CEP tem 8 dígitos"),
        (["00100-000", *GOOD[1:]], "cep", "não é de nenhuma UF"),
        (["78005-000", "", *GOOD[2:]], "street", "Informe o logradouro"),
        (["78005-000", GOOD[1], "", *GOOD[3:]], "number", "escreva S/N"),
        ([*GOOD[:5], "", "MT"], "municipality", "Informe o município"),
        (
            [*GOOD[:5], "Curitiba", "MT"],
            "municipality",
            "Não encontramos o município “Curitiba” em MT",
        ),
        ([*GOOD[:6], "XX"], "state", "Escolha uma UF da lista"),
        ([*GOOD[:6], ""], "state", "Escolha a UF"),
        ([GOOD[0], "R" * 201, *GOOD[2:]], "street", "no máximo 200 caracteres"),
    ],
)
def test_each_mistake_is_told_on_its_own_part(mt, values, part, message):
    with translation.override("pt-br"):
        form = form_for(values)
        assert not form.is_valid()
        errors = errors_by_part(form)
        assert part in errors, errors
        assert message in errors[part]


def test_municipality_of_a_uf_the_table_does_not_hold_comes_from_ibge(mt):
    form = form_for(["01001-000", "Praça da Sé", "1", "", "Sé", "sao paulo", "SP"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["endereco"]["municipality"] == {
        "ibge_code": "3550308",
        "name": "São Paulo",
        "state": "SP",
    }


def test_inactive_municipality_is_refused(mt):
    from forms.reference import Municipality

    Municipality.objects.filter(ibge_code=CUIABA).update(active=False)
    assert find_municipality("MT", "Cuiabá") is None


def test_empty_required_address_says_so_once_on_the_cep(mt):
    form = form_for([""] * 6 + ["MT"])
    assert not form.is_valid()
    assert list(errors_by_part(form)) == ["cep"]
    assert form_for([], required=False).is_valid()
    optional = form_for([""] * 6 + ["MT"], required=False)
    assert optional.is_valid()
    assert optional.cleaned_data["endereco"] is None


def test_missing_key_and_short_lists_do_not_break(mt):
    assert not AddressForm(data=QueryDict()).is_valid()
    assert not form_for(["78005-000"]).is_valid()
    assert form_for(GOOD + ["extra", "values"]).is_valid()  # extras are ignored


hostile = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["\x00", "<script>alert(1)</script>", "%(cep)s %s {0}", "9" * 10_000]),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(hostile, max_size=9))
def test_hostile_input_is_refused_or_cleaned_never_raises(mt, values):
    form = form_for(values)
    if form.is_valid():
        value = form.cleaned_data["endereco"]
        assert "\x00" not in str(value)
    else:
        for message in form.errors["endereco"]:
            assert str(message)


# --- rendering --------------------------------------------------------------------------------


def render(form):
    bound = form["endereco"]
    return render_to_string("forms/blocks/address.html", {"field": bound, "form": form})


def test_renders_one_fieldset_with_a_legend_and_labelled_inputs_with_autocomplete(mt):
    html = render(AddressForm())
    assert html.count("<fieldset") == 1
    assert "<legend" in html
    for part in ADDRESS_PARTS:
        input_id = "id_endereco" if part.name == "cep" else f"id_endereco_{part.name}"
        assert f'for="{input_id}"' in html
        assert f'id="{input_id}"' in html
    assert html.count('name="endereco"') == len(ADDRESS_PARTS)
    for token in (
        "postal-code",
        "address-line1",
        "address-line2",
        "address-level2",
        "address-level1",
    ):
        assert f'autocomplete="{token}"' in html
    # The site's UF is chosen at first.
    assert '<option value="MT" selected>' in html
    # The lookup is off by default: no hooks for the script.
    assert "data-cep-lookup" not in html


def test_errors_sit_next_to_their_input_and_describe_it(mt):
    form = form_for(["01001-000", "", *GOOD[2:]])
    form.is_valid()
    html = render(form)
    assert 'id="error_1_id_endereco"' in html
    assert 'id="error_1_id_endereco_street"' in html
    cep_input = html[html.index('<input type="text" name="endereco"') :].split(">")[0]
    assert 'aria-invalid="true"' in cep_input
    assert "error_1_id_endereco" in cep_input
    # What was typed comes back.
    assert 'value="01001-000"' in html and 'value="Apto 4"' in html


def test_error_summary_links_each_error_to_its_input(mt):
    form = form_for(["01001-000", "", *GOOD[2:]])
    form.is_valid()
    html = render_to_string("forms/includes/error_summary.html", {"form": form})
    assert 'href="#id_endereco"' in html
    assert 'href="#id_endereco_street"' in html


# --- block, storage, display, roles --------------------------------------------------------


STORED = {
    "cep": "78005-000",
    "street": "Rua A",
    "number": "10",
    "complement": "",
    "district": "Centro",
    "municipality": {"ibge_code": CUIABA, "name": "Cuiabá", "state": "MT"},
    "state": "MT",
}


def test_block_display_and_tokens():
    definition = {"key": "endereco", "type": "address", "role": "consumer_address"}
    assert display_answer(definition, STORED) == "Rua A, 10\nCentro\nCuiabá/MT\n78005-000"
    assert display_answer(definition, None) == ""
    assert AddressBlock.tokens(definition, STORED) == {"cuiaba", "mt"}


def test_consumer_address_role_is_only_for_address_fields_and_answers_cep_and_municipality():
    assert ROLE_FIELD_TYPES[Role.CONSUMER_ADDRESS] == {"address"}
    definitions = [{"key": "endereco", "type": "address", "role": "consumer_address"}]
    by_role = answers_by_role(definitions, {"endereco": STORED})
    assert by_role[Role.CONSUMER_ADDRESS] == STORED
    assert by_role[Role.CONSUMER_CEP] == "78005-000"
    assert by_role[Role.CONSUMER_MUNICIPALITY]["ibge_code"] == CUIABA
    # A field with the role itself wins over what the address gives.
    definitions.append(
        {"key": "municipio", "type": "municipality", "role": "consumer_municipality"}
    )
    other = {"ibge_code": "5108402", "name": "Várzea Grande", "state": "MT"}
    by_role = answers_by_role(definitions, {"endereco": STORED, "municipio": other})
    assert by_role[Role.CONSUMER_MUNICIPALITY] == other
    # An address without the consumer's role answers nothing else.
    plain = [{"key": "endereco", "type": "address", "role": ""}]
    assert answers_by_role(plain, {"endereco": STORED}) == {}


def test_role_columns_fill_the_municipality_and_the_address_line():
    definitions = [{"key": "endereco", "type": "address", "role": "consumer_address"}]
    columns = role_columns(definitions, {"endereco": STORED})
    assert columns["consumer_municipality"] == CUIABA
    assert columns["consumer_address"] == "Rua A, 10 - Centro - Cuiabá/MT - CEP 78005-000"


# --- through the form page ----------------------------------------------------------------


def test_address_answer_is_stored_under_its_key_and_survives_the_review(
    client, make_form, municipalities
):
    page = make_form(
        [step("Endereço", [field("address", "Seu endereço", "endereco", role="consumer_address")])],
        kind="complaint",
    )
    response = fill(client, page, 1, {"endereco": ["01001-000", *GOOD[1:]]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_endereco"' in html  # the summary's link to the CEP
    assert "O CEP 01001-000 é de SP, mas a UF escolhida é MT." in html
    assert 'value="Rua Barão de Melgaço"' in html  # nothing typed is lost

    response = fill(client, page, 1, {"endereco": GOOD})
    assert response.status_code == 302
    review = client.get(f"{page.url}revisar/").content.decode()
    assert "Rua Barão de Melgaço, 123, Apto 4<br>Centro<br>Cuiabá/MT<br>78005-000" in review
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    submission = Submission.objects.get()
    assert submission.form_data["endereco"]["municipality"]["ibge_code"] == CUIABA
    assert submission.consumer_municipality == CUIABA
    assert submission.consumer_address.startswith("Rua Barão de Melgaço, 123, Apto 4 - Centro")


def test_demo_complaint_asks_for_the_address_and_the_consultation_does_not(db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    from forms.models import FormPage

    complaint = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    keys = {spec.block.type_name: key for key, spec in complaint.definition.fields.items()}
    assert keys["address"] == "endereco"
    assert complaint.definition.fields["endereco"].value["role"] == "consumer_address"
    assert "municipality" not in keys
    consultation = FormPage.objects.get(slug="consulta", locale__language_code="pt-br")
    assert "endereco" not in consultation.definition.fields
    # Loading again on the same database keeps working and changes nothing.
    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    assert "form updated" not in out.getvalue()


def test_a_step_looks_the_address_municipality_up_once_and_the_review_is_bounded(
    client, make_form, municipalities, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page = make_form(
        [
            step(
                "Onde",
                [
                    field("address", "Endereço", "endereco"),
                    field(
                        "singleline",
                        "Referência",
                        "referencia",
                        required=False,
                        condition={"field": "endereco", "operator": "answered"},
                    ),
                ],
            )
        ]
    )
    client.get(f"{page.url}etapa/1/")
    with CaptureQueriesContext(connection) as queries:
        response = fill(client, page, 1, {"endereco": GOOD, "referencia": "Perto da praça"})
    assert response.status_code == 302
    lookups = [q for q in queries if "procon_forms_municipality" in q["sql"]]
    assert len(lookups) == 1
    client.get(f"{page.url}revisar/")
    # On a kept route (home/routing.py) with the settings kept: the draft and the
    # municipality (and the site, for the review page's change links).
    with django_assert_max_num_queries(3):
        assert client.get(f"{page.url}revisar/").status_code == 200
    with django_assert_max_num_queries(2):
        assert client.get(f"{page.url}etapa/1/").status_code == 200


def test_loading_the_demo_on_a_database_with_the_old_complaint_adds_the_address(db):
    import copy

    from forms import demo
    from forms.models import FormPage

    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    # The complaint as it was before it asked for the address.
    page = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    old_steps = copy.deepcopy(demo.COMPLAINT_STEPS)
    about_you = old_steps[0]["value"]["fields"]
    assert about_you[-1]["type"] == "address"
    about_you[-1] = demo.field(
        "municipality", "Município onde você mora", "municipio", role="consumer_municipality"
    )
    page.steps = old_steps
    page.save_revision().publish()
    assert (
        "endereco"
        not in FormPage.objects.get(
            slug="reclamacao", locale__language_code="pt-br"
        ).definition.fields
    )

    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    assert "form updated: /reclamacao/" in out.getvalue()
    fields = FormPage.objects.get(
        slug="reclamacao", locale__language_code="pt-br"
    ).definition.fields
    assert fields["endereco"].block.type_name == "address"
    assert "municipio" not in fields
