"""Django form fields for Brazilian data, used by the form builder's blocks.

Each field cleans to the canonical value (see the class docstrings), explains
a mistake in words a citizen understands, and gives phone keyboards the right
hints through HTML attributes. None of them needs JavaScript.

Error messages can be replaced per field through `error_messages`, keyed by
the codes raised in `forms.brazil` (e.g. "length", "check_digits").
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import brazil
from .reference import Municipality, default_state

IBGE_CODE = re.compile(r"[0-9]{7}")


def _reraise(field, error):
    """Raise `error` again, with the field's own message for its code if it has one."""
    if error.code in field.error_messages:
        raise ValidationError(
            field.error_messages[error.code], code=error.code, params=error.params
        ) from None
    raise error


class _BrazilianCharField(forms.CharField):
    """A text input whose value is parsed by `canonical` (a `forms.brazil` function)."""

    input_attrs = {}

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        super().__init__(**kwargs)

    def canonical(self, text):
        raise NotImplementedError

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"spellcheck": "false", "autocapitalize": "off", **self.input_attrs})
        return attrs

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return self.empty_value
        try:
            return self.canonical(value)
        except ValidationError as error:
            _reraise(self, error)


class CPFField(_BrazilianCharField):
    """A CPF; cleans to "123.456.789-09"."""

    input_attrs = {"inputmode": "numeric", "autocomplete": "off"}

    def canonical(self, text):
        return brazil.format_cpf(brazil.clean_cpf(text))


class CNPJField(_BrazilianCharField):
    """A CNPJ, numeric or alphanumeric; cleans to "12.ABC.345/01DE-35".
    (No numeric keyboard: alphanumeric CNPJs have letters.)"""

    input_attrs = {"autocomplete": "off", "autocapitalize": "characters"}

    def canonical(self, text):
        return brazil.format_cnpj(brazil.clean_cnpj(text))


class CEPField(_BrazilianCharField):
    """A CEP; cleans to "78005-000"."""

    input_attrs = {"inputmode": "numeric", "autocomplete": "postal-code"}

    def canonical(self, text):
        return brazil.clean_cep(text)


class PhoneField(_BrazilianCharField):
    """A Brazilian phone number with its area code; cleans to "(65) 99999-9999"
    or "(65) 3613-0000"."""

    widget = forms.TextInput(attrs={"type": "tel"})
    input_attrs = {"inputmode": "tel", "autocomplete": "tel-national"}

    def canonical(self, text):
        return brazil.format_phone(brazil.parse_phone(text))


class MoneyField(forms.Field):
    """An amount in reais typed the Brazilian way ("1.234,56"); cleans to a
    Decimal with 2 places, or None when empty and not required."""

    widget = forms.TextInput
    default_error_messages = {
        "min_value": _("The amount must be at least %(limit)s."),
        "max_value": _("The amount must be at most %(limit)s."),
    }

    def __init__(self, *, min_value=Decimal("0.00"), max_value=brazil.MAX_MONEY, **kwargs):
        self.min_value, self.max_value = min_value, max_value
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "spellcheck": "false", "autocomplete": "off"})
        return attrs

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return brazil.format_money(value, currency=False)
        return value

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            amount = brazil.parse_money(value)
        except ValidationError as error:
            _reraise(self, error)
        for code, limit, out_of_range in (
            ("min_value", self.min_value, lambda a, lim: a < lim),
            ("max_value", self.max_value, lambda a, lim: a > lim),
        ):
            if limit is not None and out_of_range(amount, limit):
                raise ValidationError(
                    self.error_messages[code],
                    code=code,
                    params={"limit": brazil.format_money(limit)},
                )
        return amount


def _attributes(attrs):
    """Django's widgets/attrs.html, in Python."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(" " + conditional_escape(name))
        if value is not True:
            out.append('="' + conditional_escape(str(value)) + '"')
    return "".join(out)


class OptionsSelect(forms.Select):
    """Django's Select, writing exactly the HTML its templates write, in Python.

    The templates render each option through two includes; for a list as long
    as the municipalities of a state (141 in MT) that cost more than the rest
    of the step page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                out.append(format_html('\n  <option value="{}"', str(option["value"])))
                out.append(_attributes(option["attrs"]))
                out.append(format_html(">{}</option>\n", option["label"]))
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))  # noqa: S308 - every part escaped above


class LooksUpOnce:
    """For fields whose cleaning looks the value up in the database: a step
    cleans each field twice (once for the conditions of later fields, once to
    validate), and the review cleans every step again. The same field object
    looks the same value up once (refusals are not kept)."""

    def looked_up(self, value, lookup):
        if not isinstance(value, str):
            return lookup(value)
        found = self.__dict__.setdefault("_looked_up", {})
        if value not in found:
            found[value] = lookup(value)
        return found[value]

    def __deepcopy__(self, memo):
        copied = super().__deepcopy__(memo)
        copied.__dict__.pop("_looked_up", None)
        return copied


