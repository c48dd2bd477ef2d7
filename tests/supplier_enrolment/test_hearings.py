"""Conciliation hearings seen from the supplier side: an e-mail to an enrolled
supplier, a letter with an access code for the others, one request for another
date from the area, and the minutes (ata) only for the parties."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from core.models import OutboundEmail
from forms.access import citizen_link
from forms.models import AttachmentAccess, Submission
from inbox import hearings
from inbox.models import Case, CaseEvent, EventKind
from inbox.statuses import Status
from supplier_enrolment.letters import access_code, letters_for_printing, render_pdf
from supplier_enrolment.models import Letter
from supplier_enrolment.notices import HEARING_EMAIL, start_supplier_deadline_from_delivery
from tests.inbox.conftest import member

from .conftest import CNPJ_X, CNPJ_Y, representative_of
from .test_area import sign_in

pytestmark = pytest.mark.django_db

SOON = timezone.now() + timedelta(days=7)
AFTER = SOON + timedelta(hours=1)


def hearing_on(case, user, capture, **where):
    Submission.objects.filter(pk=case.pk).update(status=Status.NOT_RESOLVED)
    case = Case.objects.select_related("submission").get(pk=case.pk)
    with capture(execute=True):
        hearing = hearings.schedule(case, user, SOON, **(where or {"place": "Sala 2"}))
    return Case.objects.select_related("submission").get(pk=case.pk), hearing


def test_an_enrolled_supplier_is_emailed_the_hearing(
    make_submission, forward, supervisor, django_capture_on_commit_callbacks
):
    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    hearing_on(
        case, supervisor, django_capture_on_commit_callbacks, video_link="https://meet.example/a"
    )
    assert OutboundEmail.objects.filter(kind=HEARING_EMAIL, to="rep@x.example").count() == 1
    [email] = [m for m in mail.outbox if m.to == ["rep@x.example"] and "Audiência" in m.subject]
    assert "https://meet.example/a" in email.body
    assert timezone.localtime(SOON).strftime("%d/%m/%Y %H:%M") in email.body
    assert f"/fornecedor/casos/{case.pk}/" in email.body
    assert not Letter.objects.filter(case=case, hearing__isnull=False).exists()


def test_a_supplier_not_enrolled_gets_a_letter_with_an_access_code(
    make_submission, forward, supervisor, django_capture_on_commit_callbacks
):
    case = forward(make_submission(supplier_cnpj=CNPJ_Y))  # not enrolled: notified by post
    notice = Letter.objects.get(case=case)
    Letter.objects.filter(pk=notice.pk).update(address="Rua das Flores, 10, Cuiabá")
    case, hearing = hearing_on(case, supervisor, django_capture_on_commit_callbacks)
    letter = Letter.objects.get(case=case, hearing=hearing)
    assert letter.status == Letter.Status.PENDING  # in the print queue
    assert letter.address == "Rua das Flores, 10, Cuiabá"  # as staff completed the first one
    assert not OutboundEmail.objects.filter(kind=HEARING_EMAIL).exists()
    pdf = render_pdf(letters_for_printing(Letter.objects.filter(pk=letter.pk)))
    assert pdf.startswith(b"%PDF-")
    # Its delivery starts no deadline: the hearing's day stays the deadline.
    deadline = case.deadline
    assert start_supplier_deadline_from_delivery(letter, date(2026, 5, 4)) is None
    assert Case.objects.get(pk=case.pk).deadline == deadline
    # The code on the letter opens the case in the area, where the hearing shows.
    client = Client()
    response = client.post(
        "/fornecedor/",
        {"codigo-protocol": case.submission.protocol, "codigo-access_code": access_code(letter)},
    )
    assert response.status_code == 302
    page = client.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    assert 'data-testid="hearing"' in page and "Sala 2" in page
    # A second hearing (rescheduled) means a second letter.
    with django_capture_on_commit_callbacks(execute=True):
        hearings.reschedule(case, supervisor, SOON + timedelta(days=3), place="Sala 4")
    assert Letter.objects.filter(case=case, hearing=hearing).count() == 2


def test_the_supplier_asks_once_for_another_date_from_the_area(
    client, make_submission, forward, supervisor, django_capture_on_commit_callbacks
):
    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    case, _hearing = hearing_on(case, supervisor, django_capture_on_commit_callbacks)
    sign_in(client, "rep@x.example")
    url = f"/fornecedor/casos/{case.pk}/audiencia/remarcar/"
    response = client.post(url, {"remarcar-reason": ""})
    assert response.status_code == 400
    assert "Diga por que você precisa de outra data." in response.content.decode()
    response = client.post(url, {"remarcar-reason": "Nosso preposto estará viajando."})
    assert response.status_code == 302
    request = CaseEvent.objects.get(case=case, kind=EventKind.RESCHEDULE_REQUEST)
    assert request.party == "supplier" and request.actor.email == "rep@x.example"
    page = client.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    assert 'data-testid="reschedule-asked"' in page
    assert 'name="remarcar-reason"' not in page  # once
    response = client.post(url, {"remarcar-reason": "De novo."})
    assert response.status_code == 400
    assert CaseEvent.objects.filter(case=case, kind=EventKind.RESCHEDULE_REQUEST).count() == 1


def test_the_minutes_reach_the_parties_only_and_every_download_is_logged(
    make_submission, forward, supervisor, django_capture_on_commit_callbacks, django_user_model
):
    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    representative_of(CNPJ_Y, "rep@y.example", "Empresa Y")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    case, hearing = hearing_on(case, supervisor, django_capture_on_commit_callbacks)
    hearings.record_outcome(case, supervisor, "no_agreement", minutes="Sem acordo.", now=AFTER)
    hearing.refresh_from_db()
    ata = hearing.ata
    area_url = f"/fornecedor/casos/{case.pk}/documentos/{ata.pk}/"

    # The supplier the case is with: in its area and through the download view.
    supplier = Client()
    sign_in(supplier, "rep@x.example")
    assert area_url in supplier.get(f"/fornecedor/casos/{case.pk}/").content.decode()
    response = supplier.get(area_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert supplier.get(f"/anexos/{ata.pk}/").status_code == 200

    # The consumer, through the signed link the tracking page gives.
    citizen = Client()
    assert citizen.get(citizen_link(ata)).status_code == 200

    # Another supplier, a colleague's attendant, anonymous: 404.
    other = Client()
    sign_in(other, "rep@y.example")
    assert other.get(area_url).status_code == 404
    assert other.get(f"/anexos/{ata.pk}/").status_code == 404
    colleague = member(django_user_model, "colega", "Atendentes")
    Case.objects.filter(pk=case.pk).update(assignee=supervisor)
    staff = Client()
    staff.force_login(colleague)
    assert staff.get(f"/anexos/{ata.pk}/").status_code == 404
    assert Client().get(area_url).status_code == 302  # to the area's sign-in

    accesses = AttachmentAccess.objects.filter(attachment=ata)
    assert accesses.filter(action="download").count() == 3
    assert accesses.filter(action="denied").count() == 2
