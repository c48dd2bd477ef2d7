"""Files the consumer sends with a message to the Procon stay between them: the
supplier area neither lists nor serves them, while the form's files still go."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms.access import access_for
from forms.models import Attachment
from tests.forms.files import pdf_bytes
from tracking import actions

from .conftest import CNPJ_X, PASSWORD, representative_of

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


def test_message_files_never_reach_the_supplier(client, make_submission, forward):
    rep = representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    checked, _errors = actions.check_files(
        [SimpleUploadedFile("nota.pdf", pdf_bytes(), "application/pdf")]
    )
    actions.reply(case, "Só para o Procon.", checked)
    message_file = Attachment.objects.get(original_name="nota.pdf")
    shared_file = Attachment.objects.create(
        submission=case.submission,
        field_key="documentos",
        original_name="contrato.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        storage_name=message_file.storage_name + "-form",
    )

    assert access_for(rep.user, message_file) is None
    assert access_for(rep.user, shared_file) == "supplier representative"
    client.post("/fornecedor/", {"entrar-email": "rep@x.example", "entrar-password": PASSWORD})
    page = client.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    assert "contrato.pdf" in page and "nota.pdf" not in page
    assert "Só para o Procon." not in page
    url = f"/fornecedor/casos/{case.pk}/documentos/{message_file.pk}/"
    assert client.get(url).status_code == 404
