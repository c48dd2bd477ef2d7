"""Several representatives and a proof of authority on enrolment; managers who
invite and revoke representatives in the supplier area; a supplier without an
active representative notified by post, with a warning; letters without an
address kept out of the print queue."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from core.models import OutboundEmail
from forms import access
from forms.models import Attachment, AttachmentAccess, Submission
from inbox import workflow
from inbox.models import CaseEvent, WorkflowSettings
from supplier_enrolment import enrolment
from supplier_enrolment.models import Letter, Representative, Supplier
from tests.forms.files import pdf, upload

from .conftest import CNPJ_LETTER, CNPJ_X, PASSWORD, choose_password, representative_of

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


def sign_in(client, email, password=PASSWORD):
    return client.post("/fornecedor/", {"entrar-email": email, "entrar-password": password})


def approved(make_enrolment, supervisor, **answers):
    submission = make_enrolment(**answers)
    workflow.apply(submission.case, "accept", supervisor)
    workflow.apply(submission.case, "approve", supervisor)
    return submission


# --- the enrolment form ----------------------------------------------------------------

COMPANY = {
    "cnpj": "48.273.615/0001-18",
    "razao_social": "Loja Modelo Ltda.",
    "email_empresa": "contato@modelo.example",
    "telefone_empresa": "(65) 3025-1000",
    "endereco": "Rua Barão de Melgaço, 200, Cuiabá - MT",
}
FIRST = {
    "representante_nome": "Rita Souza",
    "representante_cpf": "529.982.247-25",
    "representante_email": "rita@modelo.example",
    "representante_telefone": "(65) 99999-1000",
    "outro_representante": "Sim",
}
SECOND = {
    "representante2_nome": "Caio Lima",
    "representante2_cpf": "111.444.777-35",
    "representante2_email": "caio@modelo.example",
    "representante2_telefone": "(65) 99999-2000",
    "mais_um_representante": "Não",
}


def fill_until_proof(client, page):
    """The company, two representatives; returns the proof step's address."""
    where = f"{page.url}etapa/1/"
    for data in (COMPANY, FIRST, SECOND):
        response = client.post(where, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        where = response["Location"]
    assert where.endswith("/etapa/5/")  # the third representative's step is skipped
    return where


def test_the_proof_of_authority_is_required_and_checked_like_every_upload(
    client, enrolment_form, supervisor
):
    proof_step = fill_until_proof(client, enrolment_form)
    html = client.post(proof_step, {}).content.decode()
    assert "Anexe um arquivo em “Procuração ou contrato social”" in html
    # A text file named .pdf is refused by its content, as any upload is.
    fake = upload("procuracao.pdf", b"isto nao e um pdf", "application/pdf")
    html = client.post(proof_step, {"comprovante_poderes": [fake]}).content.decode()
    assert "Há um problema" in html and not Attachment.objects.exists()
    response = client.post(proof_step, {"comprovante_poderes": [pdf("contrato-social.pdf")]})
    assert response.status_code == 302
    client.post(f"{enrolment_form.url}revisar/", {"declaration_confirmed": "on"})
    submission = Submission.objects.get()
    assert [p["email"] for p in enrolment.representatives_named(submission)] == [
        "rita@modelo.example",
        "caio@modelo.example",
    ]
    proof = enrolment.authority_proofs(submission).get()
    assert proof.original_name == "contrato-social.pdf"

    workflow.apply(submission.case, "accept", supervisor)
    workflow.apply(submission.case, "approve", supervisor)
    people = Representative.objects.filter(supplier__cnpj=CNPJ_X).order_by("pk")
    assert [(p.name, p.email, p.is_manager) for p in people] == [
        ("Rita Souza", "rita@modelo.example", True),
        ("Caio Lima", "caio@modelo.example", True),
    ]
    links = OutboundEmail.objects.filter(kind=enrolment.SET_PASSWORD_EMAIL)
    assert sorted(links.values_list("to", flat=True)) == [
        "caio@modelo.example",
        "rita@modelo.example",
    ]
    assert all("/fornecedor/senha/" in body for body in links.values_list("body", flat=True))

    # Staff download it (logged); a representative of the company cannot.
    staff = Client()
    staff.force_login(supervisor)
    response = staff.get(access.staff_url(proof))
    assert response.status_code == 200
    log = AttachmentAccess.objects.get(attachment=proof)
    assert (log.action, log.user) == ("download", supervisor)
    rita = people[0]
    rita.user.set_password(PASSWORD)
    rita.user.save()
    company = Client()
    sign_in(company, "rita@modelo.example")
    assert company.get(access.staff_url(proof)).status_code in (302, 404)


def test_an_enrolment_without_the_proof_cannot_be_approved(make_enrolment, supervisor):
    submission = make_enrolment(proof=False)
    workflow.apply(submission.case, "accept", supervisor)
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.apply(submission.case, "approve", supervisor)
    assert "procuração ou contrato social" in str(refused.value.message)
    submission.refresh_from_db()
    assert submission.status == "in_analysis"
    assert not Supplier.objects.filter(cnpj=CNPJ_X).exists()
    assert not Representative.objects.exists()


def test_further_representatives_are_grouped_by_name_and_repeated_emails_count_once(
    make_enrolment,
):
    submission = make_enrolment(
        outro_representante="Sim",
        representante2_nome="Caio",
        representante2_email="CAIO@x.example",
        mais_um_representante="Sim",
        representante3_nome="Rita de novo",
        representante3_email="rep@empresa.example",  # the first one's
    )
    people = enrolment.representatives_named(submission)
    assert [(p["name"], p["email"]) for p in people] == [
        ("Rita Representante", "rep@empresa.example"),
        ("Caio", "caio@x.example"),
    ]


# --- managers invite and revoke -------------------------------------------------------


@pytest.fixture
def company(make_enrolment, supervisor):
    """An approved company with two managers (Rita and Caio), passwords set."""
    approved(
        make_enrolment,
        supervisor,
        outro_representante="Sim",
        representante2_nome="Caio Lima",
        representante2_email="caio@x.example",
        mais_um_representante="Não",
    )
    for person in Representative.objects.all():
        person.user.set_password(PASSWORD)
        person.user.save()
    return Supplier.objects.get(cnpj=CNPJ_X)


def test_a_manager_invites_a_representative_who_gets_the_set_password_link(client, company):
    sign_in(client, "caio@x.example")
    page = client.get("/fornecedor/representantes/")
    assert page.status_code == 200 and "Rita Representante" in page.content.decode()
    response = client.post(
        "/fornecedor/representantes/",
        {
            "convite-supplier": company.pk,
            "convite-name": "Nina Nova",
            "convite-email": "Nina@X.example",
            "convite-cpf": "111.444.777-35",
        },
    )
    assert response.status_code == 302
    nina = Representative.objects.get(email="nina@x.example")
    assert not nina.is_manager and nina.invited_by.email == "caio@x.example"
    assert nina.cpf == "11144477735"
    link = OutboundEmail.objects.filter(kind=enrolment.SET_PASSWORD_EMAIL, to="nina@x.example")
    uid, token = re.search(r"/fornecedor/senha/([^/]+)/([^/]+)/", link.get().body).groups()
    # The existing set-password flow: she chooses a password and signs in.
    chosen = choose_password(Client(), f"/fornecedor/senha/{uid}/{token}/", "Nina-Senha-Forte-2026")
    assert chosen.status_code == 302
    nina_client = Client()
    signed = sign_in(nina_client, "nina@x.example", "Nina-Senha-Forte-2026")
    assert signed["Location"] == "/fornecedor/casos/"
    # Not a manager: no representatives page, no invitation.
    assert nina_client.get("/fornecedor/representantes/").status_code == 404
    with pytest.raises(ValidationError):
        enrolment.invite(company, nina.user, name="X", email="x@x.example")


def test_inviting_someone_who_already_represents_the_company_is_refused(client, company):
    sign_in(client, "caio@x.example")
    response = client.post(
        "/fornecedor/representantes/",
        {
            "convite-supplier": company.pk,
            "convite-name": "Rita",
            "convite-email": "rep@empresa.example",
        },
    )
    assert response.status_code == 400
    assert "rep@empresa.example já representa esta empresa." in response.content.decode()
    assert Representative.objects.count() == 2


def test_a_manager_revokes_a_representative_who_can_no_longer_act(client, company):
    rita = Representative.objects.get(email="rep@empresa.example")
    rita_client = Client()
    sign_in(rita_client, "rep@empresa.example")
    assert rita_client.get("/fornecedor/casos/").status_code == 200
    sign_in(client, "caio@x.example")
    response = client.post(f"/fornecedor/representantes/{rita.pk}/revogar/")
    assert response.status_code == 302
    rita.refresh_from_db()
    assert rita.revoked_at is not None and rita.revoked_by.email == "caio@x.example"
    # Her open session is refused from the next request, and she cannot sign in.
    assert rita_client.get("/fornecedor/casos/")["Location"] == "/fornecedor/"
    assert sign_in(Client(), "rep@empresa.example").status_code == 400


def test_the_last_active_representative_and_the_last_manager_cannot_be_revoked(company):
    rita = Representative.objects.get(email="rep@empresa.example")
    caio = Representative.objects.get(email="caio@x.example")
    enrolment.revoke(rita, caio.user)
    with pytest.raises(ValidationError) as last:
        enrolment.revoke(caio, caio.user)
    assert "pelo menos um representante ativo" in last.value.messages[0]
    nina = enrolment.invite(company, caio.user, name="Nina", email="nina@x.example")
    with pytest.raises(ValidationError) as last_manager:
        enrolment.revoke(caio, caio.user)
    assert "pelo menos um gestor" in last_manager.value.messages[0]
    assert Representative.objects.active().filter(pk__in=[caio.pk, nina.pk]).count() == 2


def test_only_a_manager_of_the_same_company_may_revoke(client, company):
    other = representative_of("37190426000165", "outra@y.example", "Empresa Y")
    rita = Representative.objects.get(email="rep@empresa.example")
    sign_in(client, "outra@y.example")  # a manager, of another company
    assert client.post(f"/fornecedor/representantes/{rita.pk}/revogar/").status_code == 404
    with pytest.raises(ValidationError):
        enrolment.revoke(rita, other.user)
    rita.refresh_from_db()
    assert rita.revoked_at is None


# --- forwarding to a company without an active representative ----------------------------


def test_an_enrolled_supplier_without_active_representative_is_notified_by_post_with_a_warning(
    make_submission, forward, admin_client
):
    supplier = Supplier.objects.create(
        cnpj=CNPJ_LETTER, legal_name="Chapada Ltda.", enrolled=True, address="Rua A, 1, Cuiabá"
    )
    representative = representative_of(CNPJ_LETTER, "so@chapada.example", "Chapada Ltda.")
    enrolment.revoke(representative)  # staff revoke the only one in the admin
    case = forward(make_submission(supplier_cnpj=CNPJ_LETTER))
    assert case.forwarding.by_post and case.deadline is None
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.PENDING and letter.address == supplier.address
    assert not OutboundEmail.objects.filter(kind="supplier_case_notice").exists()
    hold = CaseEvent.objects.get(case=case, action="hold_supplier_deadline")
    assert "não tem representante ativo" in hold.reason
    html = admin_client.get(f"/admin/casos/{case.pk}/").content.decode()
    assert 'data-testid="case-notice"' in html
    assert "Chapada Ltda. aderiu, mas não tem representante ativo" in html
    assert "começa na entrega da carta" in html


def test_a_letter_without_an_address_waits_outside_the_print_queue(
    make_submission, forward, admin_client
):
    case = forward(make_submission(supplier_cnpj=CNPJ_LETTER))  # not in the registry
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.NO_ADDRESS
    html = admin_client.get(f"/admin/casos/{case.pk}/").content.decode()
    assert "A carta não tem endereço e fica fora da fila de impressão" in html
    # Printing and posting it are refused, in Portuguese; nothing changes.
    response = admin_client.get(f"/admin/cartas/{letter.pk}/pdf/", follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "Esta carta não tem endereço" in response.content.decode()
    response = admin_client.post("/admin/cartas/lote/", {"letter": str(letter.pk)}, follow=True)
    assert "Cartas sem endereço" in response.content.decode()
    response = admin_client.post(
        f"/admin/cartas/{letter.pk}/postada/", {"tracking_code": "JT1BR"}, follow=True
    )
    assert "Esta carta não tem endereço" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.NO_ADDRESS and not letter.tracking_code
    pending = admin_client.get("/admin/cartas/").content.decode()
    assert case.submission.protocol not in pending
    # With the address filled in, it joins the queue.
    letter.address = "Rua B, 2, Cuiabá - MT"
    letter.save()
    assert letter.status == Letter.Status.PENDING
    assert case.submission.protocol in admin_client.get("/admin/cartas/").content.decode()


def test_the_ar_date_staff_enter_starts_the_deadline_through_the_workflow(
    make_submission, forward, admin_client
):
    Supplier.objects.create(cnpj=CNPJ_LETTER, legal_name="Chapada", address="Rua A, 1")
    case = forward(make_submission(supplier_cnpj=CNPJ_LETTER))
    letter = Letter.objects.get(case=case)
    admin_client.post(f"/admin/cartas/{letter.pk}/postada/", {"tracking_code": "JT123BR"})
    day = timezone.localdate() - datetime.timedelta(days=2)
    admin_client.post(f"/admin/cartas/{letter.pk}/entregue/", {"delivered_on": day.isoformat()})
    case.refresh_from_db()
    days = WorkflowSettings.load().supplier_answer_days
    assert case.deadline == day + datetime.timedelta(days=days)
    event = CaseEvent.objects.get(case=case, action="start_supplier_deadline")
    assert event.data["delivered_on"] == day.isoformat() and event.actor is None


# --- what a company reads ------------------------------------------------------------------

CITIZEN_WORDING = ["Sobre você", "Município onde você mora", "Seu endereço", "O que você quer"]
STAFF_COMMANDS = ["Aceitar", "Encaminhar ao fornecedor"]


@pytest.fixture
def demo_complaint(make_form, make_submission, forward):
    from forms.demo import COMPLAINT_STEPS
    from forms.models import FormKind

    page = make_form(COMPLAINT_STEPS, slug="reclamacao-demo", kind=FormKind.COMPLAINT)
    Supplier.objects.create(cnpj=CNPJ_LETTER, legal_name="Chapada", address="Rua A, 1")
    submission = make_submission(page=page, supplier_cnpj=CNPJ_LETTER)
    submission.form_data = {
        "nome": "Maria da Silva",
        "email_contato": "maria@example.com",
        "endereco": {
            "cep": "78005-000",
            "street": "Rua Barao de Melgaco",
            "number": "12",
            "complement": "",
            "district": "Centro",
            "municipality": {"ibge_code": "5103403", "name": "Cuiabá", "state": "MT"},
            "state": "MT",
        },
        "empresa": {"name": "Chapada", "cnpj": CNPJ_LETTER},
        "descricao": "A TV não liga.",
        "pedido": "Outro",
        "pedido_outro": "Quero o dinheiro de volta.",
    }
    submission.save(update_fields=["form_data"])
    return forward(submission)


def test_the_company_reads_the_complaint_under_role_labels(demo_complaint, client):
    from supplier_enrolment.letters import access_code, render_pdf
    from supplier_enrolment.sharing import shared_answers

    from .test_letters import pdf_text

    sections = dict(shared_answers(demo_complaint.submission))
    assert list(sections) == ["Consumidor", "Relato", "Pedido"]
    assert sections["Consumidor"] == [("Nome", "Maria da Silva"), ("Município", "Cuiabá/MT")]
    assert ("O que aconteceu", "A TV não liga.") in sections["Relato"]
    assert sections["Pedido"] == [
        ("O que o consumidor pede", "Outro"),
        ("Explique o que você espera", "Quero o dinheiro de volta."),  # no role: its own label
    ]
    letter = Letter.objects.get(case=demo_complaint)
    # The PDF writes accented letters as octal escapes (Latin-1).
    text = re.sub(r"\\(\d{3})", lambda m: chr(int(m[1], 8)), pdf_text(render_pdf([letter])))
    assert "Consumidor" in text and "Pedido" in text and "Cuiabá/MT" in text
    assert not any(words in text for words in CITIZEN_WORDING)
    assert "Barao" not in text

    client.post(
        "/fornecedor/",
        {
            "codigo-protocol": demo_complaint.submission.protocol,
            "codigo-access_code": access_code(letter),
        },
    )
    html = client.get(f"/fornecedor/casos/{demo_complaint.pk}/").content.decode()
    assert '<h3 class="h5">Consumidor</h3>' in html and "Barao" not in html
    assert not any(words in html for words in CITIZEN_WORDING)
    # Events named for no party, never the staff's commands.
    assert "Reclamação aceita para análise" in html
    assert "Reclamação encaminhada à empresa" in html
    timeline = html.split('data-testid="timeline"')[1]
    assert not any(f"<strong>{command}" in timeline for command in STAFF_COMMANDS)
    # Before the letter's delivery, the deadline says when it starts.
    assert "Contado a partir do dia da entrega da carta" in html
