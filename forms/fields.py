"""Django form fields for Brazilian data, used by the form builder's blocks.

Each field cleans to the canonical value (see the class docstrings), explains
a mistake in words a citizen understands, and gives phone keyboards the right
hints through HTML attributes. None of them needs JavaScript.

Error messages can be replaced per field through `error_messages`, keyed by
the codes raised in `core.brazil` (e.g. "length", "check_digits").
"""

import re
import unicodedata
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.choices import BaseChoiceIterator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from localflavor.br.br_states import STATE_CHOICES
from wagtail import hooks

from core import brazil

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
    """A text input whose value is parsed by `canonical` (a `core.brazil` function)."""

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


def posted_texts(data, name, count):
    """The first `count` texts posted under `name` (a field of several inputs
    that share its name: the address, a date's boxes), or None when none was."""
    values = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return [str(value) for value in list(values)[:count]]


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

    `options_lang`: the language of the options and groups when it is not the
    page's (the taxonomy is Portuguese on the English and Spanish sites).
    """

    options_lang = ""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        out = [format_html('<select name="{}"', widget["name"]), _attributes(widget["attrs"]), ">"]
        lang = format_html(' lang="{}"', self.options_lang) if self.options_lang else ""
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                out.append(format_html('\n  <optgroup label="{}"{}>', group_name, lang))
            for option in options:
                out.append(format_html('\n  <option value="{}"', str(option["value"])))
                if option["value"] and not group_name:
                    out.append(lang)
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


SUPPLIER_LOOKUP_HOOK = "forms_resolve_supplier"


def resolve_supplier(text):
    """What a citizen typed in a supplier field, resolved by the app that keeps the
    supplier registry: the first function registered for the
    `forms_resolve_supplier` hook, `fn(text)` -> {"supplier_id": int | None,
    "name": str, "cnpj": str}, raising ValidationError for text it refuses."""
    for resolve in hooks.get_hooks(SUPPLIER_LOOKUP_HOOK):
        return resolve(text)
    raise ImproperlyConfigured(
        f"A supplier field needs a supplier registry: no {SUPPLIER_LOOKUP_HOOK} hook."
    )


class SupplierField(LooksUpOnce, forms.CharField):
    """A company, typed as its name or its CNPJ. Cleans to
    {"supplier_id": int | None, "name": str, "cnpj": str} (`resolve_supplier`),
    or None when empty and not required."""

    widget = SupplierInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", None)
        super().__init__(**kwargs)

    def to_python(self, value):
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
    new field normalises them again, one call per option, a cost that grows with
    the list (docs/performance.md has the measurement)."""

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
        if translation.get_language() != settings.LANGUAGE_CODE:
            self.widget.options_lang = "pt-BR"  # the taxonomy is written in Portuguese

    def clean(self, value):
        value = super().clean(value)
        return dict(self.by_value[value]) if value else None


# The taxonomy as ProblemField shows it, per topic, kept in Django's cache under
# the page cache's generation: a topic, subject or problem saved or deleted purges
# the page cache (services/apps.py), so a change shows at once. Read on every
# request of the step with the problem, the review and the submit.
TAXONOMY_SECONDS = 600


def problem_taxonomy(topic_id=None):
    """({value: names and slugs}, ((group label, ((value, problem name), ...)), ...))."""
    from django.core.cache import cache

    from home import page_cache
    from services.models import Problem

    key = f"problem-taxonomy:{topic_id}"
    version = page_cache.generation()
    kept = cache.get(key, version=version)
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
    cache.set(key, kept, TAXONOMY_SECONDS, version=version)
    return kept


# --- Postal address ------------------------------------------------------------------


class AddressPart:
    def __init__(self, name, label, *, autocomplete="", max_length=100, help_text="", **attrs):
        self.name, self.label, self.help_text = name, label, help_text
        self.max_length = max_length
        self.attrs = {"autocomplete": autocomplete, "maxlength": max_length, **attrs}
        if not autocomplete:
            del self.attrs["autocomplete"]


# In the order the inputs come in the page, which is also the order of the
# values the browser sends: every input has the field's own name, so a step
# stores the whole address under the field's key like any other answer.
ADDRESS_PARTS = (
    AddressPart(
        "cep",
        _("CEP"),
        autocomplete="postal-code",
        max_length=10,  # "78.005-000" is how some people write it
        inputmode="numeric",
        spellcheck="false",
        help_text=_("8 digits, e.g. 78005-000."),
    ),
    AddressPart(
        "street", _("Street (avenue, road…)"), autocomplete="address-line1", max_length=200
    ),
    AddressPart("number", _("Number"), max_length=20, help_text=_("Write S/N if there is none.")),
    AddressPart(
        "complement",
        _("Complement (optional)"),
        autocomplete="address-line2",
        help_text=_("Apartment, block, house, reference point."),
    ),
    AddressPart("district", _("District (bairro) (optional)"), autocomplete="address-level3"),
    AddressPart("municipality", _("Municipality"), autocomplete="address-level2"),
    AddressPart("state", _("State (UF)"), autocomplete="address-level1", max_length=2),
)
ADDRESS_PART_NAMES = tuple(part.name for part in ADDRESS_PARTS)
REQUIRED_PARTS = {
    "cep": _("Fill in the CEP."),
    "street": _("Fill in the street."),
    "number": _("Fill in the number, or write S/N if there is none."),
    "municipality": _("Fill in the municipality."),
    "state": _("Choose the state (UF)."),
}


