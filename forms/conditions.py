"""When a field or a step is shown: a condition on an earlier answer.

Answers are compared as *tokens*: lower-case text without accents, so an editor
who types "sim" matches the option "Sim", and "Não" matches "nao".
"""

import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext

EQUALS = "equals"
NOT_EQUALS = "not_equals"
ANSWERED = "answered"


def token(text) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Condition:
    field: str
    operator: str = EQUALS
    value: str = ""

    @classmethod
    def from_block_value(cls, value) -> "Condition | None":
        if not value or not value.get("field"):
            return None
        return cls(
            field=value["field"].strip(),
            operator=value.get("operator") or EQUALS,
            value=value.get("value") or "",
        )

    def describe(self, controlling_label: str, option_labels=None) -> str:
        """When to answer, in plain words, naming the question this depends on.
        `option_labels`: the controlling field's options as the citizen reads
        them (stored text -> label, in a translated form)."""
        value = self.value
        for option, label in (option_labels or {}).items():
            if token(option) == token(self.value):
                value = label
        if self.operator == ANSWERED:
            text = gettext("Answer only if you answered “%(field)s”.")
        elif self.operator == NOT_EQUALS:
            text = gettext("Answer only if your answer to “%(field)s” was not “%(value)s”.")
        else:
            text = gettext("Answer only if your answer to “%(field)s” was “%(value)s”.")
        return text % {"field": controlling_label, "value": value}

    def holds(self, tokens_by_key: dict) -> bool:
        """Whether the condition holds, given each answered field's set of tokens.

        A field that was not shown or not answered has no tokens: "is" fails and
        "is not" holds.
        """
        tokens = tokens_by_key.get(self.field, set())
        if self.operator == ANSWERED:
            return bool(tokens)
        matched = token(self.value) in tokens
        return not matched if self.operator == NOT_EQUALS else matched
