"""Tracking through the API: the case by protocol and access code, and the
citizen's actions through the workflow, as on the tracking pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.models import Attachment
from inbox import workflow
from inbox.models import EventKind, Party
from inbox.statuses import Status
from tests.forms.files import pdf_bytes
from tests.tracking.conftest import CODE
from tests.tracking.test_case import to_awaiting_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def url(case, suffix=""):
    return f"/api/v1/casos/{case.submission.protocol}{suffix}"


def code(value=CODE):
    return {"X-Codigo-Acesso": value}


def test_the_case_with_its_meaning_deadline_timeline_and_actions(api, make_case, attendant):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    workflow.apply(case, "forward_to_supplier", attendant)
    response = api.get(url(case), headers=code())
    assert response.status_code == 200
    body = response.json()
    assert body["protocolo"] == case.submission.protocol
    assert body["situacao"] == Status.NOTIFIED_SUPPLIER
    assert body["situacao_texto"] and body["significado"] and body["proximo_passo"]
    case.refresh_from_db()
    assert body["prazo"]["data"] == case.deadline.isoformat()
    assert [e["parte"] for e in body["linha_do_tempo"]][-1] == Party.STAFF
    assert body["acoes"] == {
        "responder": True,
        "complementar": False,
        "avaliar": False,
        "desistir": True,
        "pedir_nova_data": False,
        "confirmar_acordo": False,
    }
    assert any(row["rotulo"] for row in body["respostas"])


def test_a_wrong_code_looks_like_an_unknown_protocol_and_locks_after_ten(api, make_case, settings):
    case = make_case()
    wrong = api.get(url(case), headers=code("ZZZZZ-99999"))
    unknown = api.get("/api/v1/casos/2026000999", headers=code())
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json()["detail"] == unknown.json()["detail"]
    for _ in range(9):
        api.get(url(case), headers=code("ZZZZZ-99999"))
    # Locked: two tries an hour for this app, even with the right code.
    statuses = [api.get(url(case), headers=code()).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_without_the_code_or_a_token(api, make_case):
    response = api.get(url(make_case()))
    assert response.status_code == 401
    assert "X-Codigo-Acesso" in response.json()["detail"]


def test_reply_with_a_file_through_the_workflow(api, make_case):
    case = make_case()
    response = api.post(
        url(case, "/mensagens"),
        headers=code(),
        data={
            "texto": "Tenho a nota fiscal.",
            "arquivos": [SimpleUploadedFile("nota.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 200, response.content
    event = case.events.get(kind=EventKind.CITIZEN_MESSAGE)
    assert event.party == Party.CITIZEN and event.body == "Tenho a nota fiscal."
    assert Attachment.objects.get(submission=case.submission).original_name == "nota.pdf"
    timeline = response.json()["linha_do_tempo"]
    assert timeline[-1]["arquivos"] == ["nota.pdf"]


def test_an_empty_reply_or_a_bad_file_sends_nothing(api, make_case):
    case = make_case()
    empty = api.post(url(case, "/mensagens"), headers=code(), data={"texto": ""})
    assert empty.status_code == 422 and "texto" in empty.json()["errors"]
    bad = api.post(
        url(case, "/mensagens"),
        headers=code(),
        data={
            "texto": "Segue.",
            "arquivos": [
                SimpleUploadedFile("nota.pdf", pdf_bytes()),
                SimpleUploadedFile("falso.pdf", b"MZ not a pdf"),
            ],
        },
    )
    assert bad.status_code == 422 and "falso.pdf" in bad.json()["detail"]
    assert not case.events.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
    assert not Attachment.objects.filter(submission=case.submission).exists()


def test_complement_when_asked(api, make_case, attendant):
    case = make_case()
    refused = api.post(url(case, "/complemento"), headers=code(), data={"texto": "x"})
    assert refused.status_code == 409
    workflow.apply(case, "accept", attendant)
    workflow.apply(case, "request_complement", attendant, reason="Envie a nota fiscal.")
    response = api.post(
        url(case, "/complemento"),
        headers=code(),
        data={"texto": "Segue a nota.", "arquivos": [SimpleUploadedFile("nota.pdf", pdf_bytes())]},
    )
    assert response.status_code == 200
    assert response.json()["situacao"] == Status.IN_ANALYSIS


def test_evaluation_with_the_web_s_messages(api, make_case, attendant):
    case = make_case()
    assert (
        api.post(url(case, "/avaliacao"), headers=code(), json_body={"resolvido": True}).status_code
        == 409
    )
    to_awaiting_evaluation(case, attendant)
    missing = api.post(url(case, "/avaliacao"), headers=code(), json_body={"resolvido": False})
    assert missing.status_code == 422
    assert missing.json()["errors"] == {"nota": ["Dê uma nota de 1 a 5."]}
    done = api.post(
        url(case, "/avaliacao"),
        headers=code(),
        json_body={"resolvido": False, "nota": 2, "comentario": "Não trocaram."},
    )
    assert done.status_code == 200
    case.refresh_from_db()
    assert case.evaluation_score == 2
    assert done.json()["acoes"]["avaliar"] is False


def test_withdraw(api, make_case):
    case = make_case()
    response = api.post(
        url(case, "/desistencia"), headers=code(), json_body={"motivo": "Resolvi com a loja."}
    )
    assert response.status_code == 200
    assert response.json()["situacao"] == Status.WITHDRAWN
    again = api.post(url(case, "/desistencia"), headers=code(), json_body={})
    assert again.status_code == 409
