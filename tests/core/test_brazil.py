"""Parsing, validating and formatting Brazilian identifiers, phones and money."""

import contextlib
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from core import brazil


def cnpj_check_digits(base):
    """The official rule, written independently: each character's value is its
    ASCII code minus 48, weights 2..9 from the right, mod 11."""

    def digit(chars):
        values = [ord(c) - 48 for c in reversed(chars)]
        total = sum(v * w for v, w in zip(values, itertools.cycle(range(2, 10))))
        remainder = total % 11
        return "0" if remainder < 2 else str(11 - remainder)

    first = digit(base)
    return first + digit(base + first)


def cpf_check_digits(base):
    digits = [int(c) for c in base]
    for weight in (10, 11):
        total = sum(d * w for d, w in zip(digits, range(weight, 1, -1), strict=True))
        digits.append(0 if total % 11 < 2 else 11 - total % 11)
    return "".join(map(str, digits[-2:]))


def test_only_digits_ignores_unicode_digits():
    assert brazil.only_digits("12.3-4 \u0665") == "1234"
    assert brazil.only_digits(None) == ""


def test_fold():
    assert brazil.fold("  São  JOSÉ dos Quatro Marcos ") == "sao jose dos quatro marcos"


# --- CPF ---


@pytest.mark.parametrize("typed", ["123.456.789-09", "12345678909", " 123 456 789 09 "])
def test_valid_cpf(typed):
    assert brazil.clean_cpf(typed) == "12345678909"
    assert brazil.format_cpf(brazil.clean_cpf(typed)) == "123.456.789-09"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("111.111.111-11", "invalid"),
        ("000.000.000-00", "invalid"),
        ("123.456.789-00", "check_digits"),
        ("123.456.789", "length"),
        ("123.456.789-091", "length"),
        ("123.456.789/09", "invalid_characters"),
        ("123.456.789-0a", "invalid_characters"),
        ("١٢٣٤٥٦٧٨٩٠٩", "invalid_characters"),
        ("1" * 200, "too_long"),
    ],
)
def test_invalid_cpf(typed, code):
    with pytest.raises(ValidationError) as error:
        brazil.clean_cpf(typed)
    assert error.value.code == code


def test_cpf_check_digits_match_the_rule():
    assert cpf_check_digits("123456789") == "09"
    assert brazil.clean_cpf("529.982.247-" + cpf_check_digits("529982247")) == "52998224725"


def test_format_cpf_leaves_odd_values_alone():
    assert brazil.format_cpf("123") == "123"
    assert brazil.format_cpf(None) == ""


# --- CNPJ ---


def test_alphanumeric_cnpj_computed_by_the_official_rule():
    base = "12ABC34501DE"
    cnpj = base + cnpj_check_digits(base)
    assert cnpj == "12ABC34501DE35"  # the Receita Federal's published example
    assert brazil.clean_cnpj("12.abc.345/01de-35") == cnpj
    assert brazil.format_cnpj(cnpj) == "12.ABC.345/01DE-35"


@pytest.mark.parametrize(
    "typed", ["11.222.333/0001-81", "11222333000181", "11 222 333 0001 81", "7MT4K2P8000131"]
)
def test_valid_cnpj(typed):
    assert len(brazil.clean_cnpj(typed)) == 14


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("11.222.333/0001-82", "check_digits"),
        ("12.ABC.345/01DE-36", "check_digits"),
        ("00.000.000/0000-00", "invalid"),
        ("11.222.333/0001", "length"),
        ("12.ABC.345/01DE-3X", "invalid"),
        ("11.222.333/0001-81;", "invalid_characters"),
        ("ÁB.CDE.FGH/IJKL-12", "invalid_characters"),
    ],
)
def test_invalid_cnpj(typed, code):
    with pytest.raises(ValidationError) as error:
        brazil.clean_cnpj(typed)
    assert error.value.code == code


def test_normalise_cnpj():
    assert brazil.normalise_cnpj(" 12.abc.345/01de-35 ") == "12ABC34501DE35"


# --- CEP ---


@pytest.mark.parametrize("typed", ["78005-000", "78005000", "78.005-000", " 78005 000 "])
def test_valid_cep(typed):
    assert brazil.clean_cep(typed) == "78005-000"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("7800-500", "length"),
        ("780050000", "length"),
        ("00000-000", "invalid"),
        ("7800A-000", "invalid_characters"),
    ],
)
def test_invalid_cep(typed, code):
    with pytest.raises(ValidationError) as error:
        brazil.clean_cep(typed)
    assert error.value.code == code


