"""docs/inbox.md is what the workflow table generates."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from inbox import diagram, workflow
from inbox.statuses import Status


def test_docs_inbox_md_is_what_the_workflow_table_generates():
    assert diagram.DOC_PATH.read_text(encoding="utf-8") == diagram.document(), (
        "docs/inbox.md is out of date: run `python manage.py workflow_diagram --write`."
    )


def test_every_action_is_an_edge_of_its_kinds_diagram():
    for kind, table in workflow.WORKFLOWS.items():
        text = diagram.mermaid(kind)
        assert text.startswith("stateDiagram-v2\n")
        for action in table.values():
            for source in action.sources:
                assert f"    {source} --> {action.target} : {action.name}" in text


def test_a_changed_table_makes_the_check_fail(monkeypatch, tmp_path):
    doc = tmp_path / "inbox.md"
    monkeypatch.setattr(diagram, "DOC_PATH", doc)
    monkeypatch.setattr("inbox.management.commands.workflow_diagram.DOC_PATH", doc)
    call_command("workflow_diagram", "--write")
    call_command("workflow_diagram", "--check")
    extra = workflow.Action("reopen", "Reopen", (Status.CLOSED,), Status.IN_ANALYSIS)
    monkeypatch.setitem(
        workflow.WORKFLOWS, "generic", {**workflow.WORKFLOWS["generic"], "reopen": extra}
    )
    assert "closed --> in_analysis : reopen" in diagram.document()
    with pytest.raises(CommandError, match="workflow_diagram --write"):
        call_command("workflow_diagram", "--check")
