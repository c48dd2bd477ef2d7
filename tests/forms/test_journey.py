"""A citizen fills a multi-step form with the Django test client."""

import re

import pytest
from django.core import mail

from forms.models import Draft, Submission
from forms.protocol import ProtocolNumber
from forms.submission import access_code_matches

from .conftest import CUIABA, VALID_CPF, fill

pytestmark = pytest.mark.django_db

STEP1 = {"nome": "Maria da Silva", "cpf": "52998224725", "email_contato": "maria@example.com"}
STEP2_NO = {"procurou": "Não", "data_compra": "2026-01-15", "valor": "1.234,56"}
STEP2_YES = {**STEP2_NO, "procurou": "Sim", "protocolo_sac": "SAC-998877"}


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1].strip()


def test_complete_journey_with_conditional_step_skipped(client, three_step_form):
    page = three_step_form
    assert client.get(page.url).status_code == 200
    response = client.get(f"{page.url}etapa/1/")
    assert "Etapa 1 de 3" in response.content.decode()

    response = fill(client, page, 1, STEP1)
    assert response.status_code == 302 and response["Location"] == f"{page.url}etapa/2/"
    # A typed-but-irrelevant SAC protocol is ignored when the answer is "Não".
    response = fill(client, page, 2, {**STEP2_NO, "protocolo_sac": "<script>x</script>"})
    assert response["Location"] == f"{page.url}revisar/"

    review = client.get(f"{page.url}revisar/")
    html = review.content.decode()
    assert "Maria da Silva" in html and VALID_CPF in html
    assert "15/01/2026" in html and "R$\xa01.234,56" in html
    assert "Protocolo do SAC" not in html and "Contato com a empresa" not in html
    assert 'href="/formulario/etapa/2/?voltar=revisar#id_procurou_0"' in html

    # The declaration must be ticked.
    response = client.post(f"{page.url}revisar/", {})
    assert response.status_code == 200
    assert title_of(response).startswith("Erro:")
    assert Submission.objects.count() == 0

    response = client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    assert response["Location"] == f"{page.url}enviado/"
    submission = Submission.objects.get()
    assert submission.form_data == {
        "nome": "Maria da Silva",
        "cpf": VALID_CPF,
        "email_contato": "maria@example.com",
        "procurou": "Não",
        "data_compra": "2026-01-15",
        "valor": "1234.56",
    }
    assert submission.consumer_cpf == "52998224725"
    assert submission.consumer_name == "Maria da Silva"
    assert submission.consumer_email == "maria@example.com"
    assert submission.kind == page.kind
    assert submission.status == "received"
    assert ProtocolNumber.parse(submission.protocol) == submission.protocol_number

    confirmation = client.get(f"{page.url}enviado/").content.decode()
    assert submission.protocol in confirmation
    code = re.search(r'access-code"><strong>([A-Z0-9-]+)<', confirmation)[1]
    assert access_code_matches(submission, code)
    assert not access_code_matches(submission, "AAAAA-AAAAA")
    assert code not in submission.access_code_hash


def test_conditional_step_shown_and_counted(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    response = fill(client, page, 2, STEP2_YES)
    assert response["Location"] == f"{page.url}etapa/3/"
    assert "Etapa 3 de 3" in client.get(f"{page.url}etapa/3/").content.decode()
    fill(client, page, 3, {"resposta": "Disseram para esperar."})
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    data = Submission.objects.get().form_data
    assert data["protocolo_sac"] == "SAC-998877"
    assert data["resposta"] == "Disseram para esperar."


def test_required_conditional_field_is_required_when_shown(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    response = fill(client, page, 2, {**STEP2_YES, "protocolo_sac": ""})
    assert response.status_code == 200
    assert 'href="#id_protocolo_sac"' in response.content.decode()


def test_invalid_input_keeps_other_answers_and_shows_summary(client, three_step_form):
    page = three_step_form
    response = fill(
        client, page, 1, {"nome": "Maria", "cpf": "111.111.111-11", "email_contato": "nao-e-email"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert title_of(response).startswith("Erro:")
    assert "data-error-summary" in html
    assert 'href="#id_cpf"' in html and 'href="#id_email_contato"' in html
    assert 'value="Maria"' in html and 'value="111.111.111-11"' in html
    assert Draft.objects.count() == 0  # nothing half-saved


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"data_compra": "31/02/2026"}, "data_compra"),
        ({"data_compra": "2999-01-01"}, "data_compra"),
        ({"valor": "12,345"}, "valor"),
        ({"valor": "-5"}, "valor"),
        ({"valor": "abc"}, "valor"),
    ],
)
def test_invalid_dates_and_money_are_explained(client, three_step_form, data, field):
    page = three_step_form
    fill(client, page, 1, STEP1)
    response = fill(client, page, 2, {**STEP2_NO, **data})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="#id_{field}"' in html
    # the other answers of the step are still there
    assert 'value="Não" checked' in html or 'checked value="Não"' in html or "checked" in html


