"""Admin validation of a FormPage's steps, beyond what each block checks alone."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks import StreamBlockValidationError

from .roles import REPEATABLE_ROLES, ROLE_FIELD_TYPES, Role


def check_steps(steps_value):
    """Problems with the form as a whole, as a list of messages (empty when sound).

    Keys must be unique, each role used once and by a field type that produces
    what the role's consumers expect, and every condition must look at a field
    that comes earlier (a step's condition: a field of an earlier step).
    """
    errors = []
    seen_keys = {}
    seen_roles = {}
    for step_number, step in enumerate(steps_value, start=1):
        step_keys_before = set(seen_keys)
        condition = step.value.get("condition") or {}
        if condition.get("field") and condition["field"] not in step_keys_before:
            errors.append(
                _(
                    'Step %(step)s: its condition looks at "%(key)s", which is not a field of an '
                    "earlier step."
                )
                % {"step": step_number, "key": condition["field"]}
            )
        for child in step.value["fields"]:
            value = child.value
            condition = value.get("condition") or {}
            if condition.get("field") and condition["field"] not in seen_keys:
                errors.append(
                    _(
                        'Step %(step)s: the condition of "%(label)s" looks at "%(key)s", which is '
                        "not an earlier field."
                    )
                    % {
                        "step": step_number,
                        "label": value.get("label") or value.get("heading") or "",
                        "key": condition["field"],
                    }
                )
            if not getattr(child.block, "is_input", False):
                continue
            key = value["key"]
            if key in seen_keys:
                errors.append(
                    _(
                        'The key "%(key)s" is used by "%(first)s" and "%(second)s"; keys must be '
                        "unique in a form."
                    )
                    % {"key": key, "first": seen_keys[key], "second": value["label"]}
                )
            seen_keys.setdefault(key, value["label"])
            role = value.get("role")
            if not role:
                continue
            if role in seen_roles and role not in REPEATABLE_ROLES:
                errors.append(
                    _(
                        'The role "%(role)s" is given to "%(first)s" and "%(second)s"; each role '
                        "may be used once per form."
                    )
                    % {
                        "role": Role(role).label,
                        "first": seen_roles[role],
                        "second": value["label"],
                    }
                )
            seen_roles.setdefault(role, value["label"])
            allowed = ROLE_FIELD_TYPES.get(role)
            if allowed and child.block.type_name not in allowed:
                errors.append(
                    _('The role "%(role)s" needs a field of another type than "%(label)s".')
                    % {"role": Role(role).label, "label": value["label"]}
                )
    return errors


class FormPageAdminForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        steps = cleaned_data.get("steps")
        if steps is not None and "steps" not in self.errors:
            problems = check_steps(steps)
            if problems:
                self.add_error(
                    "steps",
                    StreamBlockValidationError(
                        non_block_errors=[ValidationError(message) for message in problems]
                    ),
                )
        return cleaned_data
