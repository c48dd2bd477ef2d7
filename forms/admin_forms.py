"""Admin validation of a FormPage's steps, beyond what each block checks alone.

Each problem is put on the input it is about (a condition's field or value, a
field's key or role), so the editor finds it where the editor expands it, and
is also listed above the steps, naming the step and the field.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from wagtail.admin.panels import Panel
from wagtail.blocks import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError

from home.page_forms import SitePageForm

from .conditions import ANSWERED, token
from .roles import KIND_ROLES, REPEATABLE_ROLES, ROLE_FIELD_TYPES, Role

# Field types whose answers are options the editor wrote (or yes/no): a
# condition on them must name one of those options.
YES_NO_TYPES = {"checkbox", "declaration"}


@dataclass(frozen=True)
class Problem:
    message: str
    step: int  # 0-based
    field: int | None = None  # 0-based position in the step's fields; None: the step itself
    where: tuple = ()  # the input: ("condition", "field"), ("key",), ("role",)...


def option_values(child):
    """The answers a condition on this field can name, or None when any text goes."""
    type_name = child.block.type_name
    if type_name in YES_NO_TYPES:
        return ["Sim", "Não"]  # what conditions compare a yes/no answer with (conditions.py)
    choices = child.value.get("choices")
    if choices is not None and type_name in {"dropdown", "radio", "checkboxes", "multiselect"}:
        return [str(option) for option in choices]
    return None


def earlier_list(earlier):
    """'“Label” (key), …' of the fields a condition may look at."""
    if not earlier:
        return _("there is no earlier field")
    return ", ".join(f"“{child.value['label']}” ({key})" for key, child in earlier.items())


def condition_problems(condition, earlier, step, field, subject):
    """Problems of one condition, given the fields before it ({key: block child})."""
    key = (condition or {}).get("field")
    if not key:
        return []
    target = earlier.get(key)
    if target is None:
        return [
            Problem(
                _(
                    '%(subject)s: its condition looks at "%(key)s", which is not an earlier '
                    "field. Choose one of the earlier fields: %(earlier)s."
                )
                % {"subject": subject, "key": key, "earlier": earlier_list(earlier)},
                step,
                field,
                ("condition", "field"),
            )
        ]
    options = option_values(target)
    value = condition.get("value") or ""
    if options is None or condition.get("operator") == ANSWERED or not value:
        return []
    if token(value) in {token(option) for option in options}:
        return []
    return [
        Problem(
            _(
                '%(subject)s: "%(value)s" is not an answer of "%(label)s", so the condition '
                "would never hold. Choose one of: %(options)s."
            )
            % {
                "subject": subject,
                "value": value,
                "label": target.value["label"],
                "options": ", ".join(f"“{option}”" for option in options),
            },
            step,
            field,
            ("condition", "value"),
        )
    ]


def find_problems(steps_value, kind=None):
    """Every problem of the form as a whole (see `Problem`).

    Keys must be unique, each role used once and by a field type that produces
    what the role's consumers expect, and every condition must look at a field
    that comes earlier (a step's condition: a field of an earlier step) and,
    for a field with options, name one of them.
    """
    problems = []
    earlier = {}  # key -> block child, in form order
    seen_roles = {}
    for step_number, step in enumerate(steps_value, start=1):
        step_index = step_number - 1
        problems += condition_problems(
            step.value.get("condition"),
            dict(earlier),
            step_index,
            None,
            _("Step %(step)s") % {"step": step_number},
        )
        for field_index, child in enumerate(step.value["fields"]):
            value = child.value
            label = value.get("label") or value.get("heading") or ""
            subject = _('Step %(step)s, "%(label)s"') % {"step": step_number, "label": label}
            problems += condition_problems(
                value.get("condition"), dict(earlier), step_index, field_index, subject
            )
            if not getattr(child.block, "is_input", False):
                continue
            key = value["key"]
            if key in earlier:
                problems.append(
                    Problem(
                        _(
                            'The key "%(key)s" is used by "%(first)s" and "%(second)s"; keys '
                            "must be unique in a form."
                        )
                        % {"key": key, "first": earlier[key].value["label"], "second": label},
                        step_index,
                        field_index,
                        ("key",),
                    )
                )
            earlier.setdefault(key, child)
            role = value.get("role")
            if not role:
                continue
            if role in seen_roles and role not in REPEATABLE_ROLES:
                problems.append(
                    Problem(
                        _(
                            'The role "%(role)s" is given to "%(first)s" and "%(second)s"; each '
                            "role may be used once per form."
                        )
                        % {"role": Role(role).label, "first": seen_roles[role], "second": label},
                        step_index,
                        field_index,
                        ("role",),
                    )
                )
            seen_roles.setdefault(role, label)
            if kind in KIND_ROLES and role not in KIND_ROLES[kind]:
                problems.append(
                    Problem(
                        _(
                            'The role "%(role)s" of "%(label)s" is not one a form of this kind '
                            "uses; choose one of the roles grouped for it, or none."
                        )
                        % {"role": Role(role).label, "label": label},
                        step_index,
                        field_index,
                        ("role",),
                    )
                )
            allowed = ROLE_FIELD_TYPES.get(role)
            if allowed and child.block.type_name not in allowed:
                problems.append(
                    Problem(
                        _('The role "%(role)s" needs a field of another type than "%(label)s".')
                        % {"role": Role(role).label, "label": label},
                        step_index,
                        field_index,
                        ("role",),
                    )
                )
    return problems


def check_steps(steps_value):
    """Problems with the form as a whole, as a list of messages (empty when sound)."""
    return [problem.message for problem in find_problems(steps_value)]


def _nest(where, message):
    """The error for a StructBlock's input at `where` (names, outermost first)."""
    error = ValidationError(message)
    for name in reversed(where):
        error = StructBlockValidationError(block_errors={name: error})
    return error


def steps_error(problems):
    """One StreamField error holding each problem on its input and all of them on top."""
    steps = {}
    for problem in problems:
        step = steps.setdefault(problem.step, {"own": {}, "fields": {}})
        if problem.field is None:
            step["own"].setdefault(problem.where, problem.message)
        else:
            step["fields"].setdefault(problem.field, {}).setdefault(problem.where, problem.message)
    block_errors = {}
    for index, found in steps.items():
        errors = {}
        for where, message in found["own"].items():
            errors.update(_nest(where, message).block_errors)
        if found["fields"]:
            errors["fields"] = StreamBlockValidationError(
                block_errors={
                    field: _merge([_nest(where, msg) for where, msg in wheres.items()])
                    for field, wheres in found["fields"].items()
                }
            )
        block_errors[index] = StructBlockValidationError(block_errors=errors)
    return StreamBlockValidationError(
        block_errors=block_errors,
        non_block_errors=[ValidationError(problem.message) for problem in problems],
    )


def _merge(errors):
    """StructBlock errors on several inputs of one block, as one error."""
    merged = {}
    for error in errors:
        for name, inner in error.block_errors.items():
            if name in merged and isinstance(inner, StructBlockValidationError):
                merged[name] = _merge([merged[name], inner])
            else:
                merged.setdefault(name, inner)
    return StructBlockValidationError(block_errors=merged)


# Buttons of the page editor that make a form live, or ask for it to be made live.
GO_LIVE_ACTIONS = ("action-publish", "action-submit", "action-workflow-action")


class FormPageAdminForm(SitePageForm):
    def clean_notify_emails(self):
        lines = [line.strip() for line in self.cleaned_data.get("notify_emails", "").splitlines()]
        addresses = [line for line in lines if line]
        wrong = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                wrong.append(address)
        if wrong:
            raise ValidationError(
                _("Not an e-mail address: %(wrong)s. Write one address per line.")
                % {"wrong": ", ".join(wrong)}
            )
        return "\n".join(addresses)

    def goes_live(self):
        """Whether this save publishes the form or sends it for approval (or
        changes a form already waiting for approval, which the approver publishes)."""
        if any(action in self.data for action in GO_LIVE_ACTIONS):
            return True
        page = self.instance
        return bool(page.pk and page.workflow_in_progress)

    def clean(self):
        cleaned_data = super().clean()
        steps = cleaned_data.get("steps")
        if steps is not None and "steps" not in self.errors:
            problems = find_problems(steps, kind=cleaned_data.get("kind"))
            if problems:
                self.add_error("steps", steps_error(problems))
            elif self.goes_live():
                self._check_readiness(cleaned_data, steps)
        return cleaned_data

    def _check_readiness(self, cleaned_data, steps):
        from .readiness import check

        readiness = check(
            kind=cleaned_data.get("kind"),
            steps_value=steps,
            declaration=cleaned_data.get("declaration", ""),
        )
        if readiness.blocking:
            missing = "; ".join(item.label for item in readiness.blocking)
            self.add_error(
                None,
                _(
                    "This form cannot go live yet: the inbox needs %(missing)s. Save it as a "
                    "draft and see “Ready to go live?” at the top of the form."
                )
                % {"missing": missing},
            )


class ReadinessPanel(Panel):
    """The go-live checklist (forms/readiness.py) of the form as last saved."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "forms/admin/readiness_panel.html"

        def get_context_data(self, parent_context=None):
            from home.models import AgencySettings

            context = super().get_context_data(parent_context)
            agency = AgencySettings.for_request(self.request) if self.request else None
            context["readiness"] = self.instance.readiness(agency)
            context["is_new"] = self.instance.pk is None
            return context
