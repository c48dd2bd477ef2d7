"""Is a form ready to go live? The checklist on the form's editor page.

GOV.UK Forms' task list is the model: each item says what it is, whether it is
done, and why it matters. Items marked `blocking` are what the inbox needs to
handle a submission (a complaint without the consumer's CPF or the supplier
cannot become a case); publishing, or sending for approval, is refused until
they are done (forms/admin_forms.py). The others are advice.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .roles import DECLARATION_KINDS, REQUIRED_ROLES, ROLE_HELP, Role


@dataclass
class Item:
    label: str
    done: bool
    blocking: bool
    detail: str = ""


@dataclass
class Readiness:
    items: list = field(default_factory=list)

    @property
    def blocking(self):
        return [item for item in self.items if item.blocking and not item.done]

    @property
    def missing(self):
        return [item for item in self.items if not item.done]

    @property
    def ready(self):
        return not self.blocking


def roles_in(steps_value):
    """{role: field label} of the role-tagged fields of a steps stream."""
    found = {}
    for step in steps_value or []:
        for child in step.value["fields"]:
            if getattr(child.block, "is_input", False) and child.value.get("role"):
                found.setdefault(child.value["role"], child.value.get("label") or "")
    return found


def check(
    *,
    kind,
    steps_value,
    declaration="",
    contact="",
    privacy_page=None,
    site_privacy_page=None,
    recipients=(),
    next_steps="",
    expected_time="",
):
    """The checklist of a form as it stands in the editor."""
    roles = roles_in(steps_value)
    items = []
    for role in REQUIRED_ROLES.get(kind, []):
        label = roles.get(role)
        items.append(
            Item(
                _("A field with the role “%(role)s”") % {"role": Role(role).label},
                done=label is not None,
                blocking=True,
                detail=(
                    _("“%(label)s”.") % {"label": label}
                    if label is not None
                    else str(ROLE_HELP[role])
                ),
            )
        )
    if kind in DECLARATION_KINDS:
        has_declaration = bool((declaration or "").strip()) or Role.DECLARATION in roles
        items.append(
            Item(
                _("A declaration the citizen ticks before sending"),
                done=has_declaration,
                blocking=True,
                detail=_(
                    "Write it under “Review and confirmation”: the citizen states the "
                    "information is true."
                ),
            )
        )
    items += [
        Item(
            _("Contact for questions"),
            done=bool((contact or "").strip()),
            blocking=False,
            detail=_("Without one, the form shows the agency's phone and e-mail."),
        ),
        Item(
            _("Privacy notice"),
            done=bool(privacy_page or site_privacy_page),
            blocking=False,
            detail=(
                _("The form links to “%(title)s”.")
                % {"title": (privacy_page or site_privacy_page).title}
                if privacy_page or site_privacy_page
                else _("Neither the form nor the site names a privacy notice.")
            ),
        ),
        Item(
            _("Who is told of new submissions"),
            done=bool(recipients),
            blocking=False,
            detail=(
                ", ".join(recipients)
                if recipients
                else _("No one is e-mailed; submissions only appear in the inbox.")
            ),
        ),
        Item(
            _("What happens next"),
            done=bool((next_steps or "").strip()) and bool((expected_time or "").strip()),
            blocking=False,
            detail=_("Shown on the confirmation page: the expected time and the next steps."),
        ),
    ]
    return Readiness(items)
