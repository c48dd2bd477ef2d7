"""The supplier area: sign-in, lockout, the isolation matrix between suppliers,
the one-case access code, and each action through the workflow."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import OutboundEmail
from forms.models import Attachment, Submission
from inbox import cases, workflow
from inbox.models import CaseEvent, EventKind, Visibility
from inbox.statuses import Status
from supplier_enrolment.area import LOCKOUT_FAILURES
from supplier_enrolment.letters import access_code
from supplier_enrolment.models import ForwardedCase, Letter

from .conftest import (
    CNPJ_LETTER,
    CNPJ_X,
    CNPJ_Y,
    PASSWORD,
    choose_password,
    representative_of,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def sign_in(client, email, password=PASSWORD):
    return client.post("/fornecedor/", {"entrar-email": email, "entrar-password": password})


def stored_file(submission, name="nota.pdf"):
    from core import storage

    stored = storage.save(io.BytesIO(PDF))
    return Attachment.objects.create(
        submission=submission,
        field_key="documentos",
        original_name=name,
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        storage_name=stored,
    )


@pytest.fixture
def two_suppliers(make_submission, forward):
    """Supplier X and Y, each enrolled with a representative and one forwarded case
    with a file; plus a case by post (letter) for a third company."""
    rep_x = representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    rep_y = representative_of(CNPJ_Y, "rep@y.example", "Empresa Y")
    case_x = forward(make_submission(supplier_cnpj=CNPJ_X))
    case_y = forward(make_submission(supplier_cnpj=CNPJ_Y))
    case_letter = forward(make_submission(supplier_cnpj=CNPJ_LETTER))
    files = {
        "x": stored_file(case_x.submission),
        "y": stored_file(case_y.submission),
        "letter": stored_file(case_letter.submission),
    }
    return {
        "rep_x": rep_x,
        "rep_y": rep_y,
        "case_x": case_x,
        "case_y": case_y,
        "case_letter": case_letter,
        "files": files,
    }


def case_urls(case, attachment):
    pk = case.pk
    return {
        "get": [f"/fornecedor/casos/{pk}/", f"/fornecedor/casos/{pk}/documentos/{attachment.pk}/"],
        "post": [
            f"/fornecedor/casos/{pk}/responder/",
            f"/fornecedor/casos/{pk}/recusar/",
            f"/fornecedor/casos/{pk}/prazo/",
            f"/fornecedor/casos/{pk}/mensagem/",
            f"/fornecedor/casos/{pk}/recurso/",
        ],
    }


POST_DATA = {
    "resposta-text": "Resposta",
    "recusa-reason": "duplicate",
    "prazo-days": "5",
    "prazo-reason": "Motivo",
    "mensagem-text": "Olá",
    "recurso-text": "Recorro",
}


def test_forwarding_to_an_enrolled_supplier_emails_its_representatives(two_suppliers):
    forwarding = ForwardedCase.objects.get(case=two_suppliers["case_x"])
    assert forwarding.supplier.cnpj == CNPJ_X and not forwarding.by_post
    notices = OutboundEmail.objects.filter(kind="supplier_case_notice")
    assert sorted(notices.values_list("to", flat=True)) == ["rep@x.example", "rep@y.example"]
    assert not Letter.objects.filter(case=two_suppliers["case_x"]).exists()
    assert two_suppliers["case_x"].deadline is not None


def test_forwarding_to_a_supplier_not_enrolled_queues_a_letter_and_waits_for_delivery(
    two_suppliers,
):
    case = two_suppliers["case_letter"]
    letter = Letter.objects.get(case=case)
    # The registry has no address for this company: the letter waits for one.
    assert letter.status == Letter.Status.NO_ADDRESS and letter.addressee_cnpj == CNPJ_LETTER
    assert ForwardedCase.objects.get(case=case).by_post
    assert case.deadline is None and case.deadline_kind == "supplier_answer"


def test_representative_of_x_never_reaches_y(client, two_suppliers):
    """The matrix: every supplier-area URL and the site's download view, for
    X's representative against Y's case and the letter case, answer 404 and
    change nothing; the same URLs on X's own case work."""
    assert sign_in(client, "rep@x.example").status_code == 302
    listing = client.get("/fornecedor/casos/").content.decode()
    assert two_suppliers["case_x"].submission.protocol in listing
    assert two_suppliers["case_y"].submission.protocol not in listing
    assert two_suppliers["case_letter"].submission.protocol not in listing

    for key in ("case_y", "case_letter"):
        case = two_suppliers[key]
        attachment = two_suppliers["files"]["y" if key == "case_y" else "letter"]
        urls = case_urls(case, attachment)
        for url in urls["get"]:
            assert client.get(url).status_code == 404, url
        for url in urls["post"]:
            assert client.post(url, POST_DATA).status_code == 404, url
        assert client.get(f"/anexos/{attachment.pk}/").status_code == 404
        # X's case page cannot fetch Y's file through its own URL either.
        own = two_suppliers["case_x"].pk
        assert client.get(f"/fornecedor/casos/{own}/documentos/{attachment.pk}/").status_code == 404
        assert Submission.objects.get(pk=case.pk).status == Status.NOTIFIED_SUPPLIER
        assert not CaseEvent.objects.filter(case=case, party="supplier").exists()

    own_case, own_file = two_suppliers["case_x"], two_suppliers["files"]["x"]
    for url in case_urls(own_case, own_file)["get"]:
        assert client.get(url).status_code == 200, url
    assert client.get(f"/anexos/{own_file.pk}/").status_code == 200


