"""Attachments: upload onto the draft, content checks, private storage, protected
downloads with an audit log, cleanup, antivirus."""

import hashlib
import io
import re
import socket
import struct
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from core import antivirus
from core.uploads import check_upload, sanitise_name
from forms import access
from forms.demo import field, step
from forms.models import Attachment, AttachmentAccess, Draft, Submission

from .files import (
    EICAR,
    docx_bytes,
    image_bytes,
    jpeg,
    odt_bytes,
    pdf,
    pdf_bytes,
    upload,
)

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def stored_files(root: Path):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


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
                        "Documento de identidade",
                        "documento",
                        help_text="Foto ou PDF do RG ou da CNH.",
                        kinds=["pdf", "jpeg", "png", "heic", "webp"],
                        max_size_mb=1,
                        max_files=3,
                        document_kind="identity",
                    ),
                    field(
                        "file",
                        "Comprovante de compra",
                        "comprovante",
                        required=False,
                        kinds=["pdf", "jpeg", "docx", "odt"],
                        max_size_mb=10,
                        max_files=2,
                        document_kind="purchase_proof",
                    ),
                ],
            ),
            step("Relato", [field("multiline", "O que aconteceu?", "relato")]),
        ],
        slug="com-anexos",
    )


def post_step(client, page, data, number=1):
    return client.post(f"{page.url}etapa/{number}/", data)


def send(client, page, capture=None):
    client.post(f"{page.url}etapa/2/", {"relato": "Produto com defeito."})
    return client.post(f"{page.url}revisar/", {})


# --- the journey -----------------------------------------------------------------------


