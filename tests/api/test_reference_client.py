"""The reference client (examples/api_client.py) against the running site, over
HTTP only: it files the demo complaint with two attachments, follows the case,
replies with a file and evaluates, while staff move the case on in the inbox."""

import importlib.util
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from api.models import ApiClient
from forms.models import FormKind, FormPage, Submission
from inbox import workflow
from inbox.statuses import Status
from tests.forms.files import image_bytes, pdf_bytes
from tests.inbox.conftest import ensure_roles

_spec = importlib.util.spec_from_file_location(
    "api_client", Path(__file__).resolve().parents[2] / "examples" / "api_client.py"
)
api_client = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(api_client)
Problem, ProconClient = api_client.Problem, api_client.ProconClient

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {
    "nome": "Maria da Silva",
    "cpf": "529.982.247-25",
    "email_contato": "maria@example.com",
    "endereco": {
        "cep": "78005-000",
        "street": "Rua Barão de Melgaço",
        "number": "100",
        "district": "Centro",
        "municipality": "Cuiabá",
        "state": "MT",
    },
    "empresa": "Loja Exemplo Ltda",
    "data_compra": "2026-03-02",
    "valor": 1299.9,
    "como_comprou": "Internet",
    "procurou_empresa": "Sim",
    "protocolo_sac": "SAC-5521",
    "descricao": "O celular chegou com a tela quebrada e a loja não troca.",
    "pedido": "Troca do produto",
}


@pytest.fixture
def app_key(transactional_db):
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    record = ApiClient(name="MT Cidadão", requests_per_minute=600)
    key = record.new_key()
    record.save()
    return key


def staff():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from inbox.permissions import ATTENDANTS

    ensure_roles()
    user = get_user_model().objects.create_user("atendente", password="senha-forte-123")
    user.groups.add(Group.objects.get(name=ATTENDANTS))
    return user


def checked(client):
    """Every answer the client gets is checked against the OpenAPI document."""
    from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

    from .conftest import spec

    def check(response, *args, **kwargs):
        spec().validate_response(
            RequestsOpenAPIRequest(response.request), RequestsOpenAPIResponse(response)
        )
        checked.count += 1

    client.http.hooks["response"].append(check)
    return client


checked.count = 0


def test_file_track_reply_and_evaluate_over_http(live_server, app_key):
    client = checked(ProconClient(live_server.url, app_key))
    form_id = next(f["id"] for f in client.forms() if f["tipo"] == FormKind.COMPLAINT)
    definition = client.form(form_id)
    items = {i["chave"]: i for s in definition["etapas"] for i in s["itens"] if i.get("chave")}
    answers = {
        **ANSWERS,
        "problema": items["problema"]["opcoes"][0]["valor"],
        "pedido": items["pedido"]["opcoes"][0]["valor"],
    }
    sent = client.fill(
        form_id,
        answers,
        files=[
            ("documentos", "nota-fiscal.pdf", pdf_bytes(), "purchase_proof"),
            ("documentos", "foto-tela.jpg", image_bytes(), "other"),
        ],
    )
    protocol, code = sent["protocolo"], sent["codigo_acesso"]
    submission = Submission.objects.get(protocol=protocol)
    assert submission.consumer_cpf == "52998224725"
    assert submission.form_data["protocolo_sac"] == "SAC-5521"
    assert sorted(a.original_name for a in submission.attachments.all()) == [
        "foto-tela.jpg",
        "nota-fiscal.pdf",
    ]

    case = client.case(protocol, code)
    assert case["situacao"] == Status.RECEIVED
    assert {f["nome"] for f in case["arquivos"]} >= {"nota-fiscal.pdf", "foto-tela.jpg"}

    replied = client.reply(
        protocol, code, "Segue o print da conversa.", [("conversa.png", image_bytes("PNG"))]
    )
    assert replied["linha_do_tempo"][-1]["arquivos"] == ["conversa.png"]

    attendant = staff()
    for action, reason in [
        ("accept", ""),
        ("forward_to_supplier", ""),
        ("record_supplier_answer", "Trocamos o aparelho."),
        ("ask_evaluation", ""),
    ]:
        workflow.apply(submission.case, action, attendant, reason=reason)
    case = client.case(protocol, code)
    assert case["situacao"] == Status.AWAITING_EVALUATION and case["acoes"]["avaliar"]

    try:
        client.evaluate(protocol, code, resolved=True, score=None)
    except Problem as problem:
        assert problem.status == 422 and "nota" in problem.errors
    else:
        pytest.fail("an evaluation without a score was accepted")
    evaluated = client.evaluate(protocol, code, resolved=True, score=5, comment="Resolvido.")
    assert evaluated["situacao"] == Status.RESOLVED
    assert not evaluated["acoes"]["avaliar"]
    assert checked.count >= 15  # every call above, checked against the document


def test_a_wrong_code_is_a_problem_for_the_client(live_server, app_key):
    client = checked(ProconClient(live_server.url, app_key))
    with pytest.raises(Problem) as raised:
        client.case("2026000001", "ABCDE-23456")
    assert raised.value.status == 404
    assert FormPage.objects.exists()
