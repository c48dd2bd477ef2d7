"""Field types for Brazilian data: CPF, CNPJ, CEP, phone, amounts in reais,
municipalities and postal addresses (their Django fields are in `forms.fields`,
formats and validators in `core.brazil`)."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..conditions import token
from ..roles import Role
from .base import FieldBlock, number_input


class SimpleBrazilianBlock(FieldBlock):
    """A field whose cleaned value is already a canonical formatted string."""

    field_class_name = ""

    def make_field(self, value, context, **kwargs):
        from .. import fields

        return getattr(fields, self.field_class_name)(**kwargs)


class CPFBlock(SimpleBrazilianBlock):
    type_name = "cpf"
    field_class_name = "CPFField"

    class Meta:
        label = _("CPF")
        description = _("A CPF, checked by its digits.")
        icon = "user"


class CNPJBlock(SimpleBrazilianBlock):
    type_name = "cnpj"
    field_class_name = "CNPJField"

    class Meta:
        label = _("CNPJ")
        description = _("A CNPJ, checked by its digits (the alphanumeric CNPJ too).")
        icon = "group"


class CEPBlock(SimpleBrazilianBlock):
    type_name = "cep"
    field_class_name = "CEPField"

    class Meta:
        label = _("CEP")
        description = _("A CEP: 8 digits.")
        icon = "home"


class PhoneBlock(SimpleBrazilianBlock):
    type_name = "phone"
    field_class_name = "PhoneField"

    class Meta:
        label = _("Phone")
        description = _("A Brazilian phone number with its area code.")
        icon = "mobile-alt"


class MoneyBlock(SimpleBrazilianBlock):
    type_name = "money"
    field_class_name = "MoneyField"

    class Meta:
        label = _("Amount in R$")
        description = _("An amount in reais (R$).")
        icon = "tag"

    def to_storage(self, cleaned):
        return None if cleaned is None else format(cleaned, "f")

    def input_from_json(self, value):
        return number_input(self, value)

    @staticmethod
    def display(definition, stored):
        from core.brazil import format_money

        if stored in (None, ""):
            return ""
        try:
            return format_money(Decimal(stored))
        except InvalidOperation:
            return str(stored)


class MunicipalityBlock(FieldBlock):
    type_name = "municipality"
    required_message = _("Choose a municipality for “%(label)s”.")

    class Meta:
        label = _("Municipality")
        description = _("A municipality of the agency's state, chosen from a list.")
        icon = "site"

    def make_field(self, value, context, **kwargs):
        from ..fields import MunicipalityField

        return MunicipalityField(state=context.get("state") or "MT", **kwargs)

    def to_storage(self, cleaned):
        if not cleaned:
            return None
        return {"ibge_code": cleaned.ibge_code, "name": cleaned.name, "state": cleaned.state}

    @staticmethod
    def display(definition, stored):
        if not stored:
            return ""
        return f"{stored.get('name', '')}/{stored.get('state', '')}"

    @staticmethod
    def tokens(definition, stored):
        return {token(stored["name"])} if stored else set()


class AddressBlock(FieldBlock):
    """A postal address in one fieldset: CEP, street, number, complement,
    district, municipality and UF (see `fields.AddressField`). Stored as one
    dict; read as Brazilian post writes an address."""

    type_name = "address"
    field_template = "forms/blocks/address.html"

    class Meta:
        label = _("Postal address")
        description = _(
            "A postal address: CEP, street, number, complement, district, municipality and UF."
        )
        icon = "home"

    def make_field(self, value, context, **kwargs):
        from ..fields import AddressField

        return AddressField(state=context.get("state"), **kwargs)

    json_shape = "address"

    def input_from_json(self, value):
        from ..fields import ADDRESS_PART_NAMES

        if value is None:
            return []
        if not isinstance(value, dict) or not all(
            isinstance(value.get(part, ""), (str, type(None))) for part in ADDRESS_PART_NAMES
        ):
            raise ValueError(
                gettext("Send the address as an object with %(parts)s.")
                % {"parts": ", ".join(ADDRESS_PART_NAMES)}
            )
        return [value.get(part) or "" for part in ADDRESS_PART_NAMES]

    @staticmethod
    def display(definition, stored):
        from core.brazil import format_address

        return format_address(stored) if stored else ""

    @staticmethod
    def tokens(definition, stored):
        if not isinstance(stored, dict):
            return set()
        municipality = stored.get("municipality") or {}
        return {token(municipality.get("name", "")), token(stored.get("state", ""))} - {""}

    @staticmethod
    def role_answers(definition, stored):
        """What an address tagged as the consumer's also answers: their CEP
        and their municipality (as a municipality field stores it)."""
        if definition.get("role") != Role.CONSUMER_ADDRESS or not isinstance(stored, dict):
            return {}
        answers = {}
        if stored.get("cep"):
            answers[Role.CONSUMER_CEP] = stored["cep"]
        if isinstance(stored.get("municipality"), dict):
            answers[Role.CONSUMER_MUNICIPALITY] = stored["municipality"]
        return answers
