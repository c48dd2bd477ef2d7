"""Letters by post: the PDF and what it says, batches, the print queue, and the
deadline that starts on delivery."""

import base64
import re
import zlib
from datetime import date, timedelta

import pytest

from core.brazil import format_cnpj
from inbox.models import Case, WorkflowSettings
from supplier_enrolment.letters import access_code, find_letter, render_pdf
from supplier_enrolment.models import Letter, Supplier
from supplier_enrolment.notices import start_supplier_deadline_from_delivery

from .conftest import CNPJ_LETTER

pytestmark = pytest.mark.django_db


def pdf_text(data):
    """The text drawn on the PDF's pages (content streams, inflated)."""
    chunks = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = raw.strip()
        if raw.endswith(b"~>"):  # ReportLab's ASCII85 layer
            raw = base64.a85decode(raw[:-2])
        try:
            chunks.append(zlib.decompress(raw))
        except zlib.error:
            chunks.append(raw)
    return b"\n".join(chunks).decode("latin-1")


def page_count(data):
    return len(re.findall(rb"/Type /Page\b(?!s)", data))


def assert_valid_pdf(data):
    assert data.startswith(b"%PDF-1.")
    assert data.rstrip().endswith(b"%%EOF")
    assert b"xref" in data and b"trailer" in data


@pytest.fixture
def letter_case(make_submission, forward):
    Supplier.objects.create(
        cnpj=CNPJ_LETTER,
        legal_name="Supermercados Chapada Ltda.",
        address="Rua das Flores, 10 - Cuiaba - MT",
    )
    return forward(make_submission(supplier_cnpj=CNPJ_LETTER))


def test_letter_pdf_is_valid_and_has_every_field(letter_case, site):
    from forms.models import Attachment

    Attachment.objects.create(
        submission=letter_case.submission,
        field_key="documentos",
        original_name="nota-fiscal.pdf",
        content_type="application/pdf",
        size=2048,
        sha256="0" * 64,
        storage_name="2026/01/naoexiste",
    )
    letter = Letter.objects.get(case=letter_case)
    data = render_pdf([letter])
    assert_valid_pdf(data)
    assert page_count(data) >= 1
    text = pdf_text(data)
    for expected in (
        letter_case.submission.protocol,  # protocol
        "Supermercados Chapada Ltda.",  # addressee
        format_cnpj(CNPJ_LETTER),
        "Rua das Flores, 10",  # address
        "Programa Estadual de Prote",  # letterhead (agency settings)
        "A TV n",  # the consumer's account ("A TV não liga.")
        "nota-fiscal.pdf",  # documents list
        "8.078/1990",  # legal basis: CDC art. 55 § 4
        "55",
        "2.181/1997",  # and Decreto 2.181/1997 art. 33
        "33",
        access_code(letter),  # one-case access code
        "/fornecedor/",  # where to answer
        f"{WorkflowSettings.load().supplier_answer_days}",  # the deadline
    ):
        assert expected in text, expected
    assert "maria@example.com" not in text  # the consumer's email stays with the Procon


def test_access_code_is_stable_and_found_only_with_its_protocol(letter_case):
    letter = Letter.objects.get(case=letter_case)
    code = access_code(letter)
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert access_code(Letter.objects.get(pk=letter.pk)) == code
    assert code not in str(Letter.objects.filter(pk=letter.pk).values().get())
    protocol = letter_case.submission.protocol
    assert find_letter(protocol, code.replace("-", "").lower()) == letter
    assert find_letter(protocol, "AAAAA-AAAAA") is None
    assert find_letter("2026.999999-9", code) is None