class MunicipalityField(LooksUpOnce, forms.ModelChoiceField):
    """A select of the active municipalities of a UF (default: the state in
    the agency settings), ordered by name ignoring accents; the option values
    are IBGE codes, so a saved draft survives a database reload. Cleans to a
    `Municipality`."""

    widget = OptionsSelect
    default_error_messages = {
        "invalid_choice": _("Choose a municipality from the list."),
    }

    def __init__(self, state=None, **kwargs):
        self.state = state or default_state()
        kwargs.setdefault("empty_label", _("Choose a municipality"))
        kwargs.setdefault("to_field_name", "ibge_code")
        queryset = Municipality.objects.active().in_state(self.state).order_by("sort_name")
        super().__init__(queryset=queryset, **kwargs)

    def label_from_instance(self, obj):
        return obj.name

    def to_python(self, value):
        # Anything but an IBGE code is refused before it reaches the database.
        if (
            self.to_field_name == "ibge_code"
            and isinstance(value, str)
            and value.strip()
            and not IBGE_CODE.fullmatch(value.strip())
        ):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return self.looked_up(value, super().to_python)


class SupplierInput(forms.TextInput):
    """A plain text input; supplier-suggest.js adds a list of enrolled
    suppliers as the citizen types, when JavaScript runs."""

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "data-supplier-suggest": reverse_lazy("supplier_suggestions"),
        }
        super().__init__({**defaults, **(attrs or {})})

    @property
    def media(self):
        return forms.Media(js=[forms.Script("js/supplier-suggest.js", defer=True)])


class SupplierField(LooksUpOnce, forms.CharField):
    """A company, typed as its name or its CNPJ. Cleans to
    {"supplier_id": int | None, "name": str, "cnpj": str} (see
    `supplier_enrolment.lookup.resolve_supplier`), or None when empty and
    not required."""

    widget = SupplierInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        super().__init__(**kwargs)

    def to_python(self, value):
        from supplier_enrolment.lookup import resolve_supplier

        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return self.looked_up(value, resolve_supplier)
        except ValidationError as error:
            _reraise(self, error)


class Normalized(BaseChoiceIterator):
    """Choices already in Django's canonical form ((value, label) pairs, groups
    as (label, pairs)), which Django then takes as they are. Otherwise every
    new field normalises them again, one call per option: 0.23 ms a field for
    the demo's 56 problems (0.007 ms this way), growing with the list."""

    def __init__(self, choices):
        self.choices = tuple(choices)

    def __iter__(self):
        return iter(self.choices)

    def __len__(self):
        return len(self.choices)


class ProblemField(forms.ChoiceField):
    """The consumer's problem, picked from the topic taxonomy (topic > subject > problem).

    One select whose options are the problems, grouped by "Topic — Subject": it works
    without JavaScript and a phone shows the groups in its native picker. Option
    values are slug paths ("telecomunicacoes/telefonia-movel/cobranca-indevida"),
    stable across databases. Cleans to a dict with the names and slugs of the three
    levels, or None when empty and not required.
    """

    widget = OptionsSelect
    default_error_messages = {
        "invalid_choice": _("Choose a problem from the list."),
    }

    def __init__(self, topic=None, **kwargs):
        self.by_value, groups = problem_taxonomy(topic.pk if topic is not None else None)
        choices = Normalized((("", _("Choose the problem")), *groups))
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return dict(self.by_value[value]) if value else None


# The taxonomy as ProblemField shows it, per topic, built once per page-cache
# generation: a topic, subject or problem saved or deleted purges the page cache
# (services/apps.py), so a change shows at once. Read on every request of the
# step with the problem, the review and the submit.
_taxonomy = {"generation": None, "topics": {}}


def problem_taxonomy(topic_id=None):
    """({value: names and slugs}, ((group label, ((value, problem name), ...)), ...))."""
    from home import page_cache
    from services.models import Problem

    generation = page_cache.generation()
    if _taxonomy["generation"] != generation:
        _taxonomy.update(generation=generation, topics={})
    kept = _taxonomy["topics"].get(topic_id)
    if kept is not None:
        return kept
    problems = Problem.objects.select_related("subject__topic").order_by(
        "subject__topic__sort_order",
        "subject__topic__name",
        "subject__sort_order",
        "subject__name",
        "sort_order",
        "name",
    )
    if topic_id is not None:
        problems = problems.filter(subject__topic_id=topic_id)
    by_value, groups = {}, {}
    for problem in problems:
        subject, area = problem.subject, problem.subject.topic
        value = f"{area.slug}/{subject.slug}/{problem.slug}"
        by_value[value] = {
            "topic": area.name,
            "topic_slug": area.slug,
            "subject": subject.name,
            "subject_slug": subject.slug,
            "problem": problem.name,
            "problem_slug": problem.slug,
        }
        groups.setdefault(f"{area.name} — {subject.name}", []).append((value, problem.name))
    kept = (by_value, tuple((label, tuple(options)) for label, options in groups.items()))
    _taxonomy["topics"][topic_id] = kept
    return kept
