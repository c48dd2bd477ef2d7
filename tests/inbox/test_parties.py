"""Outside parties in the workflow: what the citizen and the supplier may do, the
appeal, extensions, classification, and who hears of it."""

from datetime import date

import pytest
from django.core import mail

from core.models import OutboundEmail
from forms.models import Submission
from inbox import cases
from inbox.deadlines import process_deadlines
from inbox.models import (
    Case,
    CaseEvent,
    Classification,
    DeadlineKind,
    EventKind,
    Party,
    Visibility,
)
from inbox.notifications import STAFF_UPDATE
from inbox.statuses import Status
from inbox.workflow import CITIZEN, SUPPLIER, TransitionError, allowed_actions, apply

pytestmark = pytest.mark.django_db


def at(case, status):
    Submission.objects.filter(pk=case.pk).update(status=status)
    return Case.objects.select_related("submission").get(pk=case.pk)


def names(actions):
    return {action.name for action in actions}


def test_the_citizen_may_only_evaluate_complement_and_withdraw(make_submission):
    case = make_submission().case
    assert names(allowed_actions(at(case, Status.IN_ANALYSIS), None, party=CITIZEN)) == {"withdraw"}
    assert names(allowed_actions(at(case, Status.AWAITING_EVALUATION), None, party=CITIZEN)) == {
        "record_resolved",
        "record_not_resolved",
        "withdraw",
    }
    assert names(allowed_actions(at(case, Status.AWAITING_COMPLEMENT), None, party=CITIZEN)) == {
        "receive_complement",
        "withdraw",
    }
    assert allowed_actions(at(case, Status.CLOSED), None, party=CITIZEN) == []
    with pytest.raises(TransitionError):
        apply(at(case, Status.IN_ANALYSIS), "forward_to_supplier", None, party=CITIZEN)
    with pytest.raises(TransitionError):
        apply(at(case, Status.IN_ANALYSIS), "accept", None, party="somebody")


def test_the_supplier_may_answer_refuse_and_appeal_only(make_submission):
    case = make_submission().case
    assert names(allowed_actions(at(case, Status.NOTIFIED_SUPPLIER), None, party=SUPPLIER)) == {
        "record_supplier_answer",
        "supplier_refuse",
    }
    assert names(allowed_actions(at(case, Status.DECIDED), None, party=SUPPLIER)) == {"appeal"}
    assert allowed_actions(at(case, Status.AWAITING_EVALUATION), None, party=SUPPLIER) == []


def test_the_citizens_evaluation_needs_a_score_and_is_kept_on_the_case(make_submission, attendant):
    case = at(make_submission().case, Status.AWAITING_EVALUATION)
    for bad in (None, "", "0", "6", "cinco"):
        with pytest.raises(TransitionError, match="1 a 5"):
            apply(case, "record_not_resolved", None, party=CITIZEN, data={"score": bad})
    assert Case.objects.get(pk=case.pk).submission.status == Status.AWAITING_EVALUATION
    event = apply(
        case,
        "record_not_resolved",
        None,
        party=CITIZEN,
        reason="A loja não trocou.",
        data={"score": "2"},
    )
    case.refresh_from_db()
    assert case.evaluation_score == 2
    assert case.submission.status == Status.NOT_RESOLVED
    assert event.party == Party.CITIZEN and event.actor is None
    assert event.data["score"] == 2


def test_staff_may_record_an_evaluation_without_a_score(make_submission, attendant):
    case = at(make_submission().case, Status.AWAITING_EVALUATION)
    event = apply(case, "record_resolved", attendant)
    case.refresh_from_db()
    assert case.evaluation_score is None
    assert event.party == Party.STAFF


def test_withdrawing_ends_the_case_and_tells_the_assignee(
    make_submission, attendant, django_capture_on_commit_callbacks
):
    attendant.email = "atendente@procon.example"
    attendant.save()
    case = make_submission().case
    apply(case, "accept", attendant)
    cases.assign(case, attendant, attendant)
    apply(case, "forward_to_supplier", attendant)
    with django_capture_on_commit_callbacks(execute=True):
        apply(case, "withdraw", None, party=CITIZEN)
    case.refresh_from_db()
    assert case.submission.status == Status.WITHDRAWN
    assert case.deadline is None
    notice = OutboundEmail.objects.get(kind=STAFF_UPDATE)
    assert notice.to == "atendente@procon.example"
    assert case.submission.protocol in notice.subject
    assert "Maria" not in notice.body  # no personal data in staff notices
    with pytest.raises(TransitionError):
        apply(case, "withdraw", None, party=CITIZEN)


def test_an_unassigned_case_notifies_the_supervisors(
    make_submission, supervisor, django_capture_on_commit_callbacks
):
    supervisor.email = "chefe@procon.example"
    supervisor.save()
    case = at(make_submission().case, Status.AWAITING_COMPLEMENT)
    with django_capture_on_commit_callbacks(execute=True):
        apply(case, "receive_complement", None, party=CITIZEN, data={"files": [1]})
    assert list(OutboundEmail.objects.values_list("to", flat=True)) == ["chefe@procon.example"]


