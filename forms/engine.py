"""The form engine: steps, visibility, validation of a step and of a whole draft.

Pure functions over a FormPage's definition and a draft's stored raw input; no
HTTP here. Views call `step_form`, `progress`, `validate_all`.
"""

import copy
import hashlib
import json
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cached_property

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.forms.utils import ErrorDict
from django.utils.datastructures import MultiValueDict
from django.utils.html import format_html
from django.utils.translation import gettext

from .blocks import FieldBlock, display_answer
from .conditions import Condition
from .roles import Role


@dataclass
class FieldSpec:
    key: str
    block: FieldBlock
    value: dict  # as the citizen reads it: in a translation, with its texts
    step_index: int
    condition: Condition | None
    source_value: dict | None = None  # the Portuguese field, for a translation
    is_input = True  # templates tell fields from information blocks by this

    @property
    def label(self):
        return self.value["label"]

    @cached_property
    def definition(self):
        """What the schema snapshot keeps of this field (shared: do not change it):
        always the Portuguese form's, so staff read every submission alike."""
        return {**self.block.definition(self.source_value or self.value), "step": self.step_index}

    def display(self, stored):
        """A stored answer as the citizen reads it (options in their language)."""
        labels = self.value.get("option_labels")
        if labels:
            if isinstance(stored, list):
                stored = [labels.get(item, item) for item in stored]
            elif isinstance(stored, str):
                stored = labels.get(stored, stored)
        return display_answer(self.definition, stored)


@dataclass
class InfoSpec:
    value: dict
    block: object
    condition: Condition | None
    is_input = False


@dataclass
class StepSpec:
    index: int  # 0-based position among all steps; URLs use index + 1
    title: str
    intro: object
    condition: Condition | None
    items: list = field(default_factory=list)  # FieldSpec and InfoSpec, in order
    source_title: str = ""  # the Portuguese form's, for a translation

    @property
    def fields(self):
        return [item for item in self.items if isinstance(item, FieldSpec)]

    @property
    def number(self):
        return self.index + 1


# Definitions already built in this process, by what they were built from.
_BUILT = OrderedDict()
BUILT_KEPT = 32


class FormDefinition:
    """The steps and fields of a FormPage, read once from its StreamField.

    Building one turns every block of the stream into Python values, which
    costs more than the rest of a step's work: `for_stream` keeps the ones
    built in this process, keyed by the stream's stored content and by the page
    cache's generation (which changes when snippets the blocks refer to, such
    as topics, change). A definition is never changed once built.
    """

    @classmethod
    def for_stream(cls, steps_stream, texts=None):
        """The definition of `steps_stream`; with `texts`, the stream of a
        translation of it, whose texts the citizen reads (see `__init__`)."""
        from home import page_cache

        try:
            content = json.dumps(
                [list(steps_stream.raw_data), list(texts.raw_data) if texts else None],
                sort_keys=True,
                cls=DjangoJSONEncoder,
            )
        except (AttributeError, TypeError, ValueError):
            return cls(steps_stream, texts)
        key = (page_cache.generation(), hashlib.sha256(content.encode()).digest())
        definition = _BUILT.get(key)
        if definition is None:
            definition = cls(steps_stream, texts)
            _BUILT[key] = definition
            while len(_BUILT) > BUILT_KEPT:
                _BUILT.popitem(last=False)
        return definition

    def __init__(self, steps_stream, texts=None):
        """`texts`: the steps of a translation of this form. Its structure is
        this stream's (keys, conditions, options as stored, which fields there
        are); the translation gives only the texts, block by block (a
        translation keeps its source's block ids). A block the translation
        lacks, as when the Portuguese form changed since it was synchronised,
        keeps the Portuguese texts."""
        translated = _blocks_by_id(texts) if texts is not None else {}
        self.steps = []
        self.fields = {}
        for index, step_block in enumerate(steps_stream):
            value = _with_texts(step_block.value, translated.get(step_block.id))
            step = StepSpec(
                index=index,
                title=value["title"],
                intro=value.get("intro"),
                condition=Condition.from_block_value(value.get("condition")),
                source_title=step_block.value["title"],
            )
            for child in step_block.value["fields"]:
                condition = Condition.from_block_value(child.value.get("condition"))
                shown = _with_texts(child.value, translated.get(child.id))
                if getattr(child.block, "is_input", False):
                    spec = FieldSpec(
                        key=child.value["key"],
                        block=child.block,
                        value=shown,
                        step_index=index,
                        condition=condition,
                        source_value=child.value if shown is not child.value else None,
                    )
                    self.fields[spec.key] = spec
                else:
                    spec = InfoSpec(value=shown, block=child.block, condition=condition)
                step.items.append(spec)
            self.steps.append(step)

    def schema(self):
        """The snapshot stored with a submission: steps and field definitions,
        always as the Portuguese form has them (staff read every one alike)."""
        return {
            "steps": [
                {
                    "title": step.source_title or step.title,
                    "fields": [copy.deepcopy(f.definition) for f in step.fields],
                }
                for step in self.steps
            ]
        }


