"""A consultation can be withdrawn like a complaint: the confirmation page, the
event, the attendant told; never once the case is finished."""

import pytest

from core.models import OutboundEmail
from inbox import workflow
from inbox.models import EventKind, Party
from inbox.statuses import Status

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def case_url(case, suffix=""):
    return f"/acompanhar/caso/{case.submission.protocol}/{suffix}"


@pytest.fixture
def consultation(make_case, attendant):
    case = make_case(kind="consultation")
    case.assignee = attendant
    case.save()
    return case


def test_the_workflow_offers_withdraw_to_the_citizen_only(consultation, attendant):
    names = {a.name for a in workflow.allowed_actions(consultation, None, party=workflow.CITIZEN)}
    assert "withdraw" in names
    assert "withdraw" not in {a.name for a in workflow.allowed_actions(consultation, attendant)}
    with pytest.raises(workflow.TransitionError):
        workflow.apply(consultation, "withdraw", attendant)


def test_consultation_withdrawn_after_confirmation_and_the_attendant_is_told(
    client, consultation, attendant, django_capture_on_commit_callbacks
):
    workflow.apply(consultation, "accept", attendant)
    sign_in(client, consultation)
    html = client.get(case_url(consultation)).content.decode()
    assert "Desistir da consulta" in html and "Desistir da reclamação" not in html
    confirm = client.get(case_url(consultation, "desistir/"))
    assert confirm.status_code == 200
    page = confirm.content.decode()
    assert "Você quer desistir da consulta?" in page and "Sim, desistir da consulta" in page
    assert "a empresa é avisada" not in page  # no company is involved
    consultation.refresh_from_db()
    assert consultation.submission.status == Status.IN_ANALYSIS  # a GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(case_url(consultation, "desistir/"), {"reason": "Já entendi."})
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.submission.status == Status.WITHDRAWN
    event = consultation.events.get(kind=EventKind.TRANSITION, action="withdraw")
    assert event.party == Party.CITIZEN and event.reason == "Já entendi."
    assert OutboundEmail.objects.filter(kind="case_staff_update", to=attendant.email).exists()
    html = client.get(case_url(consultation)).content.decode()
    assert "Você desistiu da sua consulta." in html  # the flash message
    assert "Você desistiu desta consulta." in html  # what the status means
    assert "Você desistiu da consulta" in html  # the timeline
    assert "Escrever ao Procon" not in html


@pytest.mark.parametrize(
    "steps",
    [
        [("accept", ""), ("answer", "Pode trocar em 7 dias."), ("close", "")],  # finished
        [("reject", "Fora da competência.")],  # finished
        [("accept", ""), ("answer", "Pode trocar em 7 dias.")],  # answered: nothing to stop
    ],
)
def test_withdraw_refused_once_answered_or_finished(client, consultation, attendant, steps):
    for action, reason in steps:
        workflow.apply(consultation, action, attendant, reason=reason)
    consultation.refresh_from_db()
    status = consultation.submission.status
    with pytest.raises(workflow.TransitionError):
        workflow.apply(consultation, "withdraw", None, party=workflow.CITIZEN)
    sign_in(client, consultation)
    assert "Desistir da consulta" not in client.get(case_url(consultation)).content.decode()
    assert client.get(case_url(consultation, "desistir/")).status_code == 302
    response = client.post(case_url(consultation, "desistir/"), {"reason": "x"}, follow=True)
    assert "Esta ação não está disponível para este caso agora." in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.submission.status == status
    assert not consultation.events.filter(action="withdraw").exists()


def test_complaint_withdraw_still_reads_as_a_complaint(client, make_case):
    case = make_case()
    sign_in(client, case)
    client.post(case_url(case, "desistir/"), {"reason": ""})
    html = client.get(case_url(case)).content.decode()
    assert "Você desistiu da reclamação." in html  # the flash message
    assert "Você desistiu desta reclamação." in html
    assert "Você desistiu da consulta" not in html and "desta consulta" not in html
