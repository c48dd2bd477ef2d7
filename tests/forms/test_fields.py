"""The Brazilian form fields: canonical values, messages, widget hints, hostile input."""

from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.fields import (
    CEPField,
    CNPJField,
    CPFField,
    MoneyField,
    MunicipalityField,
    PhoneField,
    SupplierField,
)
from forms.reference import Municipality
from supplier_enrolment.models import Supplier

hostile_text = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
    st.text(alphabet="\x00\x01\x1b\x7f\u200b\u202e\ufeff\r\n\t 0123456789.-/()+,R$", max_size=40),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE supplier_enrolment_supplier; --",
            "' OR '1'='1",
            "%(count)s %s {0}",
            "\x00",
            "1" * 100_000,
            "١٢٣٤٥٦٧٨٩٠٩",
            "\uff11\uff12\uff13.\uff14\uff15\uff16.\uff17\uff18\uff19-\uff10\uff19"  # full-width,
            "NaN",
            "1e309",
            "R$ ∞",
        ]
    ),
)


def check_clean(field, value, canonical_type):
    try:
        result = field.clean(value)
    except ValidationError as error:
        assert error.messages
        return
    assert result is None or isinstance(result, canonical_type)


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        (CPFField(), "12345678909", "123.456.789-09"),
        (CNPJField(), "12abc34501de35", "12.ABC.345/01DE-35"),
        (CEPField(), "78005000", "78005-000"),
        (PhoneField(), "+55 65 99999 9999", "(65) 99999-9999"),
        (PhoneField(), "6536130000", "(65) 3613-0000"),
        (MoneyField(), "R$ 1.234,56", Decimal("1234.56")),
    ],
)
def test_fields_clean_to_canonical_values(field, typed, expected):
    assert field.clean(typed) == expected


@pytest.mark.parametrize("field_class", [CPFField, CNPJField, CEPField, PhoneField])
def test_optional_text_fields_clean_empty_to_empty_string(field_class):
    assert field_class(required=False).clean("  ") == ""


def test_optional_money_cleans_empty_to_none():
    assert MoneyField(required=False).clean("") is None
    assert MoneyField(required=False).clean("   ") is None


def test_messages_in_portuguese():
    with translation.override("pt-br"):
        with pytest.raises(ValidationError) as error:
            CPFField().clean("123.456.789")
        assert error.value.messages == [
            "Um CPF tem 11 dígitos, por exemplo 123.456.789-09; você digitou 9."
        ]
        with pytest.raises(ValidationError) as error:
            CPFField().clean("123.456.789-00")
        assert "dígitos verificadores" in error.value.messages[0]
        with pytest.raises(ValidationError) as error:
            PhoneField().clean("(20) 99999-9999")
        assert error.value.messages == ["20 não é um DDD brasileiro."]
        with pytest.raises(ValidationError) as error:
            MoneyField().clean("12,345")
        assert "centavos" in error.value.messages[0]


def test_field_messages_can_be_replaced_per_code():
    field = CPFField(error_messages={"length": "CPF do representante: %(count)d dígitos."})
    with pytest.raises(ValidationError) as error:
        field.clean("123")
    assert error.value.messages == ["CPF do representante: 3 dígitos."]


def test_money_limits():
    field = MoneyField(min_value=Decimal("0.01"), max_value=Decimal("1000"))
    with pytest.raises(ValidationError) as error:
        field.clean("0")
    assert error.value.code == "min_value"
    with pytest.raises(ValidationError) as error:
        field.clean("1.000,01")
    assert error.value.code == "max_value"
    assert field.clean("1.000") == Decimal("1000.00")


def test_money_shows_a_decimal_the_brazilian_way():
    class AmountForm(forms.Form):
        amount = MoneyField()

    html = str(AmountForm(initial={"amount": Decimal("1234.5")})["amount"])
    assert 'value="1.234,50"' in html
    assert 'inputmode="decimal"' in html


def render(field):
    class OneFieldForm(forms.Form):
        value = field

    return str(OneFieldForm()["value"])


def test_widget_hints():
    cpf = render(CPFField())
    assert 'inputmode="numeric"' in cpf and 'spellcheck="false"' in cpf
    cep = render(CEPField())
    assert 'inputmode="numeric"' in cep and 'autocomplete="postal-code"' in cep
    phone = render(PhoneField())
    assert 'type="tel"' in phone
    assert 'inputmode="tel"' in phone and 'autocomplete="tel-national"' in phone
    assert "maxlength" not in cpf  # a pasted value is never cut short


def test_supplier_widget_works_without_script():
    html = render(SupplierField())
    assert 'type="text"' in html
    assert 'data-supplier-suggest="/fornecedores/sugestoes/"' in html

    class SupplierForm(forms.Form):
        supplier = SupplierField()

    assert "js/supplier-suggest.js" in str(SupplierForm().media)


