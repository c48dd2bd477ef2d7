"""Filing through the API: forms, drafts step by step, files, review, submit.
Every answer here is also checked against the OpenAPI document (conftest)."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from api.models import ApiClient
from forms.demo import field, step
from forms.models import Submission
from tests.forms.files import image_bytes, pdf_bytes

pytestmark = pytest.mark.django_db

CPF = "529.982.247-25"
PROBLEM_JSON = "application/problem+json"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def new_draft(api, page):
    response = api.post(f"/api/v1/formularios/{page.pk}/rascunhos")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def answer(api, draft_id, number, answers):
    return api.put(
        f"/api/v1/rascunhos/{draft_id}/etapas/{number}", json_body={"respostas": answers}
    )


def send(api, draft_id, key=None, confirmed=True):
    return api.post(
        f"/api/v1/rascunhos/{draft_id}/envio",
        json_body={"declaracao_confirmada": confirmed},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


STEP_1 = {"nome": "Maria da Silva", "cpf": CPF, "email_contato": "maria@example.com"}


# --- who may call ----------------------------------------------------------------------
def test_without_a_key_the_answer_is_a_problem_in_portuguese(api, three_step_form):
    response = api.get("/api/v1/formularios", key=False)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON
    body = response.json()
    assert body["status"] == 401 and "X-Api-Key" in body["detail"]
    assert body["type"].startswith("tag:")


def test_a_wrong_or_inactive_key_is_refused(api, api_client_record, three_step_form):
    assert (
        api.get("/api/v1/formularios", headers={"X-Api-Key": "pcn_x_y"}, key=False).status_code
        == 401
    )
    api_client_record.is_active = False
    api_client_record.save()
    assert api.get("/api/v1/formularios").status_code == 401


def test_a_client_over_its_rate_limit_waits_a_minute(api, api_client_record, three_step_form):
    ApiClient.objects.filter(pk=api_client_record.pk).update(requests_per_minute=3)
    statuses = [api.get("/api/v1/formularios").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get("/api/v1/formularios")
    assert refused["Retry-After"] == "60"
    assert "3" in refused.json()["detail"]


def test_the_key_is_kept_only_as_a_hash(api_client_record):
    stored = ApiClient.objects.get(pk=api_client_record.pk)
    assert api_client_record.plain_key not in (stored.key_hash, stored.key_id)
    assert ApiClient.for_key(api_client_record.plain_key) == stored
    assert ApiClient.for_key(api_client_record.plain_key + "x") is None


# --- the forms -------------------------------------------------------------------------
def test_published_forms_only(api, make_form, three_step_form):
    hidden = make_form([step("Um", [field("singleline", "Nome", "nome")])], slug="rascunho")
    hidden.unpublish()
    listed = api.get("/api/v1/formularios").json()
    assert [f["id"] for f in listed] == [three_step_form.pk]
    assert listed[0]["tipo"] == "generic"
    assert api.get(f"/api/v1/formularios/{hidden.pk}").status_code == 404


def test_a_form_s_whole_definition(api, three_step_form):
    body = api.get(f"/api/v1/formularios/{three_step_form.pk}").json()
    assert body["declaracao"] == "Declaro que as informações são verdadeiras."
    assert [s["titulo"] for s in body["etapas"]] == [
        "Identificação",
        "Detalhes",
        "Contato com a empresa",
    ]
    cpf = body["etapas"][0]["itens"][1]
    assert cpf["chave"] == "cpf" and cpf["tipo"] == "cpf" and cpf["papel"] == "consumer_cpf"
    assert cpf["obrigatorio"] is True and cpf["formato_resposta"] == "text"
    details = {item["chave"]: item for item in body["etapas"][1]["itens"]}
    assert [o["valor"] for o in details["procurou"]["opcoes"]] == ["Sim", "Não"]
    assert details["protocolo_sac"]["condicao"] == {
        "campo": "procurou",
        "operador": "equals",
        "valor": "sim",
    }
    assert details["valor"]["obrigatorio"] is False
    assert body["etapas"][2]["condicao"]["campo"] == "procurou"


# --- a draft, step by step ------------------------------------------------------------
def test_filing_step_by_step_with_the_web_s_messages(api, client, three_step_form):
    draft_id = new_draft(api, three_step_form)
    refused = answer(api, draft_id, 1, {**STEP_1, "cpf": "111.111.111-11"})
    assert refused.status_code == 422
    problem = refused.json()
    assert problem["etapa"] == 1 and list(problem["errors"]) == ["cpf"]
    # The same message the web shows for the same input.
    web = client.post(f"{three_step_form.url}etapa/1/", {**STEP_1, "cpf": "111.111.111-11"})
    assert problem["errors"]["cpf"][0] in web.content.decode()

    # Later steps wait for the earlier ones.
    early = answer(api, draft_id, 2, {"procurou": "Não", "data_compra": "2026-01-10"})
    assert early.status_code == 409 and early.json()["etapa"] == 1

    state = answer(api, draft_id, 1, STEP_1).json()
    assert state["etapas"][0]["completa"] is True
    assert state["etapas"][0]["respostas"]["cpf"] == CPF
    assert state["proxima_etapa"] == 2

    state = answer(
        api, draft_id, 2, {"procurou": "Não", "data_compra": "2026-01-10", "valor": 1234.5}
    ).json()
    assert state["etapas"][1]["respostas"]["valor"] == "1234.50"
    # "Não": the third step does not apply, and cannot be answered.
    assert state["etapas"][2]["visivel"] is False and state["proxima_etapa"] is None
    assert (
        answer(api, draft_id, 3, {"resposta": "x"}).json()["type"].endswith("etapa-nao-se-aplica")
    )

    review = api.get(f"/api/v1/rascunhos/{draft_id}/revisao").json()
    rows = {row["chave"]: row["resposta"] for s in review["etapas"] for row in s["respostas"]}
    assert rows["valor"] == "R$\xa01.234,50" and rows["procurou"] == "Não"

    unconfirmed = send(api, draft_id, confirmed=False)
    assert unconfirmed.status_code == 422
    assert "declaracao_confirmada" in unconfirmed.json()["errors"]
    sent = send(api, draft_id)
    assert sent.status_code == 201
    body = sent.json()
    submission = Submission.objects.get(protocol=body["protocolo"])
    assert submission.consumer_cpf == "52998224725"
    assert submission.form_data["procurou"] == "Não"
    assert len(body["codigo_acesso"]) == 11 and body["situacao"] == submission.status


def test_answers_of_the_wrong_shape_or_unknown_keys_are_named(api, three_step_form):
    draft_id = new_draft(api, three_step_form)
    problem = answer(api, draft_id, 1, {**STEP_1, "nome": ["a"], "idade": 3}).json()
    assert problem["errors"]["nome"] == ["Envie esta resposta como texto."]
    assert "idade" in problem["errors"]


def test_a_badly_shaped_request_is_a_problem_too(api, three_step_form):
    draft_id = new_draft(api, three_step_form)
    response = api.put(f"/api/v1/rascunhos/{draft_id}/etapas/1", json_body={"outra": 1})
    assert response.status_code == 422 and response["Content-Type"] == PROBLEM_JSON
    assert "respostas" in response.json()["errors"]


def test_submit_is_idempotent(api, three_step_form):
    draft_id = new_draft(api, three_step_form)
    answer(api, draft_id, 1, STEP_1)
    answer(api, draft_id, 2, {"procurou": "Não", "data_compra": "2026-01-10"})
    first = send(api, draft_id, key="envio-1").json()
    again = send(api, draft_id, key="envio-1").json()
    assert again == first
    assert Submission.objects.count() == 1
    other_key = send(api, draft_id, key="envio-2")
    assert other_key.status_code == 409
    assert other_key.json()["protocolo"] == first["protocolo"]
    # A sent draft no longer takes answers.
    assert answer(api, draft_id, 1, STEP_1).status_code == 409
    # A key already used, for another draft: refused, not a second case.
    second = new_draft(api, three_step_form)
    assert send(api, second, key="envio-1").status_code == 422


def test_a_missing_idempotency_key_is_refused(api, three_step_form):
    draft_id = new_draft(api, three_step_form)
    response = api.post(
        f"/api/v1/rascunhos/{draft_id}/envio", json_body={"declaracao_confirmada": True}
    )
    assert response.status_code == 422 and "Idempotency-Key" in str(response.json()["errors"])


def test_an_incomplete_draft_is_not_sent(api, three_step_form):
    draft_id = new_draft(api, three_step_form)
    answer(api, draft_id, 1, STEP_1)
    response = send(api, draft_id)
    assert response.status_code == 409 and response.json()["etapa"] == 2
    assert not Submission.objects.exists()


def test_a_draft_belongs_to_the_client_that_started_it(api, client, three_step_form):
    from tests.api.conftest import Caller

    draft_id = new_draft(api, three_step_form)
    other = ApiClient(name="Outro app")
    key = other.new_key()
    other.save()
    stranger = Caller(client, key)
    assert stranger.get(f"/api/v1/rascunhos/{draft_id}").status_code == 404
    assert stranger.get(f"/api/v1/rascunhos/{uuid.uuid4()}").status_code == 404
    assert stranger.get("/api/v1/rascunhos/nao-e-um-uuid").status_code == 404


def test_an_expired_draft_is_gone(api, three_step_form):
    from django.utils import timezone

    from forms.models import Draft

    draft_id = new_draft(api, three_step_form)
    Draft.objects.filter(pk=draft_id).update(expires_at=timezone.now())
    response = api.get(f"/api/v1/rascunhos/{draft_id}")
    assert response.status_code == 410


# --- editors change the form: the API follows ------------------------------------------
def test_a_field_an_editor_adds_shows_and_is_stored(api, three_step_form):
    page = three_step_form
    stream = list(page.steps.raw_data)
    stream[0]["value"]["fields"].append(
        field("singleline", "Número do pedido", "numero_pedido", role="")
    )
    page.steps = stream
    page.save_revision().publish()
    body = api.get(f"/api/v1/formularios/{page.pk}").json()
    keys = [item["chave"] for item in body["etapas"][0]["itens"]]
    assert keys[-1] == "numero_pedido"

    draft_id = new_draft(api, page)
    missing = answer(api, draft_id, 1, STEP_1).json()
    assert missing["errors"] == {"numero_pedido": ["Preencha “Número do pedido”."]}
    answer(api, draft_id, 1, {**STEP_1, "numero_pedido": "PED-778"})
    answer(api, draft_id, 2, {"procurou": "Não", "data_compra": "2026-01-10"})
    protocol = send(api, draft_id).json()["protocolo"]
    assert Submission.objects.get(protocol=protocol).form_data["numero_pedido"] == "PED-778"


# --- files ----------------------------------------------------------------------------
@pytest.fixture
def documents_form(make_form):
    return make_form(
        [
            step(
                "Documentos",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field(
                        "file",
                        "Comprovantes",
                        "comprovantes",
                        kinds=["pdf", "jpeg"],
                        max_size_mb=1,
                        max_files=2,
                        document_kind="ask",
                    ),
                    field(
                        "address",
                        "Endereço",
                        "endereco",
                        role="consumer_address",
                        required=False,
                    ),
                ],
            ),
        ],
        slug="com-anexos",
    )


def attach(api, draft_id, name, content, kind="purchase_proof", key="comprovantes"):
    return api.post(
        f"/api/v1/rascunhos/{draft_id}/anexos",
        data={
            "campo": key,
            "tipo_documento": kind,
            "arquivo": SimpleUploadedFile(name, content),
        },
    )


def test_files_are_checked_attached_and_sent(api, documents_form):
    body = api.get(f"/api/v1/formularios/{documents_form.pk}").json()
    files = body["etapas"][0]["itens"][1]["arquivos"]
    assert files["tipos"] == ["pdf", "jpeg"] and files["maximo_arquivos"] == 2
    assert files["pergunta_tipo_documento"] is True and files["tamanho_maximo_mb"] == 1

    draft_id = new_draft(api, documents_form)
    missing = answer(api, draft_id, 1, {"nome": "Maria"}).json()
    assert missing["errors"] == {"comprovantes": ["Anexe um arquivo em “Comprovantes”."]}

    fake = attach(api, draft_id, "nota.pdf", b"<html>not a pdf</html>")
    assert fake.status_code == 422 and "nota.pdf" in fake.json()["detail"]
    no_kind = attach(api, draft_id, "nota.pdf", pdf_bytes(), kind="")
    assert no_kind.status_code == 422 and "tipo_documento" in no_kind.json()["errors"]

    pdf = attach(api, draft_id, "nota.pdf", pdf_bytes())
    assert pdf.status_code == 201
    assert pdf.json()["tipo_conteudo"] == "application/pdf"
    photo = attach(api, draft_id, "foto.jpg", image_bytes(), kind="other").json()
    third = attach(api, draft_id, "outra.jpg", image_bytes())
    assert third.status_code == 422
    assert third.json()["errors"]["comprovantes"] == [
        "“outra.jpg” não foi anexado: no máximo 2 arquivos aqui."
    ]
    removed = api.delete(f"/api/v1/rascunhos/{draft_id}/anexos/{photo['id']}")
    assert removed.status_code == 204
    photo = attach(api, draft_id, "foto.jpg", image_bytes(), kind="other").json()
    assert api.delete(f"/api/v1/rascunhos/{draft_id}/anexos/{uuid.uuid4()}").status_code == 404

    state = answer(
        api,
        draft_id,
        1,
        {
            "nome": "Maria",
            "endereco": {
                "cep": "78005-000",
                "street": "Rua Barão de Melgaço",
                "number": "100",
                "municipality": "Cuiabá",
                "state": "MT",
            },
        },
    ).json()
    assert [a["nome"] for a in state["anexos"]] == ["nota.pdf", "foto.jpg"]
    assert state["etapas"][0]["respostas"]["endereco"]["street"] == "Rua Barão de Melgaço"
    sent = send(api, draft_id).json()
    submission = Submission.objects.get(protocol=sent["protocolo"])
    assert sorted(a.original_name for a in submission.attachments.all()) == [
        "foto.jpg",
        "nota.pdf",
    ]
    assert {a["kind"] for a in submission.form_data["comprovantes"]} == {
        "purchase_proof",
        "other",
    }
    assert photo["tipo_documento"] == "other"


def test_an_address_of_the_wrong_shape_says_which_parts(api, documents_form):
    draft_id = new_draft(api, documents_form)
    problem = answer(api, draft_id, 1, {"nome": "Maria", "endereco": "Rua X, 10"}).json()
    assert "cep, street, number" in problem["errors"]["endereco"][0]


def test_attaching_to_a_field_that_is_not_a_file_field(api, documents_form):
    draft_id = new_draft(api, documents_form)
    response = attach(api, draft_id, "nota.pdf", pdf_bytes(), key="nome")
    assert response.status_code == 422 and "campo" in response.json()["errors"]


# --- the document -----------------------------------------------------------------------
def test_the_openapi_document_is_valid_openapi_3_1(client):
    from openapi_spec_validator import OpenAPIV31SpecValidator

    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    OpenAPIV31SpecValidator(document).validate()
    errors = document["paths"]["/api/v1/rascunhos/{draft_id}/envio"]["post"]["responses"]
    assert "application/problem+json" in errors["422"]["content"]


def test_the_docs_are_served_from_the_site(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


# --- the site's own error answers, for the API -------------------------------------------
def test_a_body_too_large_is_a_problem(api, settings, three_step_form):
    settings.MAX_REQUEST_BODY_MB = 1
    draft_id = new_draft(api, three_step_form)
    response = api.post(
        f"/api/v1/rascunhos/{draft_id}/anexos",
        data={"campo": "x", "arquivo": SimpleUploadedFile("grande.pdf", b"0" * (2 * 1024 * 1024))},
    )
    assert response.status_code == 413
    assert response["Content-Type"] == PROBLEM_JSON
    assert "1 MB" in response.json()["detail"]


def test_a_server_error_is_a_problem(client, monkeypatch, api_client_record, three_step_form):
    from api import filing

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(filing, "published_forms", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/formularios", HTTP_X_API_KEY=api_client_record.plain_key)
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["type"].endswith("/erro-interno")


def test_a_draft_of_a_form_taken_down_is_gone(api, three_step_form):
    draft_id = new_draft(api, three_step_form)
    three_step_form.unpublish()
    response = answer(api, draft_id, 1, STEP_1)
    assert response.status_code == 410
    assert response.json()["type"].endswith("/formulario-retirado")