def test_a_batch_of_100_letters_downloads_as_one_pdf(
    letter_case, admin_client, django_assert_max_num_queries
):
    first = Letter.objects.get(case=letter_case)
    letters = [first] + [
        Letter.objects.create(
            case=letter_case, addressee=f"Empresa {n}", address=f"Rua {n}, Cuiabá - MT"
        )
        for n in range(99)
    ]
    with django_assert_max_num_queries(40):
        response = admin_client.post("/admin/cartas/lote/", {"status": "pending"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert_valid_pdf(data)
    assert page_count(data) >= 100
    text = pdf_text(data)
    for letter in letters:
        assert access_code(letter) in text


def test_print_queue_lists_marks_posted_and_records_delivery(letter_case, admin_client):
    letter = Letter.objects.get(case=letter_case)
    page = admin_client.get("/admin/cartas/")
    assert page.status_code == 200 and letter_case.submission.protocol in page.content.decode()
    assert admin_client.get(f"/admin/cartas/{letter.pk}/pdf/")["Content-Type"] == "application/pdf"

    admin_client.post(f"/admin/cartas/{letter.pk}/postada/", {"tracking_code": "jt123456789br"})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.POSTED and letter.tracking_code == "JT123456789BR"

    future = (date.today() + timedelta(days=3)).isoformat()
    admin_client.post(f"/admin/cartas/{letter.pk}/entregue/", {"delivered_on": future})
    assert Letter.objects.get(pk=letter.pk).delivered_on is None

    delivered = date.today() - timedelta(days=2)
    admin_client.post(
        f"/admin/cartas/{letter.pk}/entregue/", {"delivered_on": delivered.isoformat()}
    )
    letter.refresh_from_db()
    case = Case.objects.get(pk=letter_case.pk)
    days = WorkflowSettings.load().supplier_answer_days
    assert letter.status == Letter.Status.DELIVERED and letter.delivered_on == delivered
    assert case.deadline == delivered + timedelta(days=days)
    assert case.deadline_kind == "supplier_answer"


def test_print_queue_is_a_wagtail_listing_of_one_status(letter_case, admin_client):
    letter = Letter.objects.get(case=letter_case)
    protocol = letter_case.submission.protocol

    def queue(path="/admin/cartas/", **params):
        response = admin_client.get(path, params)
        assert response.status_code == 200
        return response

    page = queue()
    assert "wagtailadmin/tables/table.html" in [t.name for t in page.templates]
    html = page.content.decode()
    assert protocol in html and 'name="status" value="pending"' in html  # the batch's status
    assert f"/admin/cartas/{letter.pk}/pdf/" in html and 'name="tracking_code"' in html
    assert protocol in queue(status="zzz").content.decode()  # unknown: the print queue
    assert protocol not in queue(status="posted").content.decode()
    admin_client.post(f"/admin/cartas/{letter.pk}/postada/", {"tracking_code": "JT1BR"})
    assert protocol not in queue().content.decode()
    # The results alone (what a change of filter reloads) carry the batch form's status.
    results = queue("/admin/cartas/resultados/", status="posted").content.decode()
    assert protocol in results and 'name="status" value="posted"' in results
    assert 'name="delivered_on"' in results and "JT1BR" in results
    for ordering in ("protocol", "-protocol", "addressee", "-created_at"):
        assert protocol in queue(status="posted", ordering=ordering).content.decode()


def test_print_queue_queries_do_not_grow_with_the_letters(letter_case, admin_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    admin_client.get("/admin/cartas/")
    with CaptureQueriesContext(connection) as one:
        admin_client.get("/admin/cartas/")
    for n in range(20):
        Letter.objects.create(case=letter_case, addressee=f"Empresa {n}", address="Rua, 1")
    with CaptureQueriesContext(connection) as many:
        html = admin_client.get("/admin/cartas/").content.decode()
    assert html.count('name="letter"') == 21
    assert len(many) == len(one)


def test_delivery_of_a_letter_for_an_answered_case_changes_no_deadline(letter_case):
    from forms.models import Submission

    Submission.objects.filter(pk=letter_case.pk).update(status="supplier_answered")
    letter = Letter.objects.get(case=letter_case)
    assert start_supplier_deadline_from_delivery(letter, date.today()) is None
    assert Case.objects.get(pk=letter_case.pk).deadline is None


def test_print_queue_is_for_case_staff_only(client, letter_case, django_user_model, attendant):
    outsider = django_user_model.objects.create_user(
        "outsider", "o@example.com", "x", is_staff=True
    )
    client.force_login(outsider)
    assert client.get("/admin/cartas/").status_code in (302, 403)
    assert client.post("/admin/cartas/lote/").status_code in (302, 403)
    client.force_login(attendant)
    assert client.get("/admin/cartas/").status_code == 200


def test_a_printed_code_works_after_a_key_rotation_while_the_old_key_is_kept(letter_case, settings):
    letter = Letter.objects.get(case=letter_case)
    printed = access_code(letter)
    protocol = letter_case.submission.protocol
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "uma-chave-nova-" + "z" * 50
    settings.SECRET_KEY_FALLBACKS = [old]
    assert access_code(letter) != printed  # a letter printed now has a new code
    assert find_letter(protocol, printed) == letter
    assert find_letter(protocol, access_code(letter)) == letter
    settings.SECRET_KEY_FALLBACKS = []
    assert find_letter(protocol, printed) is None