def test_signed_out_visitors_and_staff_without_representation_get_nothing(
    client, two_suppliers, supervisor
):
    case, attachment = two_suppliers["case_x"], two_suppliers["files"]["x"]
    urls = case_urls(case, attachment)
    for url in urls["get"] + ["/fornecedor/casos/"]:
        assert client.get(url).status_code == 302
    for url in urls["post"]:
        assert client.post(url, POST_DATA).status_code == 302
    client.force_login(supervisor)
    assert client.get(f"/fornecedor/casos/{case.pk}/").status_code == 302


def test_only_supplier_visible_events_are_shown(client, two_suppliers, supervisor):
    case = two_suppliers["case_x"]
    cases.add_note(case, supervisor, "NOTA-INTERNA")
    cases.send_message(case, supervisor, "MENSAGEM-AO-CIDADAO")
    cases.message_supplier(case, supervisor, "MENSAGEM-AO-FORNECEDOR")
    sign_in(client, "rep@x.example")
    page = client.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    assert "MENSAGEM-AO-FORNECEDOR" in page
    assert "NOTA-INTERNA" not in page and "MENSAGEM-AO-CIDADAO" not in page
    assert "maria@example.com" not in page  # the consumer's contacts stay with the Procon


def test_answer_with_a_document_is_a_citizen_visible_event(
    client, two_suppliers, django_capture_on_commit_callbacks
):
    case = two_suppliers["case_x"]
    sign_in(client, "rep@x.example")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/fornecedor/casos/{case.pk}/responder/",
            {
                "resposta-text": "Trocamos o produto.",
                "resposta-proposed_solution": "Troca em 5 dias.",
                "resposta-documents": [SimpleUploadedFile("laudo.pdf", PDF, "application/pdf")],
            },
        )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, action="record_supplier_answer")
    assert event.party == "supplier" and event.visibility == Visibility.CITIZEN
    assert event.reason == "Trocamos o produto."
    assert event.data["proposed_solution"] == "Troca em 5 dias."
    attachment = Attachment.objects.get(pk=event.data["attachments"][0])
    assert attachment.submission_id == case.pk and attachment.original_name == "laudo.pdf"
    assert Submission.objects.get(pk=case.pk).status == Status.SUPPLIER_ANSWERED