def test_files_attach_to_the_draft_are_listed_and_move_to_the_submission(
    client, documents_form, private_root
):
    page = documents_form
    photo, receipt = jpeg("foto-rg.jpg"), pdf("nota fiscal.pdf")
    response = post_step(
        client, page, {"nome": "Maria", "documento": [photo], "comprovante": [receipt]}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = Draft.objects.get()
    rows = {a.field_key: a for a in draft.attachments.all()}
    assert set(rows) == {"documento", "comprovante"}
    assert rows["documento"].content_type == "image/jpeg"
    assert rows["comprovante"].content_type == "application/pdf"
    assert rows["comprovante"].sha256 == hashlib.sha256(pdf_bytes()).hexdigest()
    assert rows["comprovante"].size == len(pdf_bytes())
    files = stored_files(private_root)
    assert len(files) == 2
    for path in files:  # random names, nothing of the citizen's
        assert re.fullmatch(r"[0-9a-f]{32}", path.name)
    assert draft.steps["0"]["answers"]["documento"][0]["name"] == "foto-rg.jpg"

    # Listed on the step (name and size) with a way to remove each.
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "foto-rg.jpg" in html and "nota fiscal.pdf" in html
    assert html.count('name="remover_anexo"') == 2
    # Back on step 1 with nothing new: the files stay.
    assert post_step(client, page, {"nome": "Maria"}).status_code == 302
    assert Attachment.objects.count() == 2

    client.post(f"{page.url}etapa/2/", {"relato": "Produto com defeito."})
    review = client.get(f"{page.url}revisar/").content.decode()
    assert "foto-rg.jpg" in review and "nota fiscal.pdf" in review and "bytes)" in review

    client.post(f"{page.url}revisar/", {})
    submission = Submission.objects.get()
    moved = list(submission.attachments.all())
    assert len(moved) == 2 and all(a.draft_id is None for a in moved)
    assert [d["name"] for d in submission.form_data["documento"]] == ["foto-rg.jpg"]
    assert dict(submission.answer_rows()[0][1])["Comprovante de compra"].startswith(
        "nota fiscal.pdf ("
    )
    assert len(stored_files(private_root)) == 2


def test_files_are_kept_when_another_field_of_the_step_fails(client, documents_form):
    page = documents_form
    response = post_step(client, page, {"nome": "", "documento": [jpeg()]})
    html = response.content.decode()
    assert response.status_code == 200 and 'href="#id_nome"' in html
    assert "foto.jpg" in html  # listed, not lost
    assert Attachment.objects.count() == 1
    # The required file field counts what is already attached.
    assert post_step(client, page, {"nome": "Maria"}).status_code == 302


def test_required_file_field_without_files_is_an_error(client, documents_form):
    response = post_step(client, documents_form, {"nome": "Maria"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_documento"' in html
    assert "Anexe um arquivo em “Documento de identidade”" in html


def test_a_listed_file_can_be_removed(
    client, documents_form, private_root, django_capture_on_commit_callbacks
):
    page = documents_form
    post_step(client, page, {"nome": "Maria", "documento": [jpeg("a.jpg"), pdf("b.pdf")]})
    first = Attachment.objects.get(original_name="a.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_step(client, page, {"nome": "Maria", "remover_anexo": [str(first.pk)]})
    assert response.status_code == 302
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["b.pdf"]
    assert len(stored_files(private_root)) == 1
    # Removing the last one of a required field is an error, and it is gone.
    last = Attachment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_step(client, page, {"nome": "Maria", "remover_anexo": [str(last.pk)]})
    assert response.status_code == 200 and 'href="#id_documento"' in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(private_root) == []


def test_a_client_cannot_claim_or_remove_someone_elses_files(client, documents_form):
    page = documents_form
    other = Client()
    post_step(other, page, {"nome": "Outra", "documento": [jpeg("alheio.jpg")]})
    theirs = Attachment.objects.get()
    response = post_step(
        client, page, {"nome": "Maria", "documento": str(theirs.pk), "remover_anexo": theirs.pk}
    )
    assert response.status_code == 200  # no file of their own: the required error
    assert Attachment.objects.get() == theirs


def test_too_many_files_for_a_field(client, documents_form):
    page = documents_form
    response = post_step(
        client, page, {"nome": "Maria", "documento": [jpeg(f"{n}.jpg") for n in range(4)]}
    )
    assert response.status_code == 200
    assert "não foi anexado: no máximo 3 arquivos aqui" in response.content.decode()
    assert Attachment.objects.count() == 3


def test_total_per_submission_is_limited(client, documents_form, settings):
    settings.FORMS_UPLOAD_TOTAL_MAX_MB = 1
    page = documents_form
    response = post_step(
        client,
        page,
        {
            "nome": "Maria",
            "documento": [pdf("a.pdf", padding=700_000)],
            "comprovante": [pdf("b.pdf", padding=700_000)],
        },
    )
    assert "todos os arquivos juntos podem ter no máximo 1,0\xa0MB" in response.content.decode()
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["a.pdf"]


def test_attachments_of_a_field_hidden_by_condition_are_not_sent(client, make_form):
    page = make_form(
        [
            step(
                "Anexos",
                [
                    field("radio", "Tem nota fiscal?", "tem_nota", choices=["Sim", "Não"]),
                    field(
                        "file",
                        "Nota fiscal",
                        "nota",
                        condition={"field": "tem_nota", "operator": "equals", "value": "Sim"},
                    ),
                ],
            )
        ]
    )
    response = post_step(client, page, {"tem_nota": "Não", "nota": [pdf()]})
    assert response.status_code == 302
    with CaptureQueriesContext(connection) as queries:
        client.post(f"{page.url}revisar/", {})
    submission = Submission.objects.get()
    assert "nota" not in submission.form_data
    assert not Attachment.objects.exists()
    # The submit deletes the file the validation read, without reading again.
    reads = [q for q in queries if q["sql"].startswith('SELECT "procon_forms_attachment"')]
    assert len(reads) == 1


# --- the hostile-file battery --------------------------------------------------------------

POLYGLOT = image_bytes("PNG") + b"<html><script>alert(document.cookie)</script></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


NOT_ACCEPTED = "não é um tipo"
MISMATCH = "não corresponde ao conteúdo"
PASSWD = b"root:x:0:0:root:/root:/bin/bash\n"
BROKEN_JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 200
DOCX = "application/msword"
BATTERY = {
    "oversized": (pdf("grande.pdf", padding=MB + 10), "é maior que 1,0\xa0MB"),
    "polyglot": (upload("foto.png", POLYGLOT, "image/png"), "conteúdo oculto"),
    "svg": (upload("desenho.svg", SVG, "image/svg+xml"), NOT_ACCEPTED),
    "html": (upload("pagina.html", HTML, "text/html"), NOT_ACCEPTED),
    "html-as-pdf": (upload("recibo.pdf", HTML, "application/pdf"), NOT_ACCEPTED),
    "pdf.exe": (pdf("recibo.pdf.exe"), MISMATCH),
    "pdf-as-jpg": (upload("foto.jpg", pdf_bytes()), MISMATCH),
    "dotdot": (upload("../../../etc/passwd", PASSWD), NOT_ACCEPTED),
    "null-byte": (pdf("recibo.pdf\x00.html"), MISMATCH),
    "empty": (upload("vazio.pdf", b""), "está vazio"),
    "broken-jpeg": (upload("quebrada.jpg", BROKEN_JPEG), "não é uma imagem"),
    "docx-not-allowed": (upload("contrato.docx", docx_bytes(), DOCX), NOT_ACCEPTED),
}


@pytest.mark.parametrize(("upload_file", "message"), BATTERY.values(), ids=BATTERY.keys())
def test_hostile_files_are_refused_with_a_clear_message_and_nothing_stored(
    client, documents_form, private_root, upload_file, message
):
    response = post_step(client, documents_form, {"nome": "Maria", "documento": [upload_file]})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Há um problema" in html and 'href="#id_documento"' in html
    assert message in html, re.findall(r"invalid-feedback[^>]*><strong>(.*?)</strong>", html)
    assert not Attachment.objects.exists()
    assert stored_files(private_root) == []


def test_dotdot_in_a_good_files_name_never_leaves_the_private_folder(
    client, documents_form, private_root
):
    response = post_step(
        client, documents_form, {"nome": "Maria", "documento": [pdf("../../../recibo.pdf")]}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "recibo.pdf"
    (path,) = stored_files(private_root)
    assert private_root in path.parents and "recibo" not in str(path)


def test_more_files_than_django_allows_in_one_request_get_a_clear_page(
    client, documents_form, private_root, settings
):
    files = [jpeg(f"{n}.jpg") for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    assert len(files) == 101
    response = client.post(f"{documents_form.url}etapa/1/", {"nome": "Maria", "documento": files})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Muitos arquivos" in html and "no máximo 100 arquivos" in html
    assert not Attachment.objects.exists() and not Draft.objects.exists()
    assert stored_files(private_root) == []


def test_macros_in_office_documents_are_refused():
    file = upload("contrato.docx", docx_bytes({"word/vbaProject.bin": b"\0" * 10}))
    with pytest.raises(ValidationError) as caught:
        check_upload(file, kinds=["docx"], max_bytes=MB)
    assert caught.value.code == "macros"


@pytest.mark.parametrize(
    ("name", "content", "kind", "content_type"),
    [
        ("foto.jpeg", image_bytes("JPEG"), "jpeg", "image/jpeg"),
        ("print.png", image_bytes("PNG"), "png", "image/png"),
        ("foto.webp", image_bytes("WEBP"), "webp", "image/webp"),
        ("IMG_0001.HEIC", image_bytes("HEIF"), "heic", "image/heic"),
        ("contrato.docx", docx_bytes(), "docx", None),
        ("contrato.odt", odt_bytes(), "odt", "application/vnd.oasis.opendocument.text"),
        ("recibo.pdf", pdf_bytes(), "pdf", "application/pdf"),
    ],
)
def test_every_accepted_kind_passes_by_its_content(name, content, kind, content_type):
    checked = check_upload(upload(name, content), kinds=[kind], max_bytes=MB)
    assert checked.kind == kind
    assert content_type is None or checked.content_type == content_type
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\maria\\recibo.pdf", "recibo.pdf"),
        ("recibo\x00.pdf", "recibo.pdf"),
        ("  .oculto.pdf", "oculto.pdf"),
        ("a<b>c.pdf", "abc.pdf"),
        ("", "arquivo"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_names_are_sanitised_for_display(raw, clean):
    assert sanitise_name(raw) == clean


# --- antivirus -------------------------------------------------------------------------------


class FakeScanner:
    """Finds the (harmless) EICAR test string, like ClamAV does."""

    def scan(self, file):
        file.seek(0)
        found = EICAR in file.read()
        file.seek(0)
        return "Eicar-Test-Signature" if found else None


class DownScanner:
    def scan(self, file):
        raise antivirus.ScannerUnavailable("connection refused")


def test_an_infected_upload_is_refused(client, documents_form, monkeypatch, private_root):
    monkeypatch.setattr(antivirus, "get_scanner", FakeScanner)
    infected = upload("recibo.pdf", pdf_bytes().replace(b"%%EOF", b"%" + EICAR + b"\n%%EOF"))
    response = post_step(client, documents_form, {"nome": "Maria", "documento": [infected]})
    assert "contém vírus (Eicar-Test-Signature)" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(private_root) == []
    # A clean file goes through the same scanner.
    assert post_step(client, documents_form, {"nome": "M", "documento": [pdf()]}).status_code == 302


def test_scanner_down_fails_closed_unless_configured_open(
    client, documents_form, monkeypatch, settings
):
    monkeypatch.setattr(antivirus, "get_scanner", DownScanner)
    response = post_step(client, documents_form, {"nome": "Maria", "documento": [pdf()]})
    assert "Não conseguimos verificar" in response.content.decode()
    assert not Attachment.objects.exists()
    settings.CLAMD_FAIL_OPEN = True
    assert post_step(client, documents_form, {"nome": "M", "documento": [pdf()]}).status_code == 302


@pytest.fixture
def fake_clamd():
    """A TCP server speaking clamd's INSTREAM, answering FOUND for EICAR."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                data = b""
                while b"\0" not in data:
                    data += conn.recv(10)
                command, data = data.split(b"\0", 1)
                assert command == b"zINSTREAM"
                body = b""
                while True:
                    while len(data) < 4:
                        data += conn.recv(65536)
                    (length,) = struct.unpack("!L", data[:4])
                    data = data[4:]
                    if length == 0:
                        break
                    while len(data) < length:
                        data += conn.recv(65536)
                    body, data = body + data[:length], data[length:]
                reply = b"stream: Eicar-Signature FOUND\0" if EICAR in body else b"stream: OK\0"
                conn.sendall(reply)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()
    stop.set()
    server.close()


def test_clamd_protocol_against_a_fake_daemon(fake_clamd, settings):
    settings.CLAMD_HOST, settings.CLAMD_PORT = fake_clamd
    scanner = antivirus.get_scanner()
    assert scanner.scan(io.BytesIO(b"hello" * 30000)) is None
    assert scanner.scan(io.BytesIO(EICAR)) == "Eicar-Signature"
    with pytest.raises(ValidationError) as caught:
        check_upload(upload("r.pdf", pdf_bytes() + EICAR), kinds=["pdf"], max_bytes=MB)
    assert caught.value.code == "virus"


def test_clamd_unreachable_is_unavailable(settings):
    settings.CLAMD_HOST, settings.CLAMD_PORT, settings.CLAMD_TIMEOUT = "127.0.0.1", 9, 2
    with pytest.raises(antivirus.ScannerUnavailable):
        antivirus.get_scanner().scan(io.BytesIO(b"x"))


# --- downloads ---------------------------------------------------------------------------------


@pytest.fixture
def sent(client, documents_form, django_capture_on_commit_callbacks):
    """A submission with one attachment, and the access code from the confirmation."""
    page = documents_form
    post_step(client, page, {"nome": "Maria", "documento": [pdf("rg.pdf")]})
    send(client, page)
    confirmation = client.get(f"{page.url}enviado/").content.decode()
    code = re.search(r'access-code"><strong>([A-Z0-9-]+)<', confirmation)[1]
    submission = Submission.objects.get()
    return submission, submission.attachments.get(), code


def test_anonymous_request_for_the_staff_url_is_sent_to_login(sent):
    _submission, attachment, _code = sent
    response = Client().get(access.staff_url(attachment))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not AttachmentAccess.objects.filter(action="download").exists()


def test_signed_in_user_without_permission_gets_404_and_is_logged(sent, django_user_model):
    _submission, attachment, _code = sent
    other = Client()
    other.force_login(django_user_model.objects.create_user("curioso", password="x"))
    assert other.get(access.staff_url(attachment)).status_code == 404
    log = AttachmentAccess.objects.get()
    assert (
        log.action == "denied" and log.attachment == attachment and log.user.username == "curioso"
    )


def test_staff_with_permission_downloads_as_attachment_and_is_logged(sent, django_user_model):
    from django.contrib.auth.models import Permission

    _submission, attachment, _code = sent
    user = django_user_model.objects.create_user("atendente", password="x")
    user.user_permissions.add(Permission.objects.get(codename="view_submission"))
    staff = Client()
    staff.force_login(user)
    response = staff.get(access.staff_url(attachment), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"] == 'attachment; filename="rg.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    log = AttachmentAccess.objects.get()
    assert (log.via, log.action, log.user, log.ip) == ("staff", "download", user, "10.0.0.7")


def test_a_draft_attachment_is_not_downloadable(client, documents_form, admin_client):
    post_step(Client(), documents_form, {"nome": "Maria", "documento": [pdf()]})
    attachment = Attachment.objects.get()
    assert admin_client.get(access.staff_url(attachment)).status_code == 404


def test_citizen_with_protocol_and_code_gets_a_short_lived_link(sent):
    submission, attachment, code = sent
    with pytest.raises(PermissionDenied):
        access.citizen_download_links(submission.protocol, "AAAAA-AAAAA")
    with pytest.raises(PermissionDenied):
        access.citizen_download_links("2026.999999-9", code)
    ((found, link),) = access.citizen_download_links(submission.protocol, code.lower())
    assert found == attachment
    anybody = Client()
    response = anybody.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    log = AttachmentAccess.objects.get()
    assert (log.via, log.action, log.user) == ("citizen via protocol", "download", None)

    # Tampered or expired links lead nowhere.
    assert anybody.get(link[:-3] + "abc/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert anybody.get(link).status_code == 404
    assert AttachmentAccess.objects.filter(action="download").count() == 1


def test_hooks_let_the_supplier_side_in_and_can_narrow_staff(sent, django_user_model, admin_client):
    _submission, attachment, _code = sent
    supplier = django_user_model.objects.create_user("fornecedor", password="x")

    def supplier_party(user, item):
        return "supplier" if user.username == "fornecedor" and item == attachment else None

    def nobody_else(user, item):
        return False if user.username == "chefe" else None

    other = Client()
    other.force_login(supplier)
    with hooks.register_temporarily(access.HOOK_NAME, supplier_party):
        response = other.get(access.staff_url(attachment))
        assert response.status_code == 200
    assert AttachmentAccess.objects.get(action="download").via == "supplier"
    assert other.get(access.staff_url(attachment)).status_code == 404
    assert admin_client.get(access.staff_url(attachment)).status_code == 200
    with hooks.register_temporarily(access.HOOK_NAME, nobody_else):
        assert admin_client.get(access.staff_url(attachment)).status_code == 404


# --- cleanup -----------------------------------------------------------------------------------


def test_cleanup_deletes_abandoned_drafts_files_and_keeps_sent_ones(
    documents_form, private_root, django_capture_on_commit_callbacks
):
    page = documents_form
    sender = Client()
    post_step(sender, page, {"nome": "Maria", "documento": [pdf("enviado.pdf")]})
    send(sender, page)
    abandoned = Client()
    post_step(abandoned, page, {"nome": "João", "documento": [jpeg("abandonado.jpg")]})
    assert len(stored_files(private_root)) == 2

    out = io.StringIO()
    with (
        time_machine.travel(timezone.now() + timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("cleanup_drafts", stdout=out)
    assert "deleted 2 expired draft(s) and 1 attached file(s)" in out.getvalue()
    assert list(Attachment.objects.values_list("original_name", flat=True)) == ["enviado.pdf"]
    (kept,) = stored_files(private_root)
    assert kept.read_bytes() == pdf_bytes()


def test_private_storage_inside_media_root_is_a_system_check_error(settings):
    from forms.checks import private_storage_is_private

    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(Path(settings.MEDIA_ROOT) / "private")},
        },
    }
    assert [e.id for e in private_storage_is_private(None)] == ["procon_forms.E002"]


# --- hashing while the request is read ----------------------------------------------------


def _parse_upload(content, name, settings_override):
    """`content` sent as a multipart request and read by the site's upload handlers."""
    from django.http.multipartparser import MultiPartParser
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
    from django.test.utils import override_settings
    from django.utils.module_loading import import_string

    file = io.BytesIO(content)
    file.name = name
    body = encode_multipart(BOUNDARY, {"documento": file})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    with override_settings(**settings_override):
        handlers = [import_string(path)() for path in settings_override["FILE_UPLOAD_HANDLERS"]]
        _post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return files["documento"]


@pytest.mark.parametrize("memory_limit", [10 * MB, 1024], ids=["in memory", "temporary file"])
def test_uploads_are_hashed_as_they_arrive_and_checked_without_a_second_pass(
    settings, monkeypatch, memory_limit
):
    from core import uploads

    content = pdf_bytes(padding=300_000)
    received = _parse_upload(
        content,
        "nota.pdf",
        {
            "FILE_UPLOAD_HANDLERS": settings.FILE_UPLOAD_HANDLERS,
            "FILE_UPLOAD_MAX_MEMORY_SIZE": memory_limit,
        },
    )
    expected = hashlib.sha256(content).hexdigest()
    assert received.sha256 == expected
    assert received.hashed_size == len(content)

    def second_pass(*args, **kwargs):
        raise AssertionError("the file was read again only to hash it")

    monkeypatch.setattr(uploads, "_read_all", second_pass)
    checked = check_upload(received, kinds=["pdf"], max_bytes=MB)
    assert (checked.sha256, checked.size) == (expected, len(content))


def test_images_are_still_searched_for_markup_when_hashed_on_arrival(settings):
    content = image_bytes() + b"<script>alert(1)</script>"
    received = _parse_upload(
        content, "foto.jpg", {"FILE_UPLOAD_HANDLERS": settings.FILE_UPLOAD_HANDLERS}
    )
    assert received.sha256 == hashlib.sha256(content).hexdigest()
    with pytest.raises(ValidationError) as refused:
        check_upload(received, kinds=["jpeg"], max_bytes=MB)
    assert refused.value.code == "polyglot"


def test_a_digest_that_does_not_match_the_file_is_not_trusted():
    content = pdf_bytes()
    file = upload("nota.pdf", content)
    file.sha256, file.hashed_size = "0" * 64, len(content) + 1  # not this file
    checked = check_upload(file, kinds=["pdf"], max_bytes=MB)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()