# Texts a translation gives a block (the rest is the Portuguese form's).
TRANSLATED_TEXTS = ("title", "intro", "label", "help_text", "heading", "text")


def _blocks_by_id(texts):
    """Every step and field block of a translation's steps, by block id."""
    found = {}
    for step_block in texts:
        found[step_block.id] = step_block.value
        for child in step_block.value["fields"]:
            found[child.id] = child.value
    return found


def _with_texts(value, translated):
    """`value` (a StructValue of the Portuguese form) with the texts of
    `translated`, its translation; `value` itself when there is none. Options
    keep their stored text; their labels go under "option_labels"."""
    if translated is None or translated.block is not value.block:
        return value
    shown = type(value)(value.block, list(value.items()))
    for name in TRANSLATED_TEXTS:
        if name in value and translated.get(name):
            shown[name] = translated[name]
    options = list(value.get("choices") or [])
    labels = list(translated.get("choices") or [])
    if options and len(labels) == len(options):
        shown["option_labels"] = dict(zip(options, labels, strict=True))
    return shown


def tokens_for(spec: FieldSpec, stored):
    return spec.block.tokens(spec.definition, stored)


class StepForm(forms.Form):
    """One step's fields. Fields whose condition fails are neither required nor kept."""

    def __init__(
        self, step: StepSpec, prior_tokens: dict, *args, context=None, checked=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # checked=False: input saved for later is shown as it was typed, without
        # judging it; the citizen sees errors only once they press Continue.
        self.checked = checked
        self.step = step
        self.prior_tokens = prior_tokens
        self.context = context or {}
        self.hidden_by_condition = set()
        self.same_step_conditions = {}  # key -> Condition on a field of this step
        step_keys = {spec.key for spec in step.fields}
        for spec in step.fields:
            self.fields[spec.key] = spec.block.form_field(spec.value, self.context)
            if spec.condition and spec.condition.field in step_keys:
                self.same_step_conditions[spec.key] = spec.condition
                controlling = next(f for f in step.fields if f.key == spec.condition.field)
                self._mark_conditional(
                    self.fields[spec.key], spec.condition, controlling.value.get("option_labels")
                )
        citizen = self.context.get("citizen")
        if citizen is not None:
            self._fill_from_sign_in(citizen)
        if self.is_bound:
            self._apply_conditions()

    def _mark_conditional(self, form_field, condition, option_labels=None):
        """A field that depends on an answer in this step. Scripts show it only
        when it applies; without them it is always on the page, so its hint
        starts by saying when to answer, and the browser is not told it is
        required (the server requires it only when it applies)."""
        when = condition.describe(self.fields[condition.field].label, option_labels)
        form_field.help_text = format_html(
            '<span class="condition-hint">{}</span>{}',
            when,
            format_html(" {}", form_field.help_text) if form_field.help_text else "",
        )
        form_field.widget.use_required_attribute = lambda initial: False

    def _fill_from_sign_in(self, citizen):
        """The consumer's name and e-mail start from the gov.br account; the CPF
        comes from it and cannot be changed (the posted value is ignored)."""
        for spec in self.step.fields:
            form_field = self.fields[spec.key]
            role = spec.value.get("role")
            if role == Role.CONSUMER_CPF:
                form_field.initial = citizen.formatted_cpf
                form_field.disabled = True
                form_field.help_text = gettext("From your gov.br account.")
            elif role == Role.CONSUMER_NAME and citizen.name:
                form_field.initial = citizen.name
            elif role == Role.CONSUMER_EMAIL and citizen.email:
                form_field.initial = citizen.email

    def _apply_conditions(self):
        tokens = dict(self.prior_tokens)
        for spec in self.step.fields:
            if spec.condition and not spec.condition.holds(tokens):
                self.hidden_by_condition.add(spec.key)
                self.fields[spec.key].required = False
                continue
            # Later conditions in this step may look at this answer.
            form_field = self.fields[spec.key]
            raw = form_field.widget.value_from_datadict(self.data, self.files, spec.key)
            try:
                cleaned = form_field.clean(raw)
            except forms.ValidationError:
                continue
            tokens[spec.key] = tokens_for(spec, spec.block.to_storage(cleaned))

    def visible_items(self):
        """Items to render. Those hidden by an earlier step's answer are left out;
        those that depend on this step's answers stay, for the script (or the
        citizen, without it) to show or skip."""
        step_keys = {spec.key for spec in self.step.fields}
        for item in self.step.items:
            condition = item.condition
            if (
                condition
                and condition.field not in step_keys
                and not condition.holds(self.prior_tokens)
            ):
                continue
            yield item

    def full_clean(self):
        if not self.checked:
            self._errors = ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()
        for key in self.hidden_by_condition:
            self._errors.pop(key, None)
            self.cleaned_data.pop(key, None)

    def answers(self):
        """Cleaned answers as JSON-ready values, only for the fields that apply."""
        return {
            spec.key: spec.block.to_storage(self.cleaned_data.get(spec.key))
            for spec in self.step.fields
            if spec.key not in self.hidden_by_condition
        }

    def raw_data(self):
        """The submitted input of this step's fields, as lists (what a QueryDict holds);
        for a field that takes no input (the CPF of a gov.br sign-in), its value."""
        raw = {key: self.data.getlist(key) for key in self.fields if key in self.data}
        for key, form_field in self.fields.items():
            if form_field.disabled and form_field.initial not in (None, ""):
                raw[key] = [str(form_field.initial)]
        return raw


@dataclass
class StepState:
    step: StepSpec
    visible: bool
    complete: bool
    # Hidden only because the answer its condition looks at is not given yet.
    undecided: bool = False


def progress(definition: FormDefinition, stored_steps: dict):
    """Each step's state given the draft's stored steps, walking in order.

    `stored_steps` maps str(step index) to {"raw": ..., "answers": ...}. Only
    answers of visible, completed steps count for later conditions.
    """
    tokens = {}
    answered_steps = set()
    states = []
    for step in definition.steps:
        visible = step.condition is None or step.condition.holds(tokens)
        stored = stored_steps.get(str(step.index))
        complete = visible and stored is not None
        if complete:
            answered_steps.add(step.index)
            for spec in step.fields:
                if spec.key in stored["answers"]:
                    tokens[spec.key] = tokens_for(spec, stored["answers"][spec.key])
        undecided = False
        if not visible:
            controlling = definition.fields.get(step.condition.field)
            undecided = controlling is not None and controlling.step_index not in answered_steps
        states.append(StepState(step=step, visible=visible, complete=complete, undecided=undecided))
    return states, tokens


def prior_tokens(definition, stored_steps, step_index):
    """Tokens of the answers given in visible, completed steps before `step_index`."""
    earlier = {k: v for k, v in stored_steps.items() if int(k) < step_index}
    _states, tokens = progress(definition, earlier)
    return tokens


def bind(step, stored_raw, tokens, context, checked=True):
    return StepForm(
        step, tokens, data=MultiValueDict(stored_raw or {}), context=context, checked=checked
    )


def role_answer(definition: FormDefinition, stored_steps: dict, roles, later_steps=None):
    """The answer of the first field with one of `roles` (in that order) given in
    a completed step; failing that, what was typed in it on a step saved for
    later (`later_steps`, unchecked raw input); or None."""
    by_role = {spec.value.get("role"): spec for spec in definition.fields.values()}
    specs = [by_role[role] for role in roles if role in by_role]
    for spec in specs:
        stored = stored_steps.get(str(spec.step_index))
        if stored and stored["answers"].get(spec.key):
            return stored["answers"][spec.key]
    for spec in specs:
        typed = (later_steps or {}).get(str(spec.step_index), {}).get(spec.key) or [""]
        if typed[0].strip():
            return typed[0].strip()
    return None


@dataclass
class Validation:
    answers: dict  # key -> stored value, for visible fields of visible steps
    visible_steps: list
    failed_step: StepSpec | None = None
    failed_form: StepForm | None = None

    @property
    def ok(self):
        return self.failed_step is None


def validate_all(definition: FormDefinition, stored_steps: dict, context=None) -> Validation:
    """Re-validate every visible step from its stored raw input, in order.

    Stops at the first step that is missing or no longer valid (the form may
    have changed since the citizen answered it).
    """
    tokens = {}
    answers = {}
    visible = []
    for step in definition.steps:
        if step.condition and not step.condition.holds(tokens):
            continue
        visible.append(step)
        stored = stored_steps.get(str(step.index))
        form = bind(step, stored["raw"] if stored else {}, tokens, context)
        if stored is None or not form.is_valid():
            return Validation(answers, visible, failed_step=step, failed_form=form)
        step_answers = form.answers()
        answers.update(step_answers)
        for spec in step.fields:
            if spec.key in step_answers:
                tokens[spec.key] = tokens_for(spec, step_answers[spec.key])
    return Validation(answers, visible)


def review_rows(definition, validation):
    """(step, [(spec, display text)]) for the check-your-answers page."""
    rows = []
    for step in validation.visible_steps:
        items = [
            (spec, spec.display(validation.answers[spec.key]))
            for spec in step.fields
            if spec.key in validation.answers and spec.block.type_name != "hidden"
        ]
        rows.append((step, items))
    return rows


def input_from_json(step: StepSpec, answers: dict):
    """A step's answers sent as JSON ({field key: value}) as the web's inputs
    would have sent them, and {field key: [message]} for values of the wrong
    shape. Keys that are not fields of the step are reported too."""
    data = MultiValueDict()
    errors = {}
    by_key = {spec.key: spec for spec in step.fields}
    for key, value in answers.items():
        spec = by_key.get(key)
        if spec is None:
            errors[key] = [gettext("This step has no field “%(key)s”.") % {"key": key}]
            continue
        try:
            data.setlist(key, spec.block.input_from_json(value))
        except ValueError as error:
            errors[key] = [str(error)]
    return data, errors
