"""Possible duplicates at triage: the same person's requests that may be one.

Two submissions of the same kind by the same CPF are possible duplicates when

- they name the same supplier (same CNPJ; without a CNPJ on either, the same
  name once accents, case and punctuation are set aside) and were sent within
  WINDOW_DAYS of each other; or
- their descriptions are near-identical: the texts, normalised (lower case,
  no accents, punctuation and extra spaces), have a `difflib` ratio of at
  least SIMILARITY. Plain Python on rows read by an indexed column, so it works
  the same on SQLite and PostgreSQL and gives the same answer every time.

The work per new case is bounded: one query for at most RECENT_LIMIT of the
same CPF's latest submissions (indexed), each compared in memory (difflib's
ratio on texts cut to TEXT_LIMIT characters). Found pairs are stored both ways
as `PossibleDuplicate` rows, so each case lists the other and the case list can
filter on them; staff link one with the workflow's "mark_duplicate".
"""

import difflib
import re
import unicodedata
from datetime import timedelta

from core.brazil import normalise_cnpj
from forms.blocks import answers_by_role
from forms.roles import Role

from .models import PossibleDuplicate

WINDOW_DAYS = 90
RECENT_LIMIT = 30
SIMILARITY = 0.9
# Descriptions shorter than this (normalised) are too short to call alike.
MIN_TEXT = 30
TEXT_LIMIT = 2000
TEXT_ROLES = (Role.DESCRIPTION, Role.QUESTION)


def normalise(text) -> str:
    text = unicodedata.normalize("NFKD", str(text or "").lower())
    text = text.encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def description(submission) -> str:
    """The normalised text of the submission's description (or question)."""
    answers = answers_by_role(submission.definitions(), submission.form_data or {})
    for role in TEXT_ROLES:
        if isinstance(answers.get(role), str) and answers[role].strip():
            return normalise(answers[role])[:TEXT_LIMIT]
    return ""


def similarity(a: str, b: str) -> float:
    """How alike two normalised descriptions are, from 0 to 1 (0 when either is
    too short to tell)."""
    if len(a) < MIN_TEXT or len(b) < MIN_TEXT:
        return 0.0
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILARITY or matcher.quick_ratio() < SIMILARITY:
        return 0.0
    return matcher.ratio()


def same_supplier(a, b) -> bool:
    cnpj_a, cnpj_b = normalise_cnpj(a.supplier_cnpj or ""), normalise_cnpj(b.supplier_cnpj or "")
    if cnpj_a and cnpj_b:
        return cnpj_a == cnpj_b
    # "Lojas Ágil S.A." and "lojas agil sa" are one name.
    name_a = normalise(a.supplier_name).replace(" ", "")
    name_b = normalise(b.supplier_name).replace(" ", "")
    return bool(name_a) and name_a == name_b


def find(submission):
    """[(other submission, reason, similarity or None)] for `submission`."""
    from forms.models import Submission

    if not submission.consumer_cpf:
        return []
    others = (
        Submission.objects.filter(
            consumer_cpf=submission.consumer_cpf, kind=submission.kind, case__isnull=False
        )
        .exclude(pk=submission.pk)
        .order_by("-submit_time")[:RECENT_LIMIT]
    )
    text = description(submission)
    window = timedelta(days=WINDOW_DAYS)
    found = []
    for other in others:
        if abs(other.submit_time - submission.submit_time) <= window and same_supplier(
            submission, other
        ):
            found.append((other, PossibleDuplicate.Reason.SAME_SUPPLIER, None))
            continue
        score = similarity(text, description(other)) if text else 0.0
        if score >= SIMILARITY:
            found.append((other, PossibleDuplicate.Reason.SIMILAR_TEXT, round(score, 3)))
    return found


def record(submission):
    """Find and store `submission`'s possible duplicates, both ways; returns how
    many other submissions were found. Running it again adds nothing new."""
    rows = []
    for other, reason, score in find(submission):
        rows.append(
            PossibleDuplicate(case_id=submission.pk, other=other, reason=reason, similarity=score)
        )
        rows.append(
            PossibleDuplicate(case_id=other.pk, other=submission, reason=reason, similarity=score)
        )
    PossibleDuplicate.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows) // 2


def for_case(case):
    """The case's possible duplicates with the other submission, newest first."""
    return list(
        PossibleDuplicate.objects.filter(case=case)
        .select_related("other")
        .defer("other__form_data", "other__schema")
    )
