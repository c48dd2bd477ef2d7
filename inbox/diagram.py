"""docs/inbox.md, generated from the workflow table: one Mermaid state diagram
and one table of actions per form kind, so the documentation cannot drift from
the code (a test compares them; `manage.py workflow_diagram --write` rewrites it).
"""

from pathlib import Path

from django.conf import settings
from django.utils import translation

from .statuses import FINAL, Status, status_label
from .workflow import WORKFLOWS, actions_for, statuses_for

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "inbox.md"

KIND_TITLES = {
    "complaint": "Complaint (reclamação)",
    "consultation": "Consultation (consulta)",
    "enrolment": "Supplier enrolment (adesão de fornecedor)",
    "generic": "Generic form",
}

HEADER = """# The case workflow

<!-- Generated from inbox/workflow.py by `python manage.py workflow_diagram --write`.
     Do not edit by hand: tests/inbox/test_workflow_diagram.py fails when this file
     and the workflow table differ. -->

Every status change of a case goes through `inbox.workflow.apply(case, action, ...)`,
which checks the table below, changes the status and the deadline, records a
`CaseEvent` (with its visibility) and queues the action's effects, all in one
transaction. Nothing else writes a case's status or deadline
(tests/inbox/test_one_writer.py scans the source for it).

Status labels are the pt-BR ones users read. "who": staff (attendants on their own
or unassigned cases, supervisors on any), supervisor, supplier (the supplier area),
citizen (the tracking page), system (the deadline command and the letters' delivery).
"""


HEARINGS = """## Conciliation hearing (audiência de conciliação)

When a supplier's answer left the problem unsolved (`not_resolved`), the deadline
expired, or an earlier hearing ended without agreement, staff may call both parties
to a hearing before any administrative process. `inbox.hearings` writes the
`Hearing` row and takes the workflow action in one transaction; the staff pages are
under `/admin/casos/<id>/audiencia/` (schedule, reschedule, outcome).

- **Schedule** (`schedule_hearing`): a date and time in the future and a place, a
  video call link, or both. The hearing's day becomes the case's deadline (kind
  `hearing`: the day staff record the outcome; no expiry action). The consumer is
  e-mailed and sees it on the tracking page; the supplier's representatives are
  e-mailed (effect `supplier_hearing`), or, for a supplier notified by post, a
  letter with a one-case access code goes into the print queue (`Letter.hearing`).
- **Reschedule**: each party may ask once per hearing (tracking page, supplier
  area; an event `reschedule_request` seen by that party and staff only). Staff
  move the hearing (`reschedule_hearing`, both parties told again, a new letter for
  a supplier by post) or keep the date with a reason (`deny_reschedule`).
- **Outcome**, once the hearing's time has come: an agreement (terms and a due date,
  today or later) goes to `agreement`; no agreement and the supplier's absence go to
  `conciliation_failed`, from which staff open the administrative process, close, or
  try another hearing; the consumer's absence files (closes) the complaint. Each
  outcome writes the minutes (ata) as a PDF, stored privately as an attachment of
  the case (`field_key` "ata") and listed on the event, so the consumer (signed
  link on the tracking page), the supplier (its area) and the case's staff download
  it like any case file, every download logged in `AttachmentAccess`; anyone else
  gets a 404.
- **After the due date** the consumer says on the tracking page whether the
  agreement was kept: kept closes the case (`agreement_kept`); not kept
  (`agreement_broken`, saying what was not done) returns it to staff in
  `agreement_broken`, who open the administrative process (or close). Without an
  answer within `WorkflowSettings.agreement_confirmation_days` after the due date
  (default 10), the agreement counts as kept and the case closes
  (`agreement_confirmation_expired`).
"""


def _ordered_statuses(kind):
    order = list(Status.values)
    return sorted(statuses_for(kind), key=order.index)


def mermaid(kind):
    """The Mermaid stateDiagram of `kind`'s workflow."""
    lines = ["stateDiagram-v2"]
    for status in _ordered_statuses(kind):
        lines.append(f"    {status} : {status_label(status)}")
    lines.append(f"    [*] --> {Status.RECEIVED}")
    for action in actions_for(kind).values():
        for source in action.sources:
            lines.append(f"    {source} --> {action.target} : {action.name}")
    for status in _ordered_statuses(kind):
        if status in FINAL:
            lines.append(f"    {status} --> [*]")
    return "\n".join(lines)


def _action_row(action):
    deadline = action.starts or ("+ n days" if action.extends else "")
    if action.holds:
        deadline = "held (no date)"
    cells = [
        f"`{action.name}`",
        ", ".join(action.sources),
        action.target,
        ", ".join(action.who),
        "yes" if action.reason_required else "",
        deadline,
        str(action.visibility),
        ", ".join(action.effects),
    ]
    return "| " + " | ".join(cells) + " |"


def document():
    """The whole of docs/inbox.md."""
    parts = [HEADER]
    with translation.override("pt-br"):
        for kind in WORKFLOWS:
            parts.append(f"## {KIND_TITLES.get(kind, kind)}\n")
            parts.append(f"```mermaid\n{mermaid(kind)}\n```\n")
            parts.append(
                "| action | from | to | who | reason | deadline | visibility | effects |\n"
                "|---|---|---|---|---|---|---|---|"
            )
            parts.append("\n".join(_action_row(a) for a in actions_for(kind).values()) + "\n")
            if kind == "complaint":
                parts.append(HEARINGS)
    return "\n".join(parts)