def test_the_appeal_runs_from_decision_to_judgement(make_submission, attendant):
    case = at(make_submission().case, Status.ADMINISTRATIVE_PROCESS)
    with pytest.raises(TransitionError):
        apply(case, "decide", attendant)  # a decision needs its text
    apply(case, "decide", attendant, reason="Multa aplicada.", today=date(2026, 5, 4))
    case.refresh_from_db()
    assert case.deadline_kind == DeadlineKind.APPEAL
    assert case.deadline == date(2026, 5, 14)
    apply(case, "appeal", None, party=SUPPLIER, reason="Não houve relação de consumo.")
    case.refresh_from_db()
    assert case.submission.status == Status.APPEALED and case.deadline is None
    apply(case, "judge_appeal", attendant, reason="Recurso negado.")
    case.refresh_from_db()
    assert case.submission.status == Status.CLOSED


def test_an_unappealed_decision_closes_when_its_deadline_passes(make_submission, attendant):
    case = at(make_submission().case, Status.ADMINISTRATIVE_PROCESS)
    apply(case, "decide", attendant, reason="Multa aplicada.", today=date(2026, 5, 4))
    assert process_deadlines(today=date(2026, 5, 14)) == {}
    assert process_deadlines(today=date(2026, 5, 15)) == {"appeal_expired": 1}
    case.refresh_from_db()
    assert case.submission.status == Status.CLOSED


def test_staff_extend_the_suppliers_deadline(make_submission, attendant):
    case = make_submission().case
    apply(case, "accept", attendant)
    apply(case, "forward_to_supplier", attendant, today=date(2026, 5, 4))
    request = cases.request_extension(case, "5", "Aguardando o fabricante.")
    assert request.visibility == Visibility.SUPPLIER
    assert request.data == {"days": 5}
    for bad in ("0", "31", "x"):
        with pytest.raises(TransitionError):
            apply(case, "grant_extension", attendant, data={"days": bad})
    event = apply(case, "grant_extension", attendant, data={"days": "5"}, today=date(2026, 5, 6))
    case.refresh_from_db()
    assert case.submission.status == Status.NOTIFIED_SUPPLIER
    assert case.deadline == date(2026, 5, 19)
    assert case.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    assert event.data["deadline"] == "2026-05-19"


def test_an_extension_is_asked_only_while_an_answer_is_awaited(make_submission):
    case = at(make_submission().case, Status.IN_ANALYSIS)
    with pytest.raises(TransitionError):
        cases.request_extension(case, 5, "Mais tempo.")
    assert not CaseEvent.objects.filter(kind=EventKind.EXTENSION_REQUEST).exists()


def test_closed_complaints_are_classified_for_the_register(make_submission, attendant):
    case = at(make_submission().case, Status.IN_ANALYSIS)
    with pytest.raises(TransitionError):
        apply(case, "classify_founded_attended", attendant)
    case = at(case, Status.CLOSED)
    apply(case, "classify_founded_not_attended", attendant)
    case.refresh_from_db()
    assert case.classification == Classification.FOUNDED_NOT_ATTENDED
    assert case.submission.status == Status.CLOSED
    with pytest.raises(TransitionError):
        apply(case, "classify_unfounded", None, party=CITIZEN)


def test_conversations_stay_with_their_party(make_submission, attendant):
    case = make_submission().case
    apply(case, "accept", attendant)
    apply(case, "forward_to_supplier", attendant)
    cases.send_message(case, attendant, "Envie a nota fiscal.")
    cases.citizen_message(case, "Segue a nota.")
    cases.message_supplier(case, attendant, "Responda até sexta.")
    cases.supplier_reply(case, "Responderemos.")
    cases.add_note(case, attendant, "Cliente recorrente.")
    citizen = set(CaseEvent.objects.filter(case=case).for_citizen().values_list("kind", flat=True))
    supplier = set(
        CaseEvent.objects.filter(case=case).for_supplier().values_list("kind", flat=True)
    )
    assert citizen == {
        EventKind.OPENED,
        EventKind.TRANSITION,
        EventKind.MESSAGE,
        EventKind.CITIZEN_MESSAGE,
    }
    assert supplier == {
        EventKind.OPENED,
        EventKind.TRANSITION,
        EventKind.SUPPLIER_MESSAGE,
        EventKind.SUPPLIER_REPLY,
    }


def test_party_messages_are_checked(make_submission):
    case = make_submission().case
    for bad in ("", "   ", "x" * 5001):
        with pytest.raises(TransitionError):
            cases.citizen_message(case, bad)
    closed = at(case, Status.CLOSED)
    with pytest.raises(TransitionError):
        cases.citizen_message(closed, "Ainda tenho dúvidas.")
    assert not CaseEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
    assert not mail.outbox


def test_staff_see_the_parties_in_the_timeline(client, make_submission, attendant):
    case = make_submission().case
    apply(case, "accept", attendant)
    apply(case, "forward_to_supplier", attendant)
    cases.supplier_reply(case, "Responderemos em breve.")
    apply(case, "grant_extension", attendant, data={"days": 3})
    client.force_login(attendant)
    page = client.get(f"/admin/casos/{case.pk}/").content.decode()
    assert "Responderemos em breve." in page
    assert "Mensagem ao fornecedor" in page  # the form to write to the supplier
    response = client.post(
        f"/admin/casos/{case.pk}/acao/", {"action": "grant_extension", "days": "40"}, follow=True
    )
    assert "1 a 30" in response.content.decode()
