"""The citizen's case page and the actions it offers, each through the workflow."""

import json

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from core.models import OutboundEmail
from forms.models import Attachment
from inbox import workflow
from inbox.cases import send_message
from inbox.models import CaseEvent, EventKind, Party
from inbox.statuses import Status
from tests.forms.files import pdf_bytes

from .conftest import sign_in

pytestmark = pytest.mark.django_db


def case_url(case, suffix=""):
    return f"/acompanhar/caso/{case.submission.protocol}/{suffix}"


def to_awaiting_evaluation(case, attendant, answer="Trocamos o aparelho."):
    for action, reason in [
        ("accept", ""),
        ("forward_to_supplier", ""),
        ("record_supplier_answer", answer),
        ("ask_evaluation", ""),
    ]:
        workflow.apply(case, action, attendant, reason=reason)
    case.refresh_from_db()
    return case


def test_case_page_shows_status_meaning_deadline_answer_timeline_and_files(
    client, make_case, attendant
):
    case = make_case()
    Attachment.objects.create(
        submission=case.submission,
        field_key="docs",
        original_name="nota-fiscal.pdf",
        content_type="application/pdf",
        size=1234,
        sha256="0" * 64,
        storage_name="2026/05/nota",
    )
    workflow.apply(case, "accept", attendant)
    send_message(case, attendant, "Recebemos sua reclamação.")
    CaseEvent.objects.create(
        case=case, kind=EventKind.NOTE, party=Party.STAFF, body="Nota interna secreta"
    )
    workflow.apply(case, "forward_to_supplier", attendant)
    workflow.apply(case, "record_supplier_answer", attendant, reason="Vamos reembolsar.")
    sign_in(client, case)
    html = client.get(case_url(case)).content.decode()
    assert "respondida pelo fornecedor" in html
    assert "A empresa respondeu à sua reclamação." in html  # what it means
    assert "Resposta da empresa" in html and "Vamos reembolsar." in html
    assert "Recebemos sua reclamação." in html
    assert "Nota interna secreta" not in html
    assert "nota-fiscal.pdf" in html and "/anexos/cidadao/" in html
    assert "Desistir da reclamação" in html  # withdrawing is open here
    assert "Avaliar a resposta da empresa" not in html


def test_deadline_with_days_left(client, make_case, attendant):
    case = make_case()
    with time_machine.travel("2026-05-01 12:00", tick=False):
        workflow.apply(case, "accept", attendant)
        workflow.apply(case, "forward_to_supplier", attendant)  # 10 days
        sign_in(client, case)
        html = client.get(case_url(case)).content.decode()
    assert "Prazo para a empresa responder" in html
    assert "11 de maio de 2026" in html and "faltam 10 dias" in html


def test_reply_goes_through_the_inbox_and_tells_the_attendant(
    client, make_case, attendant, django_capture_on_commit_callbacks
):
    case = make_case()
    case.assignee = attendant
    case.save()
    sign_in(client, case)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(case_url(case), {"text": "Ainda não recebi o reembolso."})
    assert response.status_code == 302
    event = CaseEvent.objects.get(kind=EventKind.CITIZEN_MESSAGE)
    assert event.body == "Ainda não recebi o reembolso." and event.party == Party.CITIZEN
    assert OutboundEmail.objects.filter(kind="case_staff_update", to=attendant.email).exists()
    assert "Ainda não recebi o reembolso." in client.get(case_url(case)).content.decode()


def test_replies_are_limited_per_case(client, make_case, settings):
    settings.TRACKING_RATE_LIMIT_MESSAGES = "2/86400"
    case = make_case()
    sign_in(client, case)
    for number in range(2):
        assert client.post(case_url(case), {"text": f"Mensagem {number}"}).status_code == 302
    response = client.post(case_url(case), {"text": "Mais uma"})
    assert response.status_code == 429
    assert CaseEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).count() == 2


def test_empty_reply_is_an_error_on_the_page(client, make_case):
    case = make_case()
    sign_in(client, case)
    response = client.post(case_url(case), {"text": "  "})
    assert response.status_code == 400
    assert "Há um problema" in response.content.decode()
    assert not CaseEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).exists()