# --- Phone ---


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("(65) 99999-9999", "(65) 99999-9999"),
        ("+55 65 99999-9999", "(65) 99999-9999"),
        ("+55 (65) 3613-0000", "(65) 3613-0000"),
        ("5565999999999", "(65) 99999-9999"),
        ("065 3613 0000", "(65) 3613-0000"),
        ("65.3613.0000", "(65) 3613-0000"),
        ("(11) 2345-6789", "(11) 2345-6789"),
        ("(55) 3222-1234", "(55) 3222-1234"),
    ],
)
def test_valid_phone(typed, expected):
    assert brazil.format_phone(brazil.parse_phone(typed)) == expected


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("(20) 99999-9999", "area_code"),
        ("(10) 3613-0000", "area_code"),
        ("(65) 89999-9999", "mobile"),
        ("(65) 9999-9999", "landline"),
        ("(65) 1613-0000", "landline"),
        ("99999-9999", "length"),
        ("+1 202 555 0100", "foreign"),
        ("(65) 99999-9999 ramal 2", "invalid_characters"),
    ],
)
def test_invalid_phone(typed, code):
    with pytest.raises(ValidationError) as error:
        brazil.parse_phone(typed)
    assert error.value.code == code


def test_area_codes_are_the_67_in_use():
    assert len(brazil.AREA_CODES) == 67
    assert {65, 66, 11, 99} <= brazil.AREA_CODES
    assert not {20, 23, 25, 26, 29, 30, 36, 39, 40, 50, 52, 56, 60, 70, 72, 76, 78, 80, 90} & (
        brazil.AREA_CODES
    )


# --- Money ---


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("R$ 1.234,56", "1234.56"),
        ("R$\u00a01.234,56", "1234.56"),
        ("r$1234,5", "1234.50"),
        ("1234,5", "1234.50"),
        ("1234", "1234.00"),
        ("0,01", "0.01"),
        ("0", "0.00"),
        ("1.234.567,89", "1234567.89"),
        ("1.234", "1234.00"),
        ("12.50", "12.50"),
        ("100.000.000,00", "100000000.00"),
    ],
)
def test_valid_money(typed, expected):
    assert brazil.parse_money(typed) == Decimal(expected)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12,345", "decimal_places"),
        ("-5", "negative"),
        ("R$ -5,00", "negative"),
        ("abc", "invalid"),
        ("1.23.456", "invalid"),
        ("1,234.56", "invalid"),
        ("1e5", "invalid"),
        ("NaN", "invalid"),
        ("Infinity", "invalid"),
        ("100.000.000,01", "max_value"),
        ("9" * 30, "max_value"),
        ("", "invalid"),
        ("9" * 100, "too_long"),
    ],
)
def test_invalid_money(typed, code):
    with pytest.raises(ValidationError) as error:
        brazil.parse_money(typed)
    assert error.value.code == code


def test_format_money():
    assert brazil.format_money(Decimal("1234.5")) == "R$\u00a01.234,50"
    assert brazil.format_money(Decimal("0.01")) == "R$\u00a00,01"
    assert brazil.format_money(Decimal("1234567.891"), currency=False) == "1.234.567,89"
    assert brazil.format_money(None) == ""
    assert brazil.format_money("not a number") == ""
    assert brazil.format_money(Decimal("NaN")) == ""


# --- Properties ---

cents = st.integers(min_value=0, max_value=int(brazil.MAX_MONEY * 100)).map(
    lambda n: Decimal(n) / 100
)


@given(cents)
def test_money_round_trip(amount):
    assert brazil.parse_money(brazil.format_money(amount)) == amount
    assert brazil.parse_money(brazil.format_money(amount, currency=False)) == amount


@given(st.from_regex(r"[0-9]{9}", fullmatch=True))
def test_cpf_round_trip(base):
    cpf = base + cpf_check_digits(base)
    if len(set(cpf)) == 1:
        return
    formatted = brazil.format_cpf(brazil.clean_cpf(cpf))
    assert brazil.format_cpf(brazil.clean_cpf(formatted)) == formatted


@given(st.from_regex(r"[0-9A-Z]{12}", fullmatch=True))
def test_cnpj_round_trip(base):
    cnpj = base + cnpj_check_digits(base)
    if len(set(cnpj)) == 1:
        return
    formatted = brazil.format_cnpj(brazil.clean_cnpj(cnpj))
    assert brazil.clean_cnpj(formatted) == cnpj
    assert brazil.clean_cnpj(formatted.lower()) == cnpj


@given(
    st.sampled_from(sorted(brazil.AREA_CODES)),
    st.one_of(
        st.from_regex(r"9[0-9]{8}", fullmatch=True), st.from_regex(r"[2-5][0-9]{7}", fullmatch=True)
    ),
)
def test_phone_round_trip(ddd, number):
    formatted = brazil.format_phone(brazil.parse_phone(f"{ddd}{number}"))
    assert brazil.format_phone(brazil.parse_phone(formatted)) == formatted
    assert brazil.format_phone(brazil.parse_phone("+55 " + formatted)) == formatted


@given(st.text(max_size=300))
def test_parsers_never_fail_otherwise(text):
    for parse in (
        brazil.clean_cpf,
        brazil.clean_cnpj,
        brazil.clean_cep,
        brazil.parse_phone,
        brazil.parse_money,
    ):
        with contextlib.suppress(ValidationError):
            parse(text)
    for fmt in (brazil.format_cpf, brazil.format_cnpj, brazil.format_cep, brazil.format_phone):
        assert isinstance(fmt(text), str)