def test_a_bad_file_is_refused_and_nothing_is_kept(client, two_suppliers):
    case = two_suppliers["case_x"]
    sign_in(client, "rep@x.example")
    before = Attachment.objects.count()
    response = client.post(
        f"/fornecedor/casos/{case.pk}/responder/",
        {
            "resposta-text": "Resposta",
            "resposta-documents": [
                SimpleUploadedFile("x.pdf", b"<html>no</html>", "application/pdf")
            ],
        },
    )
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert Attachment.objects.count() == before
    assert Submission.objects.get(pk=case.pk).status == Status.NOTIFIED_SUPPLIER


def test_refuse_extension_reply_and_appeal(client, two_suppliers, supervisor):
    case = two_suppliers["case_x"]
    sign_in(client, "rep@x.example")
    base = f"/fornecedor/casos/{case.pk}"
    assert (
        client.post(f"{base}/prazo/", {"prazo-days": "5", "prazo-reason": "Férias"}).status_code
        == 302
    )
    assert CaseEvent.objects.get(case=case, kind=EventKind.EXTENSION_REQUEST).data == {"days": 5}
    assert client.post(f"{base}/mensagem/", {"mensagem-text": "Dúvida"}).status_code == 302
    assert CaseEvent.objects.filter(case=case, kind=EventKind.SUPPLIER_REPLY).exists()
    # "Another reason" needs an explanation.
    assert client.post(f"{base}/recusar/", {"recusa-reason": "other"}).status_code == 400
    response = client.post(
        f"{base}/recusar/", {"recusa-reason": "wrong_supplier", "recusa-details": "É da filial."}
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, action="supplier_refuse")
    assert event.data["refusal_reason"] == "wrong_supplier" and "filial" in event.reason

    # Appeal: only from "decided", within the deadline.
    Submission.objects.filter(pk=case.pk).update(status=Status.ADMINISTRATIVE_PROCESS)
    workflow.apply(case, "decide", supervisor, reason="Multa.")
    case.refresh_from_db()
    assert client.get(f"{base}/").content.decode().count("recurso-text") >= 1
    type(case).objects.filter(pk=case.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    assert client.post(f"{base}/recurso/", {"recurso-text": "Recorro"}).status_code == 400
    type(case).objects.filter(pk=case.pk).update(deadline=timezone.localdate())
    assert client.post(f"{base}/recurso/", {"recurso-text": "Recorro"}).status_code == 302
    assert Submission.objects.get(pk=case.pk).status == Status.APPEALED


def test_lockout_after_repeated_failures(client, two_suppliers):
    # From other addresses each time: the email's own lockout, not django-axes'.
    for number in range(LOCKOUT_FAILURES):
        other = client.__class__(REMOTE_ADDR=f"10.0.1.{number}")
        assert sign_in(other, "rep@x.example", "errada").status_code == 400
    response = sign_in(client, "rep@x.example")  # right password, but locked
    assert response.status_code == 400
    assert "15" in response.content.decode()
    assert client.get("/fornecedor/casos/").status_code == 302


def test_failures_from_one_address_lock_the_pair_in_axes(client, two_suppliers, settings):
    """The sign-in passes the request to authenticate(), so django-axes counts it
    like the staff login: the pair (account, address) is locked with a 429, the
    right password is refused, and another address is not affected by axes."""
    from axes.models import AccessAttempt

    assert settings.AXES_FAILURE_LIMIT == LOCKOUT_FAILURES  # both lock at the same count
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "rep@x.example", "errada").status_code == 400
    assert sign_in(client, "rep@x.example", "errada").status_code == 429
    username = two_suppliers["rep_x"].user.username
    assert AccessAttempt.objects.filter(username=username).exists()
    from supplier_enrolment import area

    area.clear_failures("rep@x.example")  # only axes' lock is left
    response = sign_in(client, "rep@x.example")
    assert response.status_code == 429
    assert client.get("/fornecedor/casos/").status_code == 302
    other = client.__class__(REMOTE_ADDR="10.0.2.1")
    assert sign_in(other, "rep@x.example").status_code == 302


