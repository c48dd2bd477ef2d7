"""Finding registered suppliers from what a citizen typed.

Read by the form builder's supplier field and by the suggestions endpoint.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.brazil import clean_cnpj, fold, format_cnpj, normalise_cnpj, only_digits

from .models import Supplier

MAX_NAME_LENGTH = 200
SUGGESTION_LIMIT = 10
MIN_QUERY_LENGTH = 2

_CNPJ_SHAPE = re.compile(r"[0-9A-Za-z./\- ]+")
_FORMATTED_CNPJ = re.compile(
    r"[0-9A-Za-z]{2}\.[0-9A-Za-z]{3}\.[0-9A-Za-z]{3}/[0-9A-Za-z]{4}-[0-9]{2}"
)


def looks_like_cnpj(text):
    """True when `text` is meant as a CNPJ rather than a name: only CNPJ
    characters and either many digits, the formatted shape, or 14 characters
    with matching check digits (an alphanumeric CNPJ typed without punctuation)."""
    text = text.strip()
    if not _CNPJ_SHAPE.fullmatch(text):
        return False
    if len(only_digits(text)) >= 8 or _FORMATTED_CNPJ.fullmatch(text):
        return True
    if len(normalise_cnpj(text)) == 14:
        try:
            clean_cnpj(text)
        except ValidationError:
            return False
        return True
    return False


def clean_supplier_name(text):
    """A typed company name with single spaces; ValidationError when it is
    too short, too long or holds control or other invisible characters."""
    if any(unicodedata.category(c)[0] == "C" for c in text if c not in "\t\n\r"):
        raise ValidationError(
            _("Remove the special characters from the company's name."), code="invalid_characters"
        )
    name = " ".join(text.split())
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _("The company's name is too long: at most %(max)d characters."),
            code="too_long",
            params={"max": MAX_NAME_LENGTH},
        )
    if len(fold(name)) < 2:
        raise ValidationError(_("Enter the company's name or CNPJ."), code="too_short")
    return name


def resolve_supplier(text):
    """What a citizen typed in a supplier field, as
    {"supplier_id": int | None, "name": str, "cnpj": str}.

    - a valid CNPJ: the registered supplier with it, else an unregistered one
      with that CNPJ (name "");
    - text that looks like a CNPJ but is not valid: ValidationError;
    - a name: the one registered supplier whose legal or trade name matches
      exactly (ignoring case and accents); with none or several matches, the
      name as typed (staff pick the company when they triage the case).
    """
    if looks_like_cnpj(text):
        cnpj = clean_cnpj(text)
        supplier = Supplier.objects.filter(cnpj=cnpj).first()
        if supplier is None:
            return {"supplier_id": None, "name": "", "cnpj": cnpj}
        return _as_answer(supplier)
    name = clean_supplier_name(text)
    matches = list(Supplier.objects.named_exactly(name)[:2])
    if len(matches) == 1:
        return _as_answer(matches[0])
    return {"supplier_id": None, "name": name, "cnpj": ""}


def _as_answer(supplier):
    return {"supplier_id": supplier.pk, "name": supplier.display_name, "cnpj": supplier.cnpj}


def suggest_suppliers(query, limit=SUGGESTION_LIMIT):
    """Up to `limit` enrolled suppliers whose name contains `query` (ignoring
    case and accents) or whose CNPJ starts with it, as [{"name", "cnpj"}]
    with the CNPJ formatted. Queries shorter than 2 characters give []."""
    query = str(query or "")[:MAX_NAME_LENGTH]
    key = fold(query)
    if len(key) < MIN_QUERY_LENGTH:
        return []
    suppliers = Supplier.objects.enrolled().matching_name(query)
    cnpj_prefix = normalise_cnpj(query)
    if len(cnpj_prefix) >= MIN_QUERY_LENGTH and _CNPJ_SHAPE.fullmatch(query.strip()):
        suppliers = suppliers | Supplier.objects.enrolled().filter(cnpj__startswith=cnpj_prefix)
    rows = suppliers.by_display_name().values_list("legal_name", "trade_name", "cnpj")[:limit]
    return [
        {"name": trade_name or legal_name, "cnpj": format_cnpj(cnpj)}
        for legal_name, trade_name, cnpj in rows
    ]
