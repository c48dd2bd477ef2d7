"""Only the workflow writes a case's status and deadline: a scan of the
project's Python source (tests and migrations aside) for assignments to
`.status`, `.deadline` or `.deadline_kind` on case or submission objects and for
`update(status=...)`-style writes on the Case and Submission querysets."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
WRITER = ROOT / "inbox" / "workflow.py"
GUARDED = {"status", "deadline", "deadline_kind"}
# Variables and attributes that hold a case or its submission: `case`,
# `submission`, `other_case`, `case.submission`, `self.case`...
CASE_LIKE = re.compile(r"^(.*_)?(case|submission)s?$", re.IGNORECASE)
CASE_MODELS = {"Case", "Submission"}
SKIPPED_DIRS = {".venv", "venv", "node_modules", "migrations", "tests", "var", ".git", "static"}


def _name(node):
    """The last name of an expression: `case` for `case`, `submission` for
    `case.submission`, "" for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _root(node):
    """The start of a call/attribute chain: `Case` in `Case.objects.filter(x)`;
    for `type(case).objects`, the `case` inside `type()`."""
    while True:
        if isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id == "type" and node.args:
                return _root(node.args[0])
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        else:
            return node


def _is_case(node):
    return bool(CASE_LIKE.match(_name(node)))


def _queryset_of_cases(node):
    root = _root(node)
    return isinstance(root, ast.Name) and (root.id in CASE_MODELS or _is_case(root))


def _targets(node):
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
        targets = [node.target]
    else:
        return
    for target in targets:
        if isinstance(target, (ast.Tuple, ast.List)):
            yield from target.elts
        else:
            yield target


def writes_outside_workflow(source, filename="<source>"):
    """[(line, what)] for every write of a case's status or deadline in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        for target in _targets(node):
            if (
                isinstance(target, ast.Attribute)
                and target.attr in GUARDED
                and _is_case(target.value)
            ):
                found.append((target.lineno, f"{_name(target.value)}.{target.attr} ="))
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
            field = node.args[1]
            if (
                isinstance(field, ast.Constant)
                and field.value in GUARDED
                and _is_case(node.args[0])
            ):
                found.append((node.lineno, f"setattr(..., {field.value!r})"))
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in ("update", "update_or_create", "create", "get_or_create"):
            keywords = {k.arg for k in node.keywords}
            defaults = [k.value for k in node.keywords if k.arg == "defaults"]
            for value in defaults:
                if isinstance(value, ast.Dict):
                    keywords |= {k.value for k in value.keys if isinstance(k, ast.Constant)}
            hit = keywords & GUARDED
            if func.attr == "create" or func.attr == "get_or_create":
                hit = hit - {"status"}  # a new submission starts in the first status
            if hit and _queryset_of_cases(func.value):
                found.append((node.lineno, f".{func.attr}({sorted(hit)[0]}=...)"))
        if func.attr == "bulk_update" and _queryset_of_cases(func.value):
            fields = node.args[1] if len(node.args) > 1 else None
            names = {e.value for e in getattr(fields, "elts", []) if isinstance(e, ast.Constant)}
            if names & GUARDED:
                found.append((node.lineno, ".bulk_update(...)"))
    return found


def project_files():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts[:-1])
        if parts & SKIPPED_DIRS or path == WRITER:
            continue
        yield path


def test_only_the_workflow_writes_a_cases_status_and_deadline():
    offences = []
    for path in project_files():
        for line, what in writes_outside_workflow(path.read_text(encoding="utf-8"), str(path)):
            offences.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert offences == [], "Use inbox.workflow.apply():\n" + "\n".join(offences)


def test_the_scan_sees_the_source_that_matters():
    scanned = {str(p.relative_to(ROOT)) for p in project_files()}
    assert {"supplier_enrolment/notices.py", "inbox/cases.py", "tracking/views.py"} <= scanned
    assert "inbox/workflow.py" not in scanned
    # ...and the workflow itself does write them (the scan would see it).
    assert writes_outside_workflow(WRITER.read_text(encoding="utf-8"))


PLANTED = """
from inbox.models import Case
from forms.models import Submission


def sneaky(case, letter, email, submission, today):
    case.deadline = today
    case.submission.status = "closed"
    submission.status = "closed"
    other_case.deadline_kind = ""
    case.deadline, case.deadline_kind = None, ""
    setattr(case, "deadline", today)
    Case.objects.filter(pk=1).update(deadline=today)
    Submission.objects.filter(pk=1).update(status="closed")
    type(case).objects.filter(pk=case.pk).update(deadline=None)
    Case.objects.update_or_create(pk=1, defaults={"deadline": today})
    Submission.objects.bulk_update([submission], ["status"])


def innocent(letter, email, representative, today, Letter, OutboundEmail):
    letter.status = "posted"
    email.status = "sent"
    representative.deadline = today
    Letter.objects.filter(pk=1).update(status="delivered")
    OutboundEmail.objects.filter(pk=1).update(status="failed")
    setattr(letter, "status", "posted")
    Submission.objects.create(protocol="2026.000001-2", status="received")
"""


def test_the_scan_catches_a_planted_write_and_spares_other_models(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text(PLANTED, encoding="utf-8")
    found = writes_outside_workflow(planted.read_text(encoding="utf-8"), str(planted))
    lines = sorted(line for line, _what in found)
    sneaky = PLANTED.splitlines()
    first = sneaky.index("    case.deadline = today") + 1
    last = sneaky.index('    Submission.objects.bulk_update([submission], ["status"])') + 1
    # Every line of sneaky() is caught (the tuple assignment twice), none of innocent().
    expected = list(range(first, last + 1))
    expected.insert(expected.index(first + 4), first + 4)
    assert lines == expected