def part_id(auto_id, part):
    """The id of a part's input: the CEP, which comes first, takes the field's
    own id, so links to the field (the review page's "Change") land on it."""
    return auto_id if part == "cep" else f"{auto_id}_{part}"


def _plain_text(value):
    """One line of what was typed: control characters (which PostgreSQL's JSON
    refuses, NUL above all) become spaces, runs of spaces one."""
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in str(value or ""))
    return " ".join(text.split())


class AddressWidget(forms.Widget):
    """The inputs of a postal address, one per part, all named after the field.

    The value is the list of the parts' texts in ADDRESS_PARTS order (what the
    browser sends), or the stored dict. The step template renders the parts
    one by one (`AddressField.parts`), each with its label, hint and errors,
    inside one fieldset; `render` gives the bare inputs for other uses.
    """

    def __init__(self, attrs=None, default_state=""):
        super().__init__(attrs)
        self.default_state = default_state

    def value_from_datadict(self, data, files, name):
        values = posted_texts(data, name, len(ADDRESS_PARTS))
        if values is None:
            return None
        return values + [""] * (len(ADDRESS_PARTS) - len(values))

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        """{part: text} to show in the inputs."""
        if isinstance(value, dict):  # a stored answer
            municipality = value.get("municipality")
            texts = {
                **value,
                "municipality": municipality.get("name", "")
                if isinstance(municipality, dict)
                else municipality,
            }
            return {part: str(texts.get(part) or "") for part in ADDRESS_PART_NAMES}
        if isinstance(value, (list, tuple)):
            return dict(zip(ADDRESS_PART_NAMES, (str(v) for v in value), strict=False))
        return {"state": self.default_state}

    def render_part(self, part, name, text, attrs):
        # Each part has its own autocomplete token: a role's token for the whole
        # field ("street-address") would ask the browser to fill every part with it.
        own = {key: value for key, value in self.attrs.items() if key != "autocomplete"}
        attrs = {**own, **part.attrs, **attrs}
        if part.name == "state":
            choices = [("", _("Choose"))] + list(STATE_CHOICES)
            attrs.pop("maxlength", None)
            options = [
                format_html(
                    '<option value="{}"{}>{}</option>',
                    value,
                    " selected" if value == text else "",
                    f"{value} - {label}" if value else label,
                )
                for value, label in choices
            ]
            return format_html(
                '<select name="{}"{}>{}</select>',
                name,
                mark_safe(_attributes(attrs)),  # noqa: S308 - escaped by _attributes
                mark_safe("".join(options)),  # noqa: S308 - each option escaped above
            )
        return format_html(
            '<input type="text" name="{}" value="{}"{}>',
            name,
            text,
            mark_safe(_attributes(attrs)),  # noqa: S308 - escaped by _attributes
        )

    def render(self, name, value, attrs=None, renderer=None):
        auto_id = (attrs or {}).get("id") or f"id_{name}"
        texts = self.format_value(value)
        return mark_safe(  # noqa: S308 - every part escaped by render_part
            "\n".join(
                self.render_part(
                    part, name, texts.get(part.name, ""), {"id": part_id(auto_id, part.name)}
                )
                for part in ADDRESS_PARTS
            )
        )

    @property
    def media(self):
        from .cep_lookup import lookup_enabled

        if not lookup_enabled():
            return forms.Media()
        return forms.Media(js=[forms.Script("js/address.js", defer=True)])


