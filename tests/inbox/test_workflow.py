"""The workflow table: every action, every invalid transition refused and nothing changed."""

import pytest
from django.core import mail

from forms.models import FormKind, Submission
from inbox import signals, workflow
from inbox.effects import register
from inbox.models import Case, CaseEvent, DeadlineKind, EventKind, Visibility, WorkflowSettings
from inbox.statuses import Status, status_label
from inbox.workflow import WORKFLOWS, TransitionError, allowed_actions, apply

pytestmark = pytest.mark.django_db


def snapshot(case):
    case = Case.objects.select_related("submission").get(pk=case.pk)
    return (
        case.submission.status,
        case.deadline,
        case.deadline_kind,
        case.assignee_id,
        case.duplicate_of_id,
        CaseEvent.objects.filter(case=case).count(),
    )


def test_a_new_submission_opens_a_case_awaiting_triage(make_submission):
    submission = make_submission()
    case = Case.objects.get(submission=submission)
    assert submission.status == Status.RECEIVED
    event = case.events.get()
    assert event.kind == EventKind.OPENED
    assert event.visibility == Visibility.CITIZEN


def test_the_real_submit_opens_the_case_in_its_transaction(
    client, three_step_form, django_capture_on_commit_callbacks
):
    from tests.forms.conftest import VALID_CPF, fill

    fill(client, three_step_form, 1, {"nome": "Ana", "cpf": VALID_CPF, "email_contato": "a@b.co"})
    fill(client, three_step_form, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{three_step_form.url}revisar/", {"declaration_confirmed": "on"})
    from forms.models import Submission

    submission = Submission.objects.get()
    assert Case.objects.filter(submission=submission).exists()


def test_every_status_of_each_kind_is_a_known_status():
    for actions in WORKFLOWS.values():
        for action in actions.values():
            assert action.target in Status.values
            assert set(action.sources) <= set(Status.values)


def test_complaint_happy_path_records_events_and_deadlines(make_submission, attendant):
    case = make_submission().case
    apply(case, "accept", attendant)
    forwarded = apply(case, "forward_to_supplier", attendant)
    case.refresh_from_db()
    assert case.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    assert forwarded.data["deadline"] == case.deadline.isoformat()
    apply(case, "record_supplier_answer", attendant, reason="Trocamos a TV.")
    case.refresh_from_db()
    assert case.deadline is None
    apply(case, "ask_evaluation", attendant)
    apply(case, "record_resolved", attendant)
    apply(case, "close", attendant)
    case.refresh_from_db()
    assert case.submission.status == Status.CLOSED
    transitions = list(
        case.events.filter(kind=EventKind.TRANSITION).values_list("to_status", flat=True)
    )
    assert transitions == [
        Status.IN_ANALYSIS,
        Status.NOTIFIED_SUPPLIER,
        Status.SUPPLIER_ANSWERED,
        Status.AWAITING_EVALUATION,
        Status.RESOLVED,
        Status.CLOSED,
    ]


def test_deadline_days_come_from_the_editable_settings(make_submission, attendant):
    settings = WorkflowSettings.load()
    settings.supplier_answer_days = 15
    settings.save()
    case = make_submission().case
    apply(case, "accept", attendant)
    from datetime import date

    apply(case, "forward_to_supplier", attendant, today=date(2026, 3, 1))
    case.refresh_from_db()
    assert case.deadline == date(2026, 3, 16)


@pytest.mark.parametrize("kind", list(WORKFLOWS))
def test_every_invalid_transition_is_refused_with_a_clear_message_and_changes_nothing(
    make_submission, supervisor, kind
):
    submission = make_submission(kind=kind)
    case = submission.case
    actions = WORKFLOWS[kind]
    checked = 0
    for status in sorted(workflow.statuses_for(kind)):
        Submission.objects.filter(pk=submission.pk).update(status=status)
        for action in actions.values():
            if status in action.sources:
                continue
            before = snapshot(case)
            with pytest.raises(TransitionError) as error:
                apply(case, action.name, supervisor, reason="porque sim")
            assert str(status_label(status)) in str(error.value), (status, action.name)
            assert snapshot(case) == before, (status, action.name)
            checked += 1
    assert checked > 20


def test_unknown_actions_are_refused(make_submission, supervisor):
    case = make_submission().case
    before = snapshot(case)
    with pytest.raises(TransitionError):
        apply(case, "teleport", supervisor)
    assert snapshot(case) == before


def test_a_required_reason_is_required(make_submission, attendant):
    case = make_submission().case
    before = snapshot(case)
    with pytest.raises(TransitionError):
        apply(case, "reject", attendant, reason="   ")
    assert snapshot(case) == before
    apply(case, "reject", attendant, reason="Fora da competência do Procon.")
    assert snapshot(case)[0] == Status.REJECTED


def test_system_actions_are_only_for_the_deadline_command(make_submission, supervisor):
    case = make_submission().case
    apply(case, "accept", supervisor)
    apply(case, "forward_to_supplier", supervisor)
    before = snapshot(case)
    with pytest.raises(TransitionError):
        apply(case, "supplier_deadline_expired", supervisor)
    assert snapshot(case) == before
    apply(case, "supplier_deadline_expired", None)
    assert snapshot(case)[0] == Status.DEADLINE_EXPIRED


def test_attendants_cannot_work_cases_assigned_to_someone_else(
    make_submission, attendant, other_attendant
):
    case = make_submission().case
    case.assignee = other_attendant
    case.save()
    assert allowed_actions(case, attendant) == []
    before = snapshot(case)
    with pytest.raises(TransitionError):
        apply(case, "accept", attendant)
    assert snapshot(case) == before
    assert [a.name for a in allowed_actions(case, other_attendant)][:1] == ["accept"]


def test_spam_is_silent_and_only_a_supervisor_reverses_it(
    make_submission, attendant, supervisor, mailoutbox, django_capture_on_commit_callbacks
):
    case = make_submission().case
    with django_capture_on_commit_callbacks(execute=True):
        apply(case, "mark_spam", attendant)
    assert mailoutbox == []
    assert "unmark_spam" not in [a.name for a in allowed_actions(case, attendant)]
    with pytest.raises(TransitionError):
        apply(case, "unmark_spam", attendant)
    apply(case, "unmark_spam", supervisor)
    assert snapshot(case)[0] == Status.RECEIVED


def test_rejection_emails_the_citizen_the_reason(
    make_submission, attendant, django_capture_on_commit_callbacks
):
    case = make_submission().case
    with django_capture_on_commit_callbacks(execute=True):
        apply(case, "reject", attendant, reason="Relação que não é de consumo.")
    assert len(mail.outbox) == 1
    assert "Relação que não é de consumo." in mail.outbox[0].body
    assert mail.outbox[0].to == ["maria@example.com"]


def test_duplicate_links_the_original(make_submission, attendant):
    original = make_submission()
    case = make_submission().case
    with pytest.raises(TransitionError):
        apply(case, "mark_duplicate", attendant)
    apply(case, "mark_duplicate", attendant, duplicate_of=original)
    case.refresh_from_db()
    assert case.duplicate_of == original
    assert case.submission.status == Status.DUPLICATE


def test_forwarding_fires_the_supplier_hook_and_effect_registry(
    make_submission, attendant, django_capture_on_commit_callbacks
):
    seen = []

    def receiver(sender, case, event, **kwargs):
        seen.append(("signal", case.pk, event.action))

    signals.case_forwarded_to_supplier.connect(receiver)
    register("notify_supplier")(lambda case, event: seen.append(("effect", case.pk)))
    try:
        case = make_submission().case
        apply(case, "accept", attendant)
        with django_capture_on_commit_callbacks(execute=True):
            apply(case, "forward_to_supplier", attendant)
    finally:
        signals.case_forwarded_to_supplier.disconnect(receiver)
        from inbox import effects

        effects._handlers["notify_supplier"].pop()
    assert ("signal", case.pk, "forward_to_supplier") in seen
    assert ("effect", case.pk) in seen


def test_consultation_and_enrolment_flows(make_submission, supervisor):
    consultation = make_submission(kind=FormKind.CONSULTATION).case
    apply(consultation, "accept", supervisor)
    assert "forward_to_supplier" not in [a.name for a in allowed_actions(consultation, supervisor)]
    apply(consultation, "answer", supervisor, reason="O prazo de arrependimento é de 7 dias.")
    apply(consultation, "close", supervisor)
    enrolment = make_submission(kind=FormKind.ENROLMENT).case
    apply(enrolment, "accept", supervisor)
    with pytest.raises(TransitionError, match="procuração ou contrato social"):
        apply(enrolment, "approve", supervisor)  # no proof of authority yet
    apply(enrolment, "mark_pending", supervisor, reason="Falta o contrato social.")
    with_authority_proof(enrolment.submission)
    apply(enrolment, "approve", supervisor)
    assert snapshot(enrolment)[0] == Status.APPROVED


def with_authority_proof(submission):
    """The enrolment's form asks for a proof of authority, and it was sent."""
    from tests.supplier_enrolment.conftest import attach_proof

    submission.schema["steps"][0]["fields"].append(
        {
            "key": "comprovante_poderes",
            "type": "file",
            "label": "Procuração",
            "role": "authority_proof",
        }
    )
    Submission.objects.filter(pk=submission.pk).update(schema=submission.schema)
    attach_proof(submission)
