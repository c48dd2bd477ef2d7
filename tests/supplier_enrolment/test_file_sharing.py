"""Only what the supplier needs (LGPD art. 6 III): the files shared with it, the
consumer's name, CPF, municipality and complaint; every case it opens and every
file it downloads (or is refused) on record."""

import io

import pytest
from wagtail.models import ModelLogEntry

from core import storage
from forms.access import access_for
from forms.demo import field, step
from forms.models import Attachment, AttachmentAccess, FormKind
from inbox.files import set_sharing
from supplier_enrolment.letters import access_code
from supplier_enrolment.models import Letter
from supplier_enrolment.sharing import shared_answers, shared_documents

from .conftest import CNPJ_LETTER, CNPJ_X, PASSWORD, representative_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def stored(submission, name, kind):
    """A file of the form as `forms.attachments` stores it: sharing by its kind."""
    from core.uploads import CheckedUpload

    checked = CheckedUpload(
        file=io.BytesIO(PDF),
        name=name,
        kind="pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0",
    )
    return Attachment.create_for(
        checked, storage.save(io.BytesIO(PDF)), kind=kind, submission=submission, field_key="docs"
    )


@pytest.fixture
def case_with_files(make_submission, forward):
    representative = representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    identity = stored(case.submission, "rg.jpg", "identity")
    receipt = stored(case.submission, "nota.pdf", "purchase_proof")
    return case, representative, identity, receipt


def sign_in(client, email="rep@x.example"):
    client.post("/fornecedor/", {"entrar-email": email, "entrar-password": PASSWORD})


def test_an_identity_document_is_not_shared_by_default(case_with_files):
    case, _rep, identity, receipt = case_with_files
    assert not identity.shared_with_supplier and receipt.shared_with_supplier
    assert shared_documents(case.submission) == [receipt]


def test_a_representative_asking_for_an_unshared_identity_document_gets_404_logged(
    client, case_with_files
):
    case, representative, identity, _receipt = case_with_files
    sign_in(client)
    page = client.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    assert "nota.pdf" in page and "rg.jpg" not in page

    response = client.get(f"/fornecedor/casos/{case.pk}/documentos/{identity.pk}/")
    assert response.status_code == 404
    refused = AttachmentAccess.objects.get(attachment=identity)
    assert refused.action == AttachmentAccess.Action.DENIED
    assert refused.user == representative.user and refused.via == "supplier representative"
    entry = ModelLogEntry.objects.get(action="procon.supplier_attachment_denied")
    assert entry.user is None and entry.object_id == str(case.pk)
    assert entry.data["attachment"] == str(identity.pk)
    assert entry.data["party"] == "supplier"
    assert entry.data["representative"] == representative.user.pk
    # Through the general download address too: refused and logged.
    assert access_for(representative.user, identity) is None
    assert client.get(f"/anexos/{identity.pk}/").status_code == 404
    assert (
        AttachmentAccess.objects.filter(
            attachment=identity, action=AttachmentAccess.Action.DENIED
        ).count()
        == 2
    )


def test_a_letter_code_session_gets_404_logged_for_an_unshared_file(
    client, make_submission, forward
):
    case = forward(make_submission(supplier_cnpj=CNPJ_LETTER))
    identity = stored(case.submission, "rg.jpg", "identity")
    letter = Letter.objects.get(case=case)
    client.post(
        "/fornecedor/",
        {"codigo-protocol": case.submission.protocol, "codigo-access_code": access_code(letter)},
    )
    response = client.get(f"/fornecedor/casos/{case.pk}/documentos/{identity.pk}/")
    assert response.status_code == 404
    refused = AttachmentAccess.objects.get(attachment=identity)
    assert refused.action == AttachmentAccess.Action.DENIED and refused.user is None
    assert refused.via == "supplier access code"
    entry = ModelLogEntry.objects.get(action="procon.supplier_attachment_denied")
    assert entry.user is None and entry.object_id == str(case.pk)
    assert entry.data["attachment"] == str(identity.pk)
    assert entry.data["party"] == "supplier" and entry.data["letter"] == letter.pk
    assert "representative" not in entry.data


