"""The citizen's gov.br token on the API, against the local OpenID provider:
who the token is, forms filled in and the CPF locked, drafts and cases that
answer only to that CPF."""

import uuid

import pytest

from forms.models import Submission
from identity import oidc
from tests.oidc_fixtures import oidc_provider  # noqa: F401

from .test_filing import STEP_1, answer, new_draft, send

pytestmark = pytest.mark.django_db

MARIA = "52998224725"
JOAO = "11144477735"


@pytest.fixture
def govbr(settings, oidc_provider):  # noqa: F811
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = oidc_provider.web_client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.web_client_secret
    return oidc_provider


@pytest.fixture
def bearer(govbr):
    tokens = {}

    def of(cpf):
        if cpf not in tokens:
            tokens[cpf] = govbr.token_for(cpf)["access_token"]
        return {"Authorization": f"Bearer {tokens[cpf]}"}

    return of


def test_who_the_token_is(api, bearer):
    body = api.get("/api/v1/cidadao", headers=bearer(MARIA)).json()
    assert body == {"cpf": MARIA, "nome": "Maria da Silva", "email": "maria@example.com"}
    assert api.get("/api/v1/cidadao").status_code == 401


def test_a_refused_token_is_a_problem(api, govbr):
    response = api.get("/api/v1/cidadao", headers={"Authorization": "Bearer nao-e-um-token"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["type"].endswith("/token")


def test_the_provider_is_asked_once_per_token_for_a_while(api, bearer, monkeypatch):
    asked = []
    real = oidc.userinfo
    monkeypatch.setattr(oidc, "userinfo", lambda token: asked.append(1) or real(token))
    headers = bearer(MARIA)
    for _ in range(3):
        assert api.get("/api/v1/cidadao", headers=headers).status_code == 200
    assert len(asked) == 1


def test_an_unreachable_provider_is_a_503(api, settings, govbr):
    settings.OIDC_ISSUER = "http://127.0.0.1:9/o"
    response = api.get("/api/v1/cidadao", headers={"Authorization": "Bearer x"})
    assert response.status_code == 503 and response["Retry-After"] == "60"


def test_tokens_of_other_apps_are_refused_when_the_site_names_its_apps(api, bearer, settings):
    settings.OIDC_API_CLIENT_IDS = ["outro-app"]
    assert api.get("/api/v1/cidadao", headers=bearer(MARIA)).status_code == 401
    settings.OIDC_API_CLIENT_IDS = ["procon-app"]
    from django.core.cache import cache

    cache.clear()
    assert api.get("/api/v1/cidadao", headers=bearer(MARIA)).status_code == 200


def test_the_form_comes_filled_in_and_the_cpf_locked(api, bearer, three_step_form):
    body = api.get(f"/api/v1/formularios/{three_step_form.pk}", headers=bearer(MARIA)).json()
    items = {item["chave"]: item for item in body["etapas"][0]["itens"]}
    assert items["cpf"]["valor_inicial"] == "529.982.247-25" and items["cpf"]["bloqueado"]
    assert items["nome"]["valor_inicial"] == "Maria da Silva" and not items["nome"]["bloqueado"]

    draft_id = api.post(
        f"/api/v1/formularios/{three_step_form.pk}/rascunhos", headers=bearer(MARIA)
    ).json()["id"]
    step = api.put(
        f"/api/v1/rascunhos/{draft_id}/etapas/1",
        json_body={"respostas": {**STEP_1, "cpf": "111.444.777-35"}},
        headers=bearer(MARIA),
    )
    assert step.json()["etapas"][0]["respostas"]["cpf"] == "529.982.247-25"
    # The draft answers to Maria only.
    assert api.get(f"/api/v1/rascunhos/{draft_id}").status_code == 404
    assert api.get(f"/api/v1/rascunhos/{draft_id}", headers=bearer(JOAO)).status_code == 404
    api.put(
        f"/api/v1/rascunhos/{draft_id}/etapas/2",
        json_body={"respostas": {"procurou": "Não", "data_compra": "2026-01-10"}},
        headers=bearer(MARIA),
    )
    sent = api.post(
        f"/api/v1/rascunhos/{draft_id}/envio",
        json_body={"declaracao_confirmada": True},
        headers={**bearer(MARIA), "Idempotency-Key": str(uuid.uuid4())},
    ).json()
    assert Submission.objects.get(protocol=sent["protocolo"]).consumer_cpf == MARIA


def test_one_citizen_s_token_never_sees_another_s_cases(api, bearer, three_step_form):
    protocols = {}
    for cpf, formatted in [(MARIA, "529.982.247-25"), (JOAO, "111.444.777-35")]:
        draft_id = new_draft(api, three_step_form)
        answer(api, draft_id, 1, {**STEP_1, "cpf": formatted})
        answer(api, draft_id, 2, {"procurou": "Não", "data_compra": "2026-01-10"})
        protocols[cpf] = send(api, draft_id).json()["protocolo"]

    mine = api.get("/api/v1/casos", headers=bearer(MARIA)).json()
    assert [c["protocolo"] for c in mine] == [protocols[MARIA]]
    case = api.get(f"/api/v1/casos/{protocols[MARIA]}", headers=bearer(MARIA))
    assert case.status_code == 200 and case.json()["protocolo"] == protocols[MARIA]
    other = api.get(f"/api/v1/casos/{protocols[JOAO]}", headers=bearer(MARIA))
    assert other.status_code == 404
    assert api.get("/api/v1/casos").status_code == 401
    assert api.get(f"/api/v1/casos/{protocols[MARIA]}").status_code == 401
    # An action with the token alone.
    replied = api.post(
        f"/api/v1/casos/{protocols[MARIA]}/mensagens",
        data={"texto": "Tenho mais informações."},
        headers=bearer(MARIA),
    )
    assert replied.status_code == 200
    assert replied.json()["linha_do_tempo"][-1]["texto"] == "Tenho mais informações."
    refused = api.post(
        f"/api/v1/casos/{protocols[JOAO]}/mensagens",
        data={"texto": "Olá"},
        headers=bearer(MARIA),
    )
    assert refused.status_code == 404