def test_evaluation_records_outcome_score_and_comment(client, make_case, attendant):
    case = to_awaiting_evaluation(make_case(), attendant)
    sign_in(client, case)
    html = client.get(case_url(case)).content.decode()
    assert "Avaliar a resposta da empresa" in html
    assert client.get(case_url(case, "avaliar/")).status_code == 200
    response = client.post(
        case_url(case, "avaliar/"),
        {"outcome": "record_not_resolved", "score": "2", "comment": "Não trocaram."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.submission.status == Status.NOT_RESOLVED
    assert case.evaluation_score == 2
    event = case.events.get(action="record_not_resolved")
    assert event.party == Party.CITIZEN and event.reason == "Não trocaram."
    html = client.get(case_url(case)).content.decode()
    assert "Você avaliou: não resolvida" in html and "Nota: 2/5" in html
    # Once is enough: the form is gone.
    assert client.get(case_url(case, "avaliar/")).status_code == 302


def test_evaluation_needs_outcome_and_score(client, make_case, attendant):
    case = to_awaiting_evaluation(make_case(), attendant)
    sign_in(client, case)
    response = client.post(case_url(case, "avaliar/"), {"comment": "?"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Diga se o seu problema foi resolvido." in html
    assert "Dê uma nota de 1 a 5." in html or "1 a 5" in html
    case.refresh_from_db()
    assert case.submission.status == Status.AWAITING_EVALUATION


def test_evaluation_closed_after_the_deadline(client, make_case, attendant):
    with time_machine.travel("2026-05-01 12:00", tick=False):
        case = to_awaiting_evaluation(make_case(), attendant)  # deadline 2026-05-21
    sign_in(client, case)
    with time_machine.travel("2026-05-21 20:00", tick=False):
        assert client.get(case_url(case, "avaliar/")).status_code == 200  # last day
    with time_machine.travel("2026-05-22 09:00", tick=False):
        assert client.get(case_url(case, "avaliar/")).status_code == 302
        client.post(case_url(case, "avaliar/"), {"outcome": "record_resolved", "score": "5"})
    case.refresh_from_db()
    assert case.submission.status == Status.AWAITING_EVALUATION


def test_evaluation_form_refused_in_other_statuses(client, make_case):
    case = make_case()
    sign_in(client, case)
    response = client.post(case_url(case, "avaliar/"), {"outcome": "record_resolved", "score": "5"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.submission.status == Status.RECEIVED


def test_complement_stores_checked_files_and_moves_the_case_on(client, make_case, attendant):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    workflow.apply(case, "request_complement", attendant, reason="Envie a nota fiscal.")
    sign_in(client, case)
    page = client.get(case_url(case, "complementar/"))
    assert "Envie a nota fiscal." in page.content.decode()
    upload = SimpleUploadedFile("nota.pdf", pdf_bytes(), content_type="application/pdf")
    response = client.post(
        case_url(case, "complementar/"), {"files": [upload], "text": "Segue a nota."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.submission.status == Status.IN_ANALYSIS
    attachment = Attachment.objects.get(submission=case.submission)
    assert attachment.original_name == "nota.pdf"
    event = case.events.get(action="receive_complement")
    assert event.party == Party.CITIZEN and event.data["files"] == [str(attachment.pk)]
    assert event.reason == "Segue a nota."
    assert "nota.pdf" in client.get(case_url(case)).content.decode()


def test_complement_refuses_a_bad_file_and_stores_nothing(client, make_case, attendant):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    workflow.apply(case, "request_complement", attendant, reason="Envie a nota fiscal.")
    sign_in(client, case)
    good = SimpleUploadedFile("nota.pdf", pdf_bytes(), content_type="application/pdf")
    fake = SimpleUploadedFile("foto.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    response = client.post(case_url(case, "complementar/"), {"files": [good, fake]})
    assert response.status_code == 400
    assert "foto.jpg" in response.content.decode()
    assert not Attachment.objects.exists()
    case.refresh_from_db()
    assert case.submission.status == Status.AWAITING_COMPLEMENT


def test_complement_needs_something(client, make_case, attendant):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    workflow.apply(case, "request_complement", attendant, reason="Envie a nota.")
    sign_in(client, case)
    response = client.post(case_url(case, "complementar/"), {"text": ""})
    assert response.status_code == 400
    assert "Envie um documento ou escreva a informação pedida." in response.content.decode()


def test_withdraw_asks_for_confirmation_then_withdraws(client, make_case):
    case = make_case()
    sign_in(client, case)
    confirm = client.get(case_url(case, "desistir/"))
    assert confirm.status_code == 200
    assert "Sim, desistir da reclamação" in confirm.content.decode()
    case.refresh_from_db()
    assert case.submission.status == Status.RECEIVED  # a GET changes nothing
    response = client.post(case_url(case, "desistir/"), {"reason": "Resolvi com a loja."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.submission.status == Status.WITHDRAWN
    html = client.get(case_url(case)).content.decode()
    assert "Você desistiu desta reclamação." in html
    assert "Escrever ao Procon" not in html  # a finished case takes no messages


def test_actions_without_access_redirect_to_start_and_change_nothing(client, make_case):
    case = make_case()
    for suffix in ["", "avaliar/", "complementar/", "desistir/", "meus-dados.json"]:
        response = client.post(case_url(case, suffix), {"text": "x", "reason": "x"})
        assert response.status_code == 302
        assert response["Location"].startswith("/acompanhar/?protocolo=")
    case.refresh_from_db()
    assert case.submission.status == Status.RECEIVED
    assert not CaseEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).exists()


def test_data_download_json_and_pdf_are_logged(client, make_case, attendant):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    CaseEvent.objects.create(
        case=case, kind=EventKind.NOTE, party=Party.STAFF, body="Nota interna secreta"
    )
    sign_in(client, case)
    response = client.get(case_url(case, "meus-dados.json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["protocol"] == case.submission.protocol
    assert data["personal_data"]["name"] == "Maria da Silva"
    assert data["answers"][0]["fields"][0] == {"question": "Nome", "answer": "Maria da Silva"}
    assert [event["title"] for event in data["events"]] == [
        "Caso registrado",
        "Situação alterada para “em análise”",
    ]
    assert "Nota interna secreta" not in response.content.decode()
    pdf = client.get(case_url(case, "meus-dados.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Type"] == "application/pdf"
    logged = ModelLogEntry.objects.filter(action="procon.tracking_download", object_id=str(case.pk))
    assert sorted(entry.data["detail"] for entry in logged) == ["json", "pdf"]
    for entry in logged:  # the consumer, who has no account: the party says who
        assert entry.user is None and entry.data["party"] == "citizen"
        assert entry.label == case.submission.protocol
        assert "Maria" not in str(entry.__dict__)


def test_pdf_escapes_markup_in_answers(make_case):
    from tracking import export

    case = make_case()
    case.submission.form_data["nome"] = "<b>Maria & cia</b>"
    case.submission.save()
    data = export.protocol_data(case.submission)
    assert export.as_pdf(data).startswith(b"%PDF")


def test_case_page_query_count_is_bounded(
    client, make_case, attendant, django_assert_max_num_queries
):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    for number in range(5):
        send_message(case, attendant, f"Mensagem {number}")
    sign_in(client, case)
    with django_assert_max_num_queries(20):
        assert client.get(case_url(case)).status_code == 200