def test_going_back_shows_what_was_typed(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, {**STEP1, "cpf": "529.982.247-25"})
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert 'value="529.982.247-25"' in html
    assert 'value="Maria da Silva"' in html
    assert "Erro" not in title_of(client.get(f"{page.url}etapa/1/"))


def test_cannot_skip_ahead(client, three_step_form):
    page = three_step_form
    response = client.get(f"{page.url}etapa/2/")
    assert response["Location"] == f"{page.url}etapa/1/"
    response = client.get(f"{page.url}revisar/")
    assert response["Location"] == page.url
    assert client.get(f"{page.url}etapa/9/").status_code == 404


def test_conditional_step_hidden_redirects(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    response = client.get(f"{page.url}etapa/3/")
    assert response["Location"] == f"{page.url}revisar/"


def test_change_link_returns_to_review(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    html = client.get(f"{page.url}etapa/1/?voltar=revisar").content.decode()
    assert 'name="voltar" value="revisar"' in html
    response = fill(client, page, 1, {**STEP1, "nome": "Maria Souza", "voltar": "revisar"})
    assert response["Location"] == f"{page.url}revisar/"
    assert "Maria Souza" in client.get(f"{page.url}revisar/").content.decode()


def test_changing_an_answer_that_opens_a_step_goes_to_that_step(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    response = fill(client, page, 2, {**STEP2_YES, "voltar": "revisar"})
    assert response["Location"] == f"{page.url}etapa/3/"


def test_replayed_submit_returns_the_same_protocol(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    first = client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    second = client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    assert first["Location"] == second["Location"] == f"{page.url}enviado/"
    assert Submission.objects.count() == 1


def test_receipt_email_has_protocol_but_no_answers(
    client, three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    submission = Submission.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@example.com"]
    assert submission.protocol in message.subject
    assert submission.protocol in message.body
    for personal in ("Maria", "529.982.247-25", "1.234,56"):
        assert personal not in message.body


def test_tampered_draft_cookie_is_ignored(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    cookie_name = f"procon_rascunho_{page.pk}"
    client.cookies[cookie_name] = client.cookies[cookie_name].value + "x"
    assert client.get(f"{page.url}etapa/2/")["Location"] == f"{page.url}etapa/1/"


def test_new_visit_after_sending_starts_a_new_draft(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert "Maria da Silva" not in html
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    assert Submission.objects.count() == 2


def test_municipality_field_uses_the_agency_state(client, make_form, municipalities):
    from forms.demo import field, step

    page = make_form([step("Onde", [field("municipality", "Município", "municipio")])])
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert f'value="{CUIABA}"' in html and "Cuiabá" in html
    response = fill(client, page, 1, {"municipio": CUIABA})
    assert response["Location"] == f"{page.url}revisar/"
    client.post(f"{page.url}revisar/")
    assert Submission.objects.get().form_data["municipio"]["name"] == "Cuiabá"


def test_form_pages_are_not_cached(client, three_step_form):
    response = client.get(f"{three_step_form.url}etapa/1/")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_submission_created_signal_runs_inside_the_transaction(client, three_step_form):
    from django.db import connection

    from forms.signals import submission_created

    seen = []

    def receiver(sender, submission, **kwargs):
        seen.append((submission.protocol, connection.in_atomic_block))

    submission_created.connect(receiver)
    try:
        fill(client, three_step_form, 1, STEP1)
        fill(client, three_step_form, 2, STEP2_NO)
        client.post(f"{three_step_form.url}revisar/", {"declaration_confirmed": "on"})
        client.post(f"{three_step_form.url}revisar/", {"declaration_confirmed": "on"})
    finally:
        submission_created.disconnect(receiver)
    assert seen == [(Submission.objects.get().protocol, True)]


@pytest.mark.parametrize(
    ("post", "field_key", "message"),
    [
        ({"cnpj": "11.222.333/0001-80"}, "cnpj", "dígitos verificadores"),
        ({"cnpj": "123"}, "cnpj", "14 caracteres"),
        ({"cep": "7800"}, "cep", "8 dígitos"),
        ({"cpf": "529.982.247-2"}, "cpf", "11 dígitos"),
        ({"telefone": "(20) 99999-9999"}, "telefone", "DDD"),
    ],
)
def test_brazilian_fields_explain_mistakes_in_portuguese(
    client, make_form, post, field_key, message
):
    from forms.demo import field, step

    page = make_form(
        [
            step(
                "Dados",
                [
                    field("singleline", "Nome", "nome"),
                    field("cpf", "CPF", "cpf", required=False),
                    field("cnpj", "CNPJ", "cnpj", required=False),
                    field("cep", "CEP", "cep", required=False),
                    field("phone", "Telefone", "telefone", required=False),
                ],
            )
        ]
    )
    response = fill(client, page, 1, {"nome": "Loja da Esquina", **post})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="#id_{field_key}"' in html
    assert message in html
    assert 'value="Loja da Esquina"' in html


def test_problem_field_offers_the_taxonomy_grouped(client, make_form):
    from forms.demo import field, step
    from services.models import Problem, Subject, Topic

    telecom = Topic.objects.create(name="Telecomunicações", slug="telecom")
    mobile = Subject.objects.create(topic=telecom, name="Telefonia móvel", slug="movel")
    Problem.objects.create(subject=mobile, name="Cobrança indevida", slug="cobranca")
    banks = Topic.objects.create(name="Bancos", slug="bancos", sort_order=1)
    cards = Subject.objects.create(topic=banks, name="Cartão de crédito", slug="cartao")
    Problem.objects.create(subject=cards, name="Juros abusivos", slug="juros")

    page = make_form(
        [
            step(
                "Problema",
                [
                    field("problem", "Qual foi o problema?", "problema", role="problem"),
                    field(
                        "singleline",
                        "Número da linha",
                        "linha",
                        condition={
                            "field": "problema",
                            "operator": "equals",
                            "value": "telecomunicacoes",
                        },
                    ),
                ],
            )
        ]
    )
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert '<optgroup label="Telecomunicações — Telefonia móvel">' in html
    assert 'value="bancos/cartao/juros"' in html

    response = fill(client, page, 1, {"problema": "bancos/cartao/nao-existe"})
    assert 'href="#id_problema"' in response.content.decode()

    fill(client, page, 1, {"problema": "telecom/movel/cobranca", "linha": "(65) 99999-0000"})
    assert (
        "Telecomunicações \u203a Telefonia móvel \u203a Cobrança indevida"
        in client.get(f"{page.url}revisar/").content.decode()
    )
    client.post(f"{page.url}revisar/")
    stored = Submission.objects.get().form_data
    assert stored["problema"]["problem_slug"] == "cobranca"
    assert stored["problema"]["topic"] == "Telecomunicações"
    assert stored["linha"] == "(65) 99999-0000"  # condition on the topic's name held


def test_problem_list_is_kept_and_an_editors_change_shows_at_once(
    client, make_form, django_assert_max_num_queries
):
    from forms.demo import field, step
    from forms.fields import problem_taxonomy
    from services.models import Problem, Subject, Topic

    telecom = Topic.objects.create(name="Telecomunicações", slug="telecom")
    mobile = Subject.objects.create(topic=telecom, name="Telefonia móvel", slug="movel")
    problem = Problem.objects.create(subject=mobile, name="Cobrança indevida", slug="cobranca")
    page = make_form([step("Problema", [field("problem", "Qual foi o problema?", "problema")])])
    url = f"{page.url}etapa/1/"
    assert "Cobrança indevida" in client.get(url).content.decode()
    with django_assert_max_num_queries(0):
        problem_taxonomy()  # kept: no query

    problem.name = "Cobrança em dobro"
    problem.save()
    assert "Cobrança em dobro" in client.get(url).content.decode()
    mobile.name = "Celular"
    mobile.save()
    assert '<optgroup label="Telecomunicações — Celular">' in client.get(url).content.decode()
    Problem.objects.create(subject=mobile, name="Portabilidade negada", slug="portabilidade")
    assert "Portabilidade negada" in client.get(url).content.decode()
    problem.delete()
    html = client.get(url).content.decode()
    assert "Cobrança em dobro" not in html
    response = fill(client, page, 1, {"problema": "telecom/movel/cobranca"})
    assert 'href="#id_problema"' in response.content.decode()  # refused: no longer offered


def test_tracking_link_only_when_the_site_has_a_tracking_page(client, three_step_form, settings):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2_NO)
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    settings.TRACKING_PATH = ""
    assert "Acompanhar o seu caso" not in client.get(f"{page.url}enviado/").content.decode()
    settings.TRACKING_PATH = "/acompanhar/"
    html = client.get(f"{page.url}enviado/").content.decode()
    from forms.models import Submission

    protocol = Submission.objects.get().protocol
    assert f'<a href="/acompanhar/?protocolo={protocol}">Acompanhar o seu caso</a>' in html
