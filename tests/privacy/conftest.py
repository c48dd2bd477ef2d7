import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from core.models import OutboundEmail
from forms.models import Attachment, Draft
from inbox.models import CaseEvent, EventKind, Party, Visibility
from tests.inbox import conftest as inbox_fixtures

complaint_form = inbox_fixtures.complaint_form
make_form = inbox_fixtures.make_form
make_submission = inbox_fixtures.make_submission
municipalities = inbox_fixtures.municipalities
editor = inbox_fixtures.editor
attendant = inbox_fixtures.attendant
other_attendant = inbox_fixtures.other_attendant
supervisor = inbox_fixtures.supervisor

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
    return tmp_path / "private"


@pytest.fixture
def person_case(make_submission):
    """A case full of one person's data, in every place the site keeps it."""

    def build(name, cpf, email, *, status="closed", secret="segredo"):  # noqa: S107 - a marker
        submission = make_submission(consumer_name=name, consumer_cpf=cpf, consumer_email=email)
        submission.form_data = {"nome": name, "email": email, "relato": f"Relato {secret}"}
        submission.status = status
        submission.save()
        content = PDF + secret.encode()
        stored = storages["private"].save(f"anexos/{secret}.pdf", ContentFile(content))
        Attachment.objects.create(
            submission=submission,
            field_key="documentos",
            original_name=f"rg-{secret}.pdf",
            content_type="application/pdf",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            storage_name=stored,
        )
        case = submission.case
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.CITIZEN_MESSAGE,
            party=Party.CITIZEN,
            visibility=Visibility.CITIZEN,
            body=f"Meu telefone {secret} é 65 99999-0000",
        )
        CaseEvent.objects.create(
            case=case,
            kind=EventKind.TRANSITION,
            action="close",
            from_status="in_analysis",
            to_status=status,
            reason=f"Encerrado a pedido de {name}",
            visibility=Visibility.CITIZEN,
        )
        CaseEvent.objects.create(case=case, kind=EventKind.NOTE, body=f"Ligar para {name}")
        OutboundEmail.objects.create(
            kind="receipt",
            to=email,
            subject=f"Protocolo {submission.protocol}",
            body=f"Olá {name}",
            about=submission,
        )
        Draft.objects.create(
            page=submission.page,
            submission=submission,
            steps={"0": {"raw": {"nome": name, "cpf": cpf}, "answers": {}}},
        )
        return submission

    return build