def test_a_new_password_ends_the_lockouts(client, two_suppliers, settings):
    from supplier_enrolment.enrolment import set_password_path

    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "rep@x.example", "errada")
    user = two_suppliers["rep_x"].user
    new = "Outra-senha-segura-2026"
    response = choose_password(client, set_password_path(user), new)
    assert response.status_code == 302
    assert sign_in(client, "rep@x.example", new).status_code == 302


def test_sign_in_rotates_the_session_key(client, two_suppliers):
    client.get("/fornecedor/")
    client.session.save()
    before = client.session.session_key
    sign_in(client, "rep@x.example")
    assert client.session.session_key != before


def test_sign_in_is_rate_limited_per_address(client, two_suppliers, settings):
    from supplier_enrolment import area

    for _ in range(area.ATTEMPTS_PER_ADDRESS):
        sign_in(client, "ninguem@example.com", "x")
    assert sign_in(client, "ninguem@example.com", "x").status_code == 429


def test_access_code_opens_exactly_one_case(client, two_suppliers):
    case = two_suppliers["case_letter"]
    letter = Letter.objects.get(case=case)
    protocol = case.submission.protocol
    wrong = client.post(
        "/fornecedor/", {"codigo-protocol": protocol, "codigo-access_code": "AAAAA-AAAAA"}
    )
    assert wrong.status_code == 400
    response = client.post(
        "/fornecedor/",
        {"codigo-protocol": protocol, "codigo-access_code": access_code(letter).lower()},
    )
    assert response.status_code == 302 and response["Location"] == f"/fornecedor/casos/{case.pk}/"
    assert client.get(f"/fornecedor/casos/{case.pk}/").status_code == 200
    assert client.get("/fornecedor/casos/")["Location"] == f"/fornecedor/casos/{case.pk}/"
    own = two_suppliers["files"]["letter"]
    assert client.get(f"/fornecedor/casos/{case.pk}/documentos/{own.pk}/").status_code == 200
    # Nothing else: other cases, their files, the site's download view.
    for other, key in (("case_x", "x"), ("case_y", "y")):
        for url in case_urls(two_suppliers[other], two_suppliers["files"][key])["get"]:
            assert client.get(url).status_code == 404, url
    assert client.get(f"/anexos/{own.pk}/").status_code == 302  # no account: sign-in page
    # The code acts on its case through the workflow.
    response = client.post(
        f"/fornecedor/casos/{case.pk}/mensagem/", {"mensagem-text": "Recebemos a carta."}
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=case, kind=EventKind.SUPPLIER_REPLY)
    assert event.actor is None and event.party == "supplier"


def test_news_on_a_case_emails_the_representatives(
    two_suppliers, supervisor, django_capture_on_commit_callbacks
):
    case = two_suppliers["case_x"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cases.message_supplier(case, supervisor, "Precisamos de um documento.")
    updates = OutboundEmail.objects.filter(kind="supplier_case_update")
    assert list(updates.values_list("to", flat=True)) == ["rep@x.example"]
    assert "Precisamos" not in mail.outbox[-1].body  # only a pointer to the area


def test_case_list_and_case_page_queries_are_bounded(
    client, make_submission, forward, django_assert_max_num_queries
):
    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    cases_x = [forward(make_submission(supplier_cnpj=CNPJ_X)) for _ in range(6)]
    sign_in(client, "rep@x.example")
    with django_assert_max_num_queries(13):
        listing = client.get("/fornecedor/casos/")
    assert listing.status_code == 200
    assert all(case.submission.protocol in listing.content.decode() for case in cases_x)
    with django_assert_max_num_queries(20):
        assert client.get(f"/fornecedor/casos/{cases_x[0].pk}/").status_code == 200
