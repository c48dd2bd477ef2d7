"""When a field or a step is shown: a condition on an earlier answer.

Answers are compared as *tokens*: lower-case text without accents, so an editor
who types "sim" matches the option "Sim", and "Não" matches "nao".
"""

import unicodedata
from dataclasses import dataclass

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
