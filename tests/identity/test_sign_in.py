"""Sign-in with gov.br on the website, against a real OpenID provider on
loopback: the citizen goes to the provider and back (authorization code with
PKCE), the form fills in name, CPF and e-mail (the CPF locked), and "Meus casos"
lists the cases of that CPF and no other."""

import re

import pytest

from forms.models import FormKind, FormPage, Submission
from tests.browser.test_tracking import stored_complaint
from tests.oidc_fixtures import http_session

pytestmark = pytest.mark.django_db(transaction=True)

MARIA = "52998224725"
JOAO = "11144477735"


def signed_in(govbr, live_server, cpf, next_path="/acompanhar/meus-casos/"):
    """A browser-like session signed in on the site with gov.br, and the page it
    landed on."""
    session = govbr.session_for(cpf)
    landed = session.get(
        f"{live_server.url}/contas/govbr/entrar/", params={"next": next_path}, timeout=20
    )
    return session, landed


def complaint_of(cpf):
    case = stored_complaint()
    Submission.objects.filter(pk=case.submission_id).update(consumer_cpf=cpf)
    return case.submission.protocol


def test_my_cases_lists_only_the_signed_in_cpf(govbr, live_server, demo_forms):
    mine = complaint_of(MARIA)
    other = complaint_of(JOAO)
    session, landed = signed_in(govbr, live_server, MARIA)
    assert landed.status_code == 200
    assert landed.url == f"{live_server.url}/acompanhar/meus-casos/"
    assert "Maria da Silva" in landed.text and "529.982.247-25" in landed.text
    assert mine in landed.text and other not in landed.text
    # The case opens without protocol or code; another CPF's case does not.
    assert session.get(f"{live_server.url}/acompanhar/caso/{mine}/").url.endswith(f"/caso/{mine}/")
    refused = session.get(f"{live_server.url}/acompanhar/caso/{other}/")
    assert "/acompanhar/?protocolo=" in refused.url
    # Leaving ends it.
    page = session.get(f"{live_server.url}/acompanhar/meus-casos/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    session.post(
        f"{live_server.url}/acompanhar/sair/",
        data={"csrfmiddlewaretoken": token},
        headers={"Referer": f"{live_server.url}/acompanhar/meus-casos/"},
    )
    after = session.get(f"{live_server.url}/acompanhar/meus-casos/")
    assert after.url == f"{live_server.url}/acompanhar/"


def test_a_citizen_without_cases_sees_an_empty_list(govbr, live_server, demo_forms):
    complaint_of(MARIA)
    _session, landed = signed_in(govbr, live_server, JOAO)
    assert "João Pereira" in landed.text
    assert 'data-testid="no-cases"' in landed.text


def test_the_form_fills_in_name_cpf_and_email_and_locks_the_cpf(govbr, live_server, demo_forms):
    form = FormPage.objects.get(kind=FormKind.COMPLAINT, locale__language_code="pt-br")
    session, start = signed_in(govbr, live_server, MARIA, next_path=form.url)
    assert start.url == f"{live_server.url}{form.url}"
    assert 'data-testid="signed-in"' in start.text
    step = session.get(f"{live_server.url}{form.url}etapa/1/").text
    assert re.search(r'<input[^>]*name="nome"[^>]*value="Maria da Silva"', step)
    assert re.search(r'<input[^>]*name="email_contato"[^>]*value="maria@example.com"', step)
    cpf_input = re.search(r'<input[^>]*name="cpf"[^>]*>', step).group(0)
    assert 'value="529.982.247-25"' in cpf_input and "disabled" in cpf_input
    # A CPF posted anyway is ignored: the step keeps the account's.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', step).group(1)
    session.post(
        f"{live_server.url}{form.url}etapa/1/",
        data={
            "csrfmiddlewaretoken": token,
            "nome": "Maria da Silva",
            "cpf": "111.444.777-35",
            "email_contato": "maria@example.com",
            "telefone": "(65) 99999-9999",
            "endereco": ["78005-000", "Rua Barão de Melgaço", "100", "", "Centro", "Cuiabá", "MT"],
        },
        headers={"Referer": f"{live_server.url}{form.url}etapa/1/"},
    )
    from forms.models import Draft

    draft = Draft.objects.get(page=form)
    assert draft.steps["0"]["answers"]["cpf"] == "529.982.247-25"


def test_a_forged_return_is_refused_and_nothing_signed_in(govbr, live_server, demo_forms):
    session = http_session()
    answer = session.get(
        f"{live_server.url}/contas/govbr/retorno/", params={"code": "x", "state": "forjado"}
    )
    assert answer.status_code == 400
    assert 'data-testid="sign-in-failed"' in answer.text
    mine = session.get(f"{live_server.url}/acompanhar/meus-casos/")
    assert mine.url == f"{live_server.url}/acompanhar/"


def test_the_provider_refusing_comes_back_as_a_clear_page(govbr, live_server, demo_forms):
    session = http_session()
    start = session.get(f"{live_server.url}/contas/govbr/entrar/", allow_redirects=False)
    assert start.status_code == 302 and start.headers["Location"].startswith(govbr.issuer)
    assert "code_challenge=" in start.headers["Location"]
    assert "code_challenge_method=S256" in start.headers["Location"]
    state = re.search(r"state=([^&]+)", start.headers["Location"]).group(1)
    answer = session.get(
        f"{live_server.url}/contas/govbr/retorno/",
        params={"error": "access_denied", "state": state},
    )
    assert answer.status_code == 400
    assert 'data-testid="sign-in-failed"' in answer.text