class AddressField(LooksUpOnce, forms.Field):
    """A Brazilian postal address: CEP, street, number, complement, district,
    municipality and UF. Cleans to

        {"cep": "78005-000", "street": ..., "number": ..., "complement": ...,
         "district": ..., "municipality": {"ibge_code", "name", "state"},
         "state": "MT"}

    or None when nothing was typed and the field is not required. The CEP must
    be of the UF chosen (`brazil.check_cep_state`) and the municipality one of
    that UF's (the municipalities table, or IBGE's list for a UF the table
    does not hold). Each error names the part it is about in its params
    ("part"), so it is shown next to that input and linked to it.
    """

    widget = AddressWidget

    def __init__(self, *, state=None, **kwargs):
        super().__init__(**kwargs)
        self.widget.default_state = state or default_state()

    def clean(self, value):
        texts = AddressWidget().format_value(value) if value is not None else {}
        texts = {part: _plain_text(texts.get(part)) for part in ADDRESS_PART_NAMES}
        if not any(texts[part] for part in ADDRESS_PART_NAMES if part != "state"):
            if self.required:
                raise ValidationError(
                    str(self.error_messages["required"]).replace("%", "%%"),
                    code="required",
                    params={"part": "cep"},
                )
            return None
        errors = []

        def refuse(part, message, code, params=None):
            errors.append(
                ValidationError(message, code=code, params={**(params or {}), "part": part})
            )

        for part in ADDRESS_PARTS:
            text = texts[part.name]
            if not text and part.name in REQUIRED_PARTS:
                refuse(part.name, REQUIRED_PARTS[part.name], "required")
            elif len(text) > part.max_length and part.name != "cep":
                refuse(
                    part.name,
                    _("This is too long: at most %(max)d characters."),
                    "too_long",
                    {"max": part.max_length},
                )
        state = texts["state"]
        if state and state not in brazil.CEP_RANGES:
            refuse("state", _("Choose a state (UF) from the list."), "invalid_state")
            state = ""
        cep = texts["cep"]
        if cep:
            try:
                cep = brazil.clean_cep(cep)
                brazil.check_cep_state(cep, state)
            except ValidationError as error:
                refuse("cep", error.message, error.code, error.params)
        municipality = None
        if (
            texts["municipality"]
            and state
            and not any(e.params["part"] == "municipality" for e in errors)
        ):
            municipality = self.looked_up(
                f"{state}:{brazil.fold(texts['municipality'])}",
                lambda _key: find_municipality(state, texts["municipality"]),
            )
            if municipality is None:
                refuse(
                    "municipality",
                    _(
                        "We could not find the municipality “%(name)s” in %(state)s: "
                        "check the spelling."
                    ),
                    "municipality",
                    {"name": texts["municipality"], "state": state},
                )
        if errors:
            raise ValidationError(errors)
        return {
            "cep": cep,
            "street": texts["street"],
            "number": texts["number"],
            "complement": texts["complement"],
            "district": texts["district"],
            "municipality": municipality,
            "state": state,
        }

    @property
    def lookup_url(self):
        """Our CEP lookup endpoint when the lookup is on, else ""."""
        from .cep_lookup import lookup_enabled

        return reverse("cep_lookup") if lookup_enabled() else ""

    @staticmethod
    def _error_parts(bound_field):
        """The part each error of `bound_field` is about (the CEP when it says none)."""
        parts = []
        for error in bound_field.errors.as_data():
            part = (getattr(error, "params", None) or {}).get("part")
            parts.append(part if part in ADDRESS_PART_NAMES else "cep")
        return parts

    def error_input_ids(self, bound_field):
        """The id of the input each error is about, for the error summary's links."""
        auto_id = bound_field.auto_id or f"id_{bound_field.html_name}"
        return [part_id(auto_id, part) for part in self._error_parts(bound_field)]

    def parts(self, bound_field):
        """What the step template shows of each part: label, hint, the input
        (tied to its hint and errors) and the errors about it."""
        auto_id = bound_field.auto_id or f"id_{bound_field.html_name}"
        by_part = {}
        for message, part in zip(bound_field.errors, self._error_parts(bound_field), strict=False):
            by_part.setdefault(part, []).append(message)
        texts = self.widget.format_value(bound_field.value())
        rendered = []
        for part in ADDRESS_PARTS:
            input_id = part_id(auto_id, part.name)
            errors = by_part.get(part.name, [])
            described = [f"{input_id}_helptext"] if part.help_text else []
            described += [f"error_{n}_{input_id}" for n in range(1, len(errors) + 1)]
            attrs = {
                "id": input_id,
                "class": "form-select" if part.name == "state" else "form-control",
            }
            if self.required and part.name in REQUIRED_PARTS:
                attrs["required"] = True
            if described:
                attrs["aria-describedby"] = " ".join(described)
            if errors:
                attrs["aria-invalid"] = "true"
                attrs["class"] += " is-invalid"
            rendered.append(
                {
                    "name": part.name,
                    "id": input_id,
                    "label": part.label,
                    "help_text": part.help_text,
                    "errors": errors,
                    "input": self.widget.render_part(
                        part, bound_field.html_name, texts.get(part.name, ""), attrs
                    ),
                }
            )
        return rendered


def find_municipality(state, name):
    """{"ibge_code", "name", "state"} of the active municipality of `state`
    called `name` (accents and case ignored), or None. The municipalities table
    decides for the UFs it holds (editors keep it); for the others, IBGE's list."""
    from core import ibge

    folded = brazil.fold(name)
    rows = list(
        Municipality.objects.filter(state=state, sort_name=folded)
        .order_by("-active", "ibge_code")
        .values("ibge_code", "name", "active")[:1]
    )
    if rows:
        row = rows[0]
        return (
            {"ibge_code": row["ibge_code"], "name": row["name"], "state": state}
            if row["active"]
            else None
        )
    if Municipality.objects.filter(state=state).exists():
        return None
    for code, ibge_name in ibge.municipalities(state):
        if brazil.fold(ibge_name) == folded:
            return {"ibge_code": code, "name": ibge_name, "state": state}
    return None
