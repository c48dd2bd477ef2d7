import itertools

import pytest
from django.db import transaction

from forms.demo import ENROLMENT_STEPS
from forms.models import FormKind, Submission
from forms.protocol import ProtocolNumber, issuable
from forms.signals import submission_created
from inbox import workflow
from supplier_enrolment.models import Representative, Supplier
from tests.inbox import conftest as inbox_fixtures

complaint_form = inbox_fixtures.complaint_form
make_submission = inbox_fixtures.make_submission
make_form = inbox_fixtures.make_form
supervisor = inbox_fixtures.supervisor
attendant = inbox_fixtures.attendant

# Only sequences the site would issue: a protocol whose check digit rules it out
# is refused wherever staff or citizens type one.
_sequence = (n for n in itertools.count(5000) if issuable(2026, n))
PASSWORD = "senha-do-fornecedor-2026"
CNPJ_X = "48273615000118"
CNPJ_Y = "37190426000165"
CNPJ_LETTER = "59031847000186"


@pytest.fixture
def enrolment_form(make_form):
    return make_form(ENROLMENT_STEPS, slug="adesao", kind=FormKind.ENROLMENT)


@pytest.fixture
def make_enrolment(enrolment_form):
    def build(cnpj=CNPJ_X, email="rep@empresa.example", proof=True, **answers):
        number = ProtocolNumber(2026, next(_sequence))
        form_data = {
            "cnpj": cnpj,
            "razao_social": "Empresa Exemplo Ltda.",
            "nome_fantasia": "Exemplo",
            "email_empresa": "contato@empresa.example",
            "telefone_empresa": "(65) 3025-4000",
            "endereco": "Av. Getúlio Vargas, 100\nCuiabá - MT",
            "representante_nome": "Rita Representante",
            "representante_cpf": "529.982.247-25",
            "representante_email": email,
            "representante_telefone": "(65) 99999-0000",
            "outro_representante": "Não",
            **answers,
        }
        with transaction.atomic():
            submission = Submission.objects.create(
                page=enrolment_form,
                form_data=form_data,
                protocol=str(number),
                year=number.year,
                sequence=number.sequence,
                kind=FormKind.ENROLMENT,
                schema=enrolment_form.definition.schema(),
                access_code_hash="x",
                consumer_email=email,
                supplier_cnpj=cnpj,
                supplier_name=form_data["razao_social"],
            )
            if proof:
                attach_proof(submission)
            submission_created.send(sender=Submission, submission=submission)
        return submission

    return build


PROOF_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attach_proof(submission, key="comprovante_poderes", name="contrato-social.pdf"):
    """A proof of authority stored with `submission` (and named in its answers)."""
    import io

    from core import storage
    from forms.models import Attachment

    attachment = Attachment.objects.create(
        submission=submission,
        field_key=key,
        original_name=name,
        content_type="application/pdf",
        size=len(PROOF_PDF),
        sha256="0" * 64,
        storage_name=storage.save(io.BytesIO(PROOF_PDF)),
    )
    submission.form_data[key] = [attachment.descriptor()]
    Submission.objects.filter(pk=submission.pk).update(form_data=submission.form_data)
    return attachment


def representative_of(cnpj, email, legal_name="Empresa"):
    """An enrolled supplier (created if needed) and a representative with PASSWORD."""
    from supplier_enrolment.enrolment import add_representative

    supplier = Supplier.objects.filter(cnpj=cnpj).first() or Supplier(cnpj=cnpj)
    supplier.legal_name = legal_name
    supplier.enrolled = True
    supplier.save()
    representative = add_representative(supplier, name=email.split("@")[0], email=email)
    representative.user.set_password(PASSWORD)
    representative.user.save()
    return Representative.objects.get(pk=representative.pk)


def choose_password(client, link, password, confirmation=None):
    """Open the e-mailed set-password `link` as a browser does and post the form.

    Django's view keeps the token in the session and redirects to the same
    address without it; the form is posted there. A link that does not work
    answers the first request (400), which is returned."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    return client.post(
        opened["Location"],
        {"new_password1": password, "new_password2": confirmation or password},
    )


@pytest.fixture
def forward(supervisor, django_capture_on_commit_callbacks):
    """Accept and forward a complaint as staff, running the after-commit hooks."""

    def run(submission):
        case = submission.case
        with django_capture_on_commit_callbacks(execute=True):
            workflow.apply(case, "accept", supervisor)
            workflow.apply(case, "forward_to_supplier", supervisor)
        case.refresh_from_db()
        return case

    return run