def test_once_staff_share_it_the_supplier_downloads_it_logged(client, case_with_files, supervisor):
    case, representative, identity, _receipt = case_with_files
    set_sharing(case, identity, True, supervisor)
    sign_in(client)
    assert "rg.jpg" in client.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    response = client.get(f"/fornecedor/casos/{case.pk}/documentos/{identity.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert AttachmentAccess.objects.get(attachment=identity).action == "download"
    entry = ModelLogEntry.objects.get(action="procon.supplier_attachment_download")
    assert entry.user is None and entry.object_id == str(case.pk)
    assert entry.data["attachment"] == str(identity.pk)
    assert entry.data["representative"] == representative.user.pk

    # Staff stop sharing it: the supplier loses it at once.
    set_sharing(case, identity, False, supervisor)
    assert client.get(f"/fornecedor/casos/{case.pk}/documentos/{identity.pk}/").status_code == 404


def test_the_supplier_opening_a_case_is_audit_logged(client, case_with_files):
    case, representative, _identity, _receipt = case_with_files
    sign_in(client)
    client.get(f"/fornecedor/casos/{case.pk}/")
    client.get(f"/fornecedor/casos/{case.pk}/")
    entries = ModelLogEntry.objects.filter(action="procon.supplier_case_view")
    assert entries.count() == 2
    entry = entries.first()
    assert entry.user is None
    assert entry.data == {
        "party": "supplier",
        "representative": representative.user.pk,
        "ip": "127.0.0.1",
    }
    assert (entry.content_type.model, entry.object_id) == ("casedata", str(case.pk))
    # Identifiers only, never the data.
    assert entry.label == case.submission.protocol
    assert "Maria" not in str(entry.__dict__)


def test_the_supplier_reads_name_cpf_municipality_and_the_complaint_only(
    make_form, make_submission
):
    page = make_form(
        [
            step(
                "Você",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("cpf", "CPF", "cpf", role="consumer_cpf"),
                    field("email", "E-mail", "email", role="consumer_email"),
                    field("phone", "Telefone", "telefone", role="consumer_phone"),
                    field("cep", "CEP", "cep", role="consumer_cep"),
                    field("cpf", "CPF de quem ajuda", "cpf_outro"),
                    field("email", "Outro e-mail", "email_outro"),
                    field("singleline", "Quem ajuda", "rep", role="representative_name"),
                ],
            ),
            step(
                "Reclamação",
                [
                    field("multiline", "O que aconteceu?", "relato", role="description"),
                    field("declaration", "Declaro que é verdade", "declaro", role="declaration"),
                ],
            ),
        ],
        slug="reclamacao-dados",
        kind=FormKind.COMPLAINT,
    )
    submission = make_submission(page=page)
    submission.form_data = {
        "nome": "Maria da Silva",
        "cpf": "529.982.247-25",
        "email": "maria@example.com",
        "telefone": "(65) 99999-0000",
        "cep": "78005-000",
        "cpf_outro": "111.444.777-35",
        "email_outro": "outro@example.com",
        "rep": "João Ajudante",
        "relato": "A TV não liga.",
        "declaro": True,
    }
    submission.save(update_fields=["form_data"])
    # Under the company's headings and labels by role (supplier_enrolment/texts.py).
    rows = {str(title): items for title, items in shared_answers(submission)}
    assert rows == {
        "Consumidor": [("Nome", "Maria da Silva"), ("CPF", "529.982.247-25")],
        "Relato": [("O que aconteceu", "A TV não liga.")],
    }


def test_the_privacy_notice_says_what_the_supplier_receives(site):
    from home.demo import load_privacy_notice
    from home.models import PrivacyNoticePage

    load_privacy_notice()
    body = str(PrivacyNoticePage.objects.get(slug="privacidade").body)
    sharing = body.split("Com quem compartilhamos", 1)[1].split("<h2>", 1)[0]
    assert "seu nome" in sharing and "seu CPF" in sharing and "município" in sharing
    assert "documentos compartilhados com ela" in sharing
    assert "Documentos de identidade não são enviados à empresa" in sharing
