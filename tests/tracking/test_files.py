"""The citizen's files on an open case: sent with a message to the Procon (all or
nothing), each file on the tracking page saying who sent it and when, staff
seeing them in the case timeline, and who may open them."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import storage
from core.models import OutboundEmail
from forms.access import access_for, citizen_link
from forms.models import Attachment, AttachmentAccess
from inbox import workflow
from inbox.cases import send_message
from inbox.files import CITIZEN_MESSAGE_FILES, case_files, for_citizen, shared_with_supplier
from inbox.models import CaseEvent, EventKind, Party, Visibility
from inbox.statuses import Status
from tests.forms.files import pdf_bytes
from tracking import actions
from tracking.texts import sender_label, sent_by

from .conftest import sign_in

pytestmark = pytest.mark.django_db


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


def stored_files(root):
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def case_url(case, suffix=""):
    return f"/acompanhar/caso/{case.submission.protocol}/{suffix}"


def pdf(name="nota.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def fake_image(name="foto.jpg"):
    return SimpleUploadedFile(name, b"<html>not an image</html>", content_type="image/jpeg")


def attach(case, name, field_key="docs"):
    stored = storage.save(SimpleUploadedFile(name, pdf_bytes()))
    return Attachment.objects.create(
        submission=case.submission,
        field_key=field_key,
        original_name=name,
        content_type="application/pdf",
        size=100,
        sha256="0" * 64,
        storage_name=stored,
    )


def event_with_files(case, party, attachments, visibility=Visibility.CITIZEN, **columns):
    return CaseEvent.objects.create(
        case=case,
        kind=columns.pop("kind", EventKind.MESSAGE),
        party=party,
        visibility=visibility,
        data={"files": [str(a.pk) for a in attachments]},
        **columns,
    )


# --- a message with files ---------------------------------------------------------------


def test_message_with_files_is_kept_linked_to_the_message_and_listed_as_yours(
    client, make_case, attendant, django_capture_on_commit_callbacks
):
    case = make_case()
    case.assignee = attendant
    case.save()
    sign_in(client, case)
    page = client.get(case_url(case)).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="files"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            case_url(case),
            {"text": "Segue o comprovante.", "files": [pdf("comprovante.pdf"), pdf("nota.pdf")]},
        )
    assert response.status_code == 302
    event = CaseEvent.objects.get(kind=EventKind.CITIZEN_MESSAGE)
    attachments = list(Attachment.objects.filter(submission=case.submission))
    assert sorted(a.original_name for a in attachments) == ["comprovante.pdf", "nota.pdf"]
    assert {a.field_key for a in attachments} == {CITIZEN_MESSAGE_FILES}
    assert sorted(event.data["files"]) == sorted(str(a.pk) for a in attachments)
    assert event.body == "Segue o comprovante." and event.party == Party.CITIZEN
    # The attendant hears of it once, like any message.
    assert OutboundEmail.objects.filter(kind="case_staff_update", to=attendant.email).count() == 1

    html = client.get(case_url(case)).content.decode()
    assert "Sua mensagem foi enviada ao Procon." in html
    assert "Documentos do caso" in html and "Seus documentos" not in html
    assert html.count("Enviado por você em") == 2
    assert "comprovante.pdf" in html and "/anexos/cidadao/" in html


def test_a_message_without_files_still_works(client, make_case):
    case = make_case()
    sign_in(client, case)
    assert client.post(case_url(case), {"text": "Só uma pergunta."}).status_code == 302
    event = CaseEvent.objects.get(kind=EventKind.CITIZEN_MESSAGE)
    assert event.data == {} and not Attachment.objects.exists()


def test_a_bad_file_refuses_the_whole_message_and_keeps_the_text(client, make_case, private_root):
    case = make_case()
    sign_in(client, case)
    response = client.post(
        case_url(case),
        {"text": "Mensagem que não pode se perder.", "files": [pdf("boa.pdf"), fake_image()]},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Há um problema" in html  # the error summary
    assert "foto.jpg" in html  # which file, in Portuguese
    assert "Nada foi enviado: escolha os arquivos de novo. Sua mensagem foi mantida." in html
    assert 'href="#id_files"' in html
    assert "\nMensagem que não pode se perder.</textarea>" in html  # nothing typed is lost
    assert response.context["reply_form"]["text"].value() == "Mensagem que não pode se perder."
    assert not CaseEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
    assert not Attachment.objects.exists()
    assert stored_files(private_root) == []


def test_files_with_a_missing_message_are_not_kept_and_the_page_says_so(
    client, make_case, private_root
):
    case = make_case()
    sign_in(client, case)
    response = client.post(case_url(case), {"text": " ", "files": [pdf()]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escreva sua mensagem." in html or "Este campo é obrigatório." in html
    assert "Nada foi enviado: escolha os arquivos de novo." in html
    assert not Attachment.objects.exists() and stored_files(private_root) == []


def test_more_files_than_allowed_are_refused(client, make_case, private_root):
    case = make_case()
    sign_in(client, case)
    response = client.post(
        case_url(case), {"text": "Muitos.", "files": [pdf(f"{n}.pdf") for n in range(6)]}
    )
    assert response.status_code == 400
    assert "Envie no máximo 5 arquivos de cada vez." in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(private_root) == []


def test_files_on_a_finished_case_are_refused_and_nothing_is_left(make_case, private_root):
    case = make_case()
    workflow.apply(case, "withdraw", None, party=workflow.CITIZEN)
    checked, errors = actions.check_files([pdf()])
    assert errors == []
    with pytest.raises(workflow.TransitionError):
        actions.reply(case, "Tarde demais.", checked)
    assert not Attachment.objects.exists()
    assert not CaseEvent.objects.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
    assert stored_files(private_root) == []


def test_a_finished_case_offers_no_message_form_and_refuses_a_post(client, make_case):
    case = make_case()
    workflow.apply(case, "withdraw", None, party=workflow.CITIZEN)
    sign_in(client, case)
    assert 'name="files"' not in client.get(case_url(case)).content.decode()
    response = client.post(case_url(case), {"text": "Oi", "files": [pdf()]}, follow=True)
    assert "Este caso está encerrado" in response.content.decode()
    assert not Attachment.objects.exists()


# --- staff see them in the timeline -----------------------------------------------------


def test_staff_see_the_citizens_files_in_the_timeline_and_can_open_them(
    client, make_case, attendant
):
    case = make_case()
    checked, _errors = actions.check_files([pdf("recibo.pdf")])
    event = actions.reply(case, "Segue o recibo.", checked)
    attachment = Attachment.objects.get()
    client.force_login(attendant)
    response = client.get(reverse("inbox:case", args=[case.pk]))
    html = response.content.decode()
    url = reverse("procon_forms:attachment", args=[attachment.pk])
    timeline = html[html.index('data-testid="timeline"') :]
    entry = timeline[timeline.index(f'data-event-kind="{event.kind}"') :]
    entry = entry[: entry.index("</li>\n")]
    assert 'data-testid="event-files" data-sender="citizen"' in entry
    assert "Enviado pelo consumidor" in entry and url in entry and "recibo.pdf" in entry
    files = html[html.index('data-testid="case-files"') :]
    assert "Enviado pelo consumidor" in files[: files.index("</ul>")]
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == pdf_bytes()
    assert AttachmentAccess.objects.filter(attachment=attachment, action="download").exists()


# --- who may open them (forms/access.py rules) ------------------------------------------


def test_the_message_file_opens_only_for_those_allowed(
    client, make_case, attendant, other_attendant, supervisor, django_user_model
):
    case = make_case()
    case.assignee = attendant
    case.save()
    checked, _errors = actions.check_files([pdf("recibo.pdf")])
    actions.reply(case, "Segue.", checked)
    attachment = Attachment.objects.get()
    assert access_for(attendant, attachment) == "case staff"
    assert access_for(supervisor, attachment) == "case staff"
    assert access_for(other_attendant, attachment) is None  # a colleague's case
    stranger = django_user_model.objects.create_user("qualquer", "q@example.com", "x")
    assert access_for(stranger, attachment) is None

    # The citizen, through the signed link the tracking page gives...
    sign_in(client, case)
    # One instant for the page and the expected link: a signed link carries the
    # second it was made.
    with time_machine.travel(datetime.now(UTC), tick=False):
        html = client.get(case_url(case)).content.decode()
        link = citizen_link(attachment)
    assert link in html
    assert client.get(link).status_code == 200
    # ...a forged or expired link opens nothing...
    assert client.get(link[:-6] + "xxxxx/").status_code == 404
    with time_machine.travel("2099-01-01"):
        assert client.get(link).status_code == 404
    # ...and another case's page never links this file.
    other = make_case()
    other_attachment = attach(other, "outro.pdf")
    assert "outro.pdf" not in html and citizen_link(other_attachment) not in html
    # Staff URLs need staff.
    client.logout()
    staff_url = reverse("procon_forms:attachment", args=[attachment.pk])
    assert client.get(staff_url).status_code == 302  # to the sign-in
    client.force_login(other_attendant)
    assert client.get(staff_url).status_code == 404


def test_message_files_are_not_shared_with_the_supplier(make_case):
    case = make_case()
    form_file = attach(case, "nota.pdf")
    checked, _errors = actions.check_files([pdf("conversa.pdf")])
    actions.reply(case, "Só para o Procon.", checked)
    message = Attachment.objects.get(original_name="conversa.pdf")
    assert message.field_key == CITIZEN_MESSAGE_FILES
    assert message.kind == "other" and not message.shared_with_supplier
    shared = shared_with_supplier(case.submission.attachments.all())
    assert form_file in shared and message not in shared


def test_complement_files_are_shared_with_the_supplier(make_case):
    case = make_case(status=Status.AWAITING_COMPLEMENT)
    checked, _errors = actions.check_files([pdf("complemento.pdf")])
    actions.send_complement(case, checked, "Segue.")
    complement = Attachment.objects.get(original_name="complemento.pdf")
    assert complement.field_key == actions.COMPLEMENT_FIELD
    assert complement.kind == "other" and complement.shared_with_supplier


# --- who sent each file -----------------------------------------------------------------


@pytest.fixture
def files_from_three_parties(make_case, attendant):
    """A complaint with a file of the form, a complement, the company's answer with
    a document, a file from the Procon, and one on an internal event."""
    with time_machine.travel("2026-05-04 09:15 -04:00", tick=False):
        case = make_case()
        form_file = attach(case, "nota-fiscal.pdf")
    with time_machine.travel("2026-05-06 10:00 -04:00", tick=False):
        workflow.apply(case, "accept", attendant)
        workflow.apply(case, "request_complement", attendant, reason="Envie o contrato.")
        checked, _errors = actions.check_files([pdf("contrato.pdf")])
        actions.send_complement(case, checked, "Segue.")
    with time_machine.travel("2026-05-08 16:40 -04:00", tick=False):
        workflow.apply(case, "forward_to_supplier", attendant)
        laudo = attach(case, "laudo.pdf", field_key="supplier_answer")
        workflow.apply(
            case,
            "record_supplier_answer",
            None,
            reason="Trocamos.",
            party=workflow.SUPPLIER,
            data={"attachments": [str(laudo.pk)], "attachment_names": ["laudo.pdf"]},
        )
    with time_machine.travel("2026-05-11 08:05 -04:00", tick=False):
        oficio = attach(case, "oficio.pdf", field_key="procon")
        event_with_files(
            case, Party.STAFF, [oficio], actor=attendant, body="Segue o ofício do Procon."
        )
        internal = attach(case, "parecer-interno.pdf", field_key="procon")
        event_with_files(
            case, Party.STAFF, [internal], visibility=Visibility.INTERNAL, kind=EventKind.NOTE
        )
    case.refresh_from_db()
    return case, {"form": form_file, "supplier": laudo, "staff": oficio, "internal": internal}


def test_each_file_says_who_sent_it_from_the_data(files_from_three_parties):
    case, _files = files_from_three_parties
    found = {item.attachment.original_name: item for item in case_files(case)}
    assert found["nota-fiscal.pdf"].party == Party.CITIZEN
    assert found["nota-fiscal.pdf"].event is None  # came with the form
    assert found["contrato.pdf"].party == Party.CITIZEN
    assert found["contrato.pdf"].event.action == "receive_complement"
    assert found["laudo.pdf"].party == Party.SUPPLIER
    assert found["oficio.pdf"].party == Party.STAFF
    assert found["parecer-interno.pdf"].party == Party.STAFF  # staff see it
    names = [item.attachment.original_name for item in case_files(case, shown=for_citizen)]
    assert names == ["nota-fiscal.pdf", "contrato.pdf", "laudo.pdf", "oficio.pdf"]


def test_sender_labels():
    assert sender_label(Party.CITIZEN) == "você"
    assert sender_label(Party.SUPPLIER) == "a empresa"
    assert sender_label(Party.STAFF) == "o Procon"
    assert sender_label(Party.SYSTEM) == "o Procon"
    when = datetime(2026, 5, 8, 20, 40, tzinfo=UTC)  # 16:40 in Cuiabá (UTC-4)
    assert sent_by(Party.SUPPLIER, when) == "Enviado pela empresa em 8 de maio de 2026 às 16:40"
    assert sent_by(Party.CITIZEN, when).startswith("Enviado por você em ")
    assert sent_by(Party.STAFF, when).startswith("Enviado pelo Procon em ")


def test_tracking_page_labels_every_file_with_sender_and_date(client, files_from_three_parties):
    case, _files = files_from_three_parties
    sign_in(client, case)
    html = client.get(case_url(case)).content.decode()
    listing = html[html.index('data-testid="tracking-files"') :]
    listing = listing[: listing.index("</ul>")]
    assert "Enviado por você em 4 de maio de 2026 às 09:15" in listing  # nota-fiscal.pdf
    assert "Enviado por você em 6 de maio de 2026 às 10:00" in listing  # contrato.pdf
    assert "Enviado pela empresa em 8 de maio de 2026 às 16:40" in listing  # laudo.pdf
    assert "Enviado pelo Procon em 11 de maio de 2026 às 08:05" in listing  # oficio.pdf
    assert "parecer-interno.pdf" not in html  # an internal event's file
    assert listing.count('data-sender="citizen"') == 2
    assert listing.count('data-sender="supplier"') == 1
    assert listing.count('data-sender="staff"') == 1


def test_data_download_lists_the_files_with_sender(client, files_from_three_parties):
    case, _files = files_from_three_parties
    sign_in(client, case)
    data = json.loads(client.get(case_url(case, "meus-dados.json")).content)
    assert [(f["name"], f["sent_by"]) for f in data["files"]] == [
        ("nota-fiscal.pdf", "você"),
        ("contrato.pdf", "você"),
        ("laudo.pdf", "a empresa"),
        ("oficio.pdf", "o Procon"),
    ]
    assert data["files"][2]["sent_at"].startswith("2026-05-08T16:40")
    pdf_response = client.get(case_url(case, "meus-dados.pdf"))
    assert pdf_response.status_code == 200 and pdf_response.content.startswith(b"%PDF")


def test_files_with_their_senders_are_read_in_two_queries(
    files_from_three_parties, django_assert_num_queries
):
    case, _files = files_from_three_parties
    case = type(case).objects.select_related("submission").get(pk=case.pk)
    with django_assert_num_queries(2):  # the events that brought files, the attachments
        assert len(case_files(case, shown=for_citizen)) == 4


def test_case_page_queries_stay_bounded_with_many_files(
    client, files_from_three_parties, attendant, django_assert_max_num_queries
):
    case, _files = files_from_three_parties
    for number in range(5):
        checked, _errors = actions.check_files([pdf(f"extra-{number}.pdf")])
        actions.reply(case, f"Mensagem {number}", checked)
        send_message(case, attendant, f"Resposta {number}")
    sign_in(client, case)
    with django_assert_max_num_queries(21):
        response = client.get(case_url(case))
    assert response.status_code == 200
    assert response.content.decode().count("Enviado por você em") == 7


def test_the_error_state_keeps_the_files_listing(client, files_from_three_parties):
    case, _files = files_from_three_parties
    sign_in(client, case)
    response = client.post(case_url(case), {"text": "Veja.", "files": [fake_image()]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enviado pela empresa em" in html and "foto.jpg" in html


def test_inbox_case_view_queries_stay_bounded_with_files(
    client, files_from_three_parties, supervisor, django_assert_max_num_queries
):
    case, _files = files_from_three_parties
    client.force_login(supervisor)
    client.get(reverse("inbox:case", args=[case.pk]))  # warm the permission caches
    with django_assert_max_num_queries(30):
        response = client.get(reverse("inbox:case", args=[case.pk]))
    html = response.content.decode()
    assert "Enviado pelo fornecedor" in html and "Enviado pelo Procon" in html


def test_status_unchanged_by_a_message_with_files(client, make_case, attendant):
    case = make_case()
    workflow.apply(case, "accept", attendant)
    sign_in(client, case)
    client.post(case_url(case), {"text": "Oi", "files": [pdf()]})
    case.refresh_from_db()
    assert case.submission.status == Status.IN_ANALYSIS