@pytest.fixture
def municipalities(db):
    rows = [
        ("5103403", "Cuiabá", "MT", True),
        ("5100201", "Água Boa", "MT", True),
        ("5108402", "Várzea Grande", "MT", True),
        ("5101837", "Boa Esperança do Norte", "MT", False),
        ("5002704", "Campo Grande", "MS", True),
    ]
    for code, name, state, active in rows:
        Municipality.objects.create(ibge_code=code, name=name, state=state, active=active)


def test_municipality_field_offers_active_ones_of_the_state_by_name(municipalities):
    field = MunicipalityField(state="MT")
    labels = [label for _, label in field.choices]
    assert labels[1:] == ["Água Boa", "Cuiabá", "Várzea Grande"]
    assert field.clean("5103403") == Municipality.objects.get(name="Cuiabá")


@pytest.mark.parametrize("value", ["5002704", "5101837", "9999999", "abc", "1 OR 1=1", "\x00"])
def test_municipality_field_refuses_others(municipalities, value):
    with pytest.raises(ValidationError) as error:
        MunicipalityField(state="MT").clean(value)
    assert error.value.code == "invalid_choice"


def test_municipality_field_defaults_to_the_agency_state(municipalities, site):
    assert MunicipalityField().state == "MT"


@pytest.fixture
def suppliers(db):
    Supplier.objects.create(
        cnpj="48273615000118",
        legal_name="Telefonia Pantanal Comunicações S.A.",
        trade_name="Pantanal Telecom",
        enrolled=True,
    )
    Supplier.objects.create(cnpj="59031847000186", legal_name="Supermercados Chapada Ltda.")


def test_supplier_field_by_cnpj(suppliers):
    pantanal = Supplier.objects.get(cnpj="48273615000118")
    field = SupplierField()
    assert field.clean("48.273.615/0001-18") == {
        "supplier_id": pantanal.pk,
        "name": "Pantanal Telecom",
        "cnpj": "48273615000118",
    }
    assert field.clean("12.abc.345/01de-35") == {
        "supplier_id": None,
        "name": "",
        "cnpj": "12ABC34501DE35",
    }


def test_supplier_field_by_name(suppliers):
    chapada = Supplier.objects.get(cnpj="59031847000186")
    field = SupplierField()
    assert field.clean("  supermercados   CHAPADA ltda. ")["supplier_id"] == chapada.pk
    assert field.clean("TELEFONIA PANTANAL COMUNICACOES S.A.")["cnpj"] == "48273615000118"
    assert field.clean("Loja do Zé") == {"supplier_id": None, "name": "Loja do Zé", "cnpj": ""}
    # A partial name is not a match: staff decide which company it is.
    assert field.clean("Pantanal")["supplier_id"] is None


def test_supplier_field_same_name_twice_is_not_guessed(suppliers):
    Supplier.objects.create(
        cnpj="37190426000165", legal_name="Outra", trade_name="Pantanal Telecom"
    )
    assert SupplierField().clean("Pantanal Telecom")["supplier_id"] is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("48.273.615/0001-19", "check_digits"),
        ("48273615", "length"),
        ("x", "too_short"),
        ("Loja\x00", "invalid_characters"),
        ("L" * 201, "too_long"),
    ],
)
def test_supplier_field_errors(suppliers, typed, code):
    with pytest.raises(ValidationError) as error:
        SupplierField().clean(typed)
    assert error.value.code == code


def test_supplier_field_optional(db):
    assert SupplierField(required=False).clean("") is None


@given(hostile_text)
def test_text_fields_never_fail_otherwise(value):
    for field in (CPFField(), CNPJField(), CEPField(), PhoneField()):
        check_clean(field, value, str)
    check_clean(MoneyField(), value, Decimal)


@pytest.mark.django_db
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
@given(hostile_text)
def test_database_fields_never_fail_otherwise(municipalities, suppliers, value):
    check_clean(MunicipalityField(state="MT"), value, Municipality)
    check_clean(SupplierField(), value, dict)


@given(hostile_text)
def test_canonical_values_are_stable(value):
    """Cleaning a cleaned value gives it back unchanged."""
    for field in (CPFField(), CNPJField(), CEPField(), PhoneField(), MoneyField()):
        try:
            first = field.clean(value)
        except ValidationError:
            continue
        again = field.clean(field.prepare_value(first))
        assert again == first


def test_municipality_field_accepts_an_instance(municipalities):
    cuiaba = Municipality.objects.get(ibge_code="5103403")
    assert MunicipalityField(state="MT").clean(cuiaba) == cuiaba


@pytest.mark.django_db
def test_the_supplier_field_finds_companies_through_the_registry_hook(monkeypatch):
    """The form builder knows no supplier registry: the app that keeps one answers
    the `forms_resolve_supplier` hook (supplier_enrolment here)."""
    from django.core.exceptions import ImproperlyConfigured

    from forms import fields

    supplier = Supplier.objects.create(legal_name="Loja Exemplo Ltda", cnpj="11222333000181")
    assert fields.SupplierField().clean("11.222.333/0001-81")["supplier_id"] == supplier.pk
    monkeypatch.setattr(fields.hooks, "get_hooks", lambda name: [])
    with pytest.raises(ImproperlyConfigured):
        fields.SupplierField().clean("Loja Exemplo")
