"""Case staff download a case's files through the protected view; others get 404."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse

from forms.models import Attachment, AttachmentAccess
from inbox.models import Case

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


@pytest.fixture
def case_with_file(make_submission):
    submission = make_submission()
    name = storages["private"].save("anexos/abc123.pdf", ContentFile(PDF))
    attachment = Attachment.objects.create(
        submission=submission,
        field_key="documentos",
        original_name="nota-fiscal.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256=hashlib.sha256(PDF).hexdigest(),
        storage_name=name,
    )
    return Case.objects.get(pk=submission.pk), attachment


def test_case_page_links_the_files_and_staff_download_them(client, attendant, case_with_file):
    case, attachment = case_with_file
    client.force_login(attendant)
    page = client.get(reverse("inbox:case", args=[case.pk])).content.decode()
    url = reverse("procon_forms:attachment", args=[attachment.pk])
    assert url in page and "nota-fiscal.pdf" in page

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert AttachmentAccess.objects.filter(attachment=attachment, action="download").count() == 1


def test_an_attendant_cannot_download_a_colleagues_case_file(
    client, attendant, other_attendant, case_with_file
):
    case, attachment = case_with_file
    case.assignee = other_attendant
    case.save(update_fields=["assignee"])
    client.force_login(attendant)
    response = client.get(reverse("procon_forms:attachment", args=[attachment.pk]))
    assert response.status_code == 404
    assert AttachmentAccess.objects.filter(action="denied").count() == 1


def test_editors_get_404(client, editor, case_with_file):
    _case, attachment = case_with_file
    client.force_login(editor)
    assert client.get(reverse("procon_forms:attachment", args=[attachment.pk])).status_code == 404
