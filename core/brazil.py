"""Brazilian identifiers, phone numbers and money: parse, validate, format.

Plain functions with no models, shared by the form fields (`forms.fields`),
the supplier registry and anything that displays stored answers.

Two kinds of function live here:

- ``clean_*`` / ``parse_*`` take what a person typed and either return the
  canonical value or raise ``ValidationError`` with a specific code and a
  message that tells the person what to fix;
- ``format_*`` turn a stored value into its display form and never raise, so a
  page showing old or odd data cannot break.

Only ASCII digits count as digits: ``str.isdigit`` also accepts Arabic-Indic
and other Unicode digits, which no Brazilian document uses.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from localflavor.br.validators import BRCNPJValidator, BRCPFValidator, BRPostalCodeValidator

# Longer input is refused before any parsing, so hostile megabyte strings cost nothing.
MAX_INPUT_LENGTH = 60

NBSP = "\u00a0"
# Every kind of space a browser, a spreadsheet or a copied PDF may put in a number.
_SPACES = re.compile(r"[\s\u00a0\u2007\u202f]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def only_digits(value):
    """The ASCII digits of `value`, in order ("123.456-7" -> "1234567")."""
    return _NOT_DIGIT.sub("", str(value or ""))


def fold(value):
    """`value` without accents or control characters, case-folded, with single
    spaces: for matching and ordering names ("  São  JOSÉ " -> "sao jose")."""
    decomposed = unicodedata.normalize("NFKD", str(value or ""))
    # Marks go (accents); so do control and format characters, which no name
    # needs and PostgreSQL refuses (NUL) in a query.
    kept = "".join(
        c if unicodedata.category(c)[0] != "C" else " "
        for c in decomposed
        if not unicodedata.combining(c)
    )
    return " ".join(kept.casefold().split())


def _check_input(value, allowed):
    """Shared first checks: not too long, only `allowed` characters."""
    text = _SPACES.sub(" ", str(value or "")).strip()
    if len(text) > MAX_INPUT_LENGTH:
        raise ValidationError(_("This is too long."), code="too_long")
    if not allowed.fullmatch(text):
        raise ValidationError(
            _("Use only digits and the usual punctuation (dots, dashes, slashes)."),
            code="invalid_characters",
        )
    return text


# --- CPF -------------------------------------------------------------------

_CPF_CHARS = re.compile(r"[0-9.\- ]*")


def clean_cpf(value):
    """Validate a typed CPF; return its 11 digits or raise ValidationError."""
    text = _check_input(value, _CPF_CHARS)
    digits = only_digits(text)
    if len(digits) != 11:
        raise ValidationError(
            _("A CPF has 11 digits, e.g. 123.456.789-09; you typed %(count)d."),
            code="length",
            params={"count": len(digits)},
        )
    if len(set(digits)) == 1:
        # 111.111.111-11 and friends pass the check-digit rule but are not CPFs.
        raise ValidationError(_("This is not a valid CPF."), code="invalid")
    try:
        BRCPFValidator()(digits)
    except ValidationError:
        raise ValidationError(
            _("This CPF's check digits do not match: check it for a typing mistake."),
            "check_digits",
        ) from None
    return digits


def format_cpf(value):
    """`12345678909` -> `123.456.789-09`; anything else is returned as it was."""
    digits = only_digits(value)
    if len(digits) != 11:
        return str(value or "")
    return f"{digits[:3]}.{digits[3:6]}.{digits[6:9]}-{digits[9:]}"


# --- CNPJ (numeric and, from 2026, alphanumeric) -----------------------------

_CNPJ_CHARS = re.compile(r"[0-9A-Za-z./\- ]*")


def normalise_cnpj(value):
    """A CNPJ as stored: uppercase letters and digits only, no punctuation
    ("12.abc.345/01de-35" -> "12ABC34501DE35"). Does not validate."""
    return _NOT_ALNUM.sub("", str(value or "").upper())


def clean_cnpj(value):
    """Validate a typed CNPJ; return its 14 normalised characters or raise
    ValidationError. Accepts the alphanumeric CNPJ (letters in the first 12
    positions, check digits always numeric)."""
    text = _check_input(value, _CNPJ_CHARS)
    cnpj = normalise_cnpj(text)
    if len(cnpj) != 14:
        raise ValidationError(
            _("A CNPJ has 14 characters, e.g. 11.222.333/0001-81; you typed %(count)d."),
            code="length",
            params={"count": len(cnpj)},
        )
    if not cnpj[12:].isdigit():
        raise ValidationError(_("A CNPJ ends in two digits."), code="invalid")
    if len(set(cnpj)) == 1:
        # 00.000.000/0000-00 and friends pass the check-digit rule but are not CNPJs.
        raise ValidationError(_("This is not a valid CNPJ."), code="invalid")
    try:
        BRCNPJValidator()(cnpj)
    except ValidationError:
        raise ValidationError(
            _("This CNPJ's check digits do not match: check it for a typing mistake."),
            "check_digits",
        ) from None
    return cnpj


def format_cnpj(value):
    """`12ABC34501DE35` -> `12.ABC.345/01DE-35`; anything else is returned as it was."""
    cnpj = normalise_cnpj(value)
    if len(cnpj) != 14:
        return str(value or "")
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"


# --- CEP --------------------------------------------------------------------

_CEP_CHARS = re.compile(r"[0-9.\- ]*")


def clean_cep(value):
    """Validate a typed CEP; return it as `78005-000` or raise ValidationError."""
    text = _check_input(value, _CEP_CHARS)
    digits = only_digits(text)
    if len(digits) != 8:
        raise ValidationError(
            _("A CEP has 8 digits, e.g. 78005-000; you typed %(count)d."),
            code="length",
            params={"count": len(digits)},
        )
    if digits == "00000000":
        raise ValidationError(_("00000-000 is not a CEP."), code="invalid")
    formatted = format_cep(digits)
    BRPostalCodeValidator()(formatted)
    return formatted


def format_cep(value):
    """`78005000` -> `78005-000`; anything else is returned as it was."""
    digits = only_digits(value)
    if len(digits) != 8:
        return str(value or "")
    return f"{digits[:5]}-{digits[5:]}"


# --- Phone ------------------------------------------------------------------

# Area codes (DDD) in use, from ANATEL's national numbering plan.
AREA_CODES = frozenset(
    {
        *range(11, 20),
        21, 22, 24, 27, 28,
        31, 32, 33, 34, 35, 37, 38,
        41, 42, 43, 44, 45, 46, 47, 48, 49,
        51, 53, 54, 55,
        61, 62, 63, 64, 65, 66, 67, 68, 69,
        71, 73, 74, 75, 77, 79,
        *range(81, 90),
        *range(91, 100),
    }
)  # fmt: skip

_PHONE_CHARS = re.compile(r"\+?[0-9.()\- ]*")


def parse_phone(value):
    """Validate a typed Brazilian phone number; return the national digits
    (DDD + number: 10 for a landline, 11 for a mobile) or raise ValidationError.

    Accepts +55 or 55 in front, a trunk 0 before the DDD, spaces, dots, dashes
    and parentheses: "+55 (65) 99999-9999" -> "65999999999".
    """
    text = _check_input(value, _PHONE_CHARS)
    digits = only_digits(text)
    if text.startswith("+"):
        if not digits.startswith("55"):
            raise ValidationError(_("Enter a Brazilian phone number (+55)."), code="foreign")
        digits = digits[2:]
    elif len(digits) in (12, 13) and digits.startswith("55"):
        digits = digits[2:]
    if len(digits) in (11, 12) and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) not in (10, 11):
        raise ValidationError(
            _("Enter the area code (DDD) and the number, e.g. (65) 99999-9999."), code="length"
        )
    if int(digits[:2]) not in AREA_CODES:
        raise ValidationError(
            _("%(ddd)s is not a Brazilian area code (DDD)."),
            code="area_code",
            params={"ddd": digits[:2]},
        )
    number = digits[2:]
    if len(number) == 9 and number[0] != "9":
        raise ValidationError(_("A mobile number has 9 digits and starts with 9."), code="mobile")
    if len(number) == 8 and number[0] not in "2345":
        raise ValidationError(
            _("A landline number has 8 digits and starts with 2, 3, 4 or 5; "
              "a mobile number has 9 digits and starts with 9."),
            "landline",
        )  # fmt: skip
    return digits


def format_phone(value):
    """`65999999999` -> `(65) 99999-9999`, `6536130000` -> `(65) 3613-0000`;
    anything else is returned as it was."""
    digits = only_digits(value)
    if len(digits) not in (10, 11):
        return str(value or "")
    return f"({digits[:2]}) {digits[2:-4]}-{digits[-4:]}"


# --- Money ------------------------------------------------------------------

MAX_MONEY = Decimal("100000000.00")  # R$ 100 million: above it, it is a typing mistake
CENT = Decimal("0.01")

_MONEY_FORMS = [
    re.compile(r"(?P<int>[0-9]+)(?:,(?P<dec>[0-9]+))?"),  # 1234 / 1234,56
    re.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+)(?:,(?P<dec>[0-9]+))?"),  # 1.234,56
    # A lone dot before one or two digits is a decimal point: phone keyboards
    # in other locales offer only "." for decimals.
    re.compile(r"(?P<int>[0-9]+)\.(?P<dec>[0-9]{1,2})"),  # 1234.56
]
_CURRENCY = re.compile(r"^r\$\s*", re.IGNORECASE)


def parse_money(value):
    """Parse an amount typed the Brazilian way into a Decimal with 2 places.

    Accepts "1.234,56", "R$ 1.234,56", "1234,5", "1234" (and "1234.56").
    Raises ValidationError for negative amounts, more than 2 decimal places,
    amounts above MAX_MONEY and anything that is not a number.
    """
    text = _SPACES.sub(" ", str(value or "")).strip()
    if len(text) > MAX_INPUT_LENGTH:
        raise ValidationError(_("This is too long for an amount."), code="too_long")
    text = _CURRENCY.sub("", text).replace(" ", "")
    if text.startswith("-"):
        raise ValidationError(_("The amount cannot be negative."), code="negative")
    for pattern in _MONEY_FORMS:
        match = pattern.fullmatch(text)
        if match:
            break
    else:
        raise ValidationError(_("Enter an amount in reais, e.g. 1.234,56."), code="invalid")
    decimals = match["dec"] or ""
    if len(decimals) > 2:
        raise ValidationError(
            _("Use at most two digits after the comma (cents), e.g. 12,34."), code="decimal_places"
        )
    try:
        amount = Decimal(f"{match['int'].replace('.', '')}.{decimals or '0'}")
    except InvalidOperation:  # pragma: no cover - the patterns only let digits through
        raise ValidationError(
            _("Enter an amount in reais, e.g. 1.234,56."), code="invalid"
        ) from None
    if amount > MAX_MONEY:
        raise ValidationError(
            _("The amount is too high: at most R$ 100.000.000,00."), code="max_value"
        )
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value, currency=True):
    """Decimal("1234.5") -> "R$ 1.234,50" (a non-breaking space after R$, so
    the symbol never wraps away from the number). With currency=False:
    "1.234,50", what a money input shows. None or non-numbers -> ""."""
    try:
        amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return ""
    if not amount.is_finite():
        return ""
    sign = "-" if amount < 0 else ""
    whole, cents = f"{abs(amount):.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    number = f"{sign}{grouped},{cents}"
    return f"R${NBSP}{number}" if currency else number


# --- CEP ranges by UF -------------------------------------------------------------

# The first five digits of the CEPs of each UF, inclusive ranges. Source: Correios,
# "Faixas de CEP por UF" (the table behind the Correios' "Busca Faixa de CEP",
# reproduced in the pt.wikipedia article "Código de Endereçamento Postal"). AM, DF,
# GO and RO have two ranges each; 00000 to 00999 belongs to no UF.
CEP_RANGES = {
    "AC": ((69900, 69999),),
    "AL": ((57000, 57999),),
    "AM": ((69000, 69299), (69400, 69899)),
    "AP": ((68900, 68999),),
    "BA": ((40000, 48999),),
    "CE": ((60000, 63999),),
    "DF": ((70000, 72799), (73000, 73699)),
    "ES": ((29000, 29999),),
    "GO": ((72800, 72999), (73700, 76799)),
    "MA": ((65000, 65999),),
    "MG": ((30000, 39999),),
    "MS": ((79000, 79999),),
    "MT": ((78000, 78899),),
    "PA": ((66000, 68899),),
    "PB": ((58000, 58999),),
    "PE": ((50000, 56999),),
    "PI": ((64000, 64999),),
    "PR": ((80000, 87999),),
    "RJ": ((20000, 28999),),
    "RN": ((59000, 59999),),
    "RO": ((76800, 76999), (78900, 78999)),
    "RR": ((69300, 69399),),
    "RS": ((90000, 99999),),
    "SC": ((88000, 89999),),
    "SE": ((49000, 49999),),
    "SP": ((1000, 19999),),
    "TO": ((77000, 77999),),
}


def cep_state(cep):
    """The UF a CEP belongs to ("78005-000" -> "MT"), or None when no UF has it."""
    digits = only_digits(cep)
    if len(digits) != 8:
        return None
    prefix = int(digits[:5])
    for state, ranges in CEP_RANGES.items():
        if any(low <= prefix <= high for low, high in ranges):
            return state
    return None


def check_cep_state(cep, state):
    """Raise ValidationError (code "cep_state") when the CEP is not of `state`."""
    belongs_to = cep_state(cep)
    if belongs_to is None:
        raise ValidationError(
            _("The CEP %(cep)s does not belong to any state: check it for a typing mistake."),
            code="cep_unknown",
            params={"cep": format_cep(cep)},
        )
    if state and belongs_to != state:
        raise ValidationError(
            _("The CEP %(cep)s is in %(cep_state)s, but the state chosen is %(state)s."),
            code="cep_state",
            params={"cep": format_cep(cep), "cep_state": belongs_to, "state": state},
        )


# --- Postal addresses ---------------------------------------------------------------


def format_address(address, *, one_line=False):
    """A stored address (the address field's dict) as Brazilian post writes it:

        Rua das Flores, 123, apto 4
        Centro
        Cuiabá/MT
        78005-000

    or, with one_line, "Rua das Flores, 123, apto 4 - Centro - Cuiabá/MT - CEP 78005-000".
    Never raises; missing parts are left out."""
    if not isinstance(address, dict):
        return str(address or "")
    street = ", ".join(
        str(address.get(part) or "").strip()
        for part in ("street", "number", "complement")
        if str(address.get(part) or "").strip()
    )
    municipality = address.get("municipality")
    name = municipality.get("name") if isinstance(municipality, dict) else municipality
    place = "/".join(
        part for part in (str(name or "").strip(), str(address.get("state") or "").strip()) if part
    )
    cep = format_cep(address.get("cep")) if address.get("cep") else ""
    district = str(address.get("district") or "").strip()
    if one_line:
        parts = [street, district, place, f"CEP {cep}" if cep else ""]
        return " - ".join(part for part in parts if part)
    return "\n".join(part for part in (street, district, place, cep) if part)
