"""The Procon's decisions seen from the supplier side: a refusal accepted
(closed, or the case sent to the right supplier through the same forwarding as
a first one), rejected, and a request for more time granted or denied; the
letters' deadline through the workflow."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from forms.models import Submission
from inbox import workflow
from inbox.models import Case, CaseEvent, DeadlineKind, Visibility
from inbox.statuses import Status
from supplier_enrolment.letters import access_code
from supplier_enrolment.models import ForwardedCase, Letter, Supplier
from supplier_enrolment.notices import (
    CASE_NOTICE_EMAIL,
    CASE_RELEASED_EMAIL,
    CASE_UPDATE_EMAIL,
    start_supplier_deadline_from_delivery,
)

from .conftest import CNPJ_LETTER, CNPJ_X, CNPJ_Y, representative_of
from .test_area import sign_in

pytestmark = pytest.mark.django_db


def emails(kind, to):
    return OutboundEmail.objects.filter(kind=kind, to=to).count()


@pytest.fixture
def refused_by_x(client, make_submission, forward):
    """Supplier X (enrolled) refused its case from the area."""
    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    sign_in(client, "rep@x.example")
    response = client.post(
        f"/fornecedor/casos/{case.pk}/recusar/",
        {"recusa-reason": "wrong_supplier", "recusa-details": "A venda foi da Empresa Y."},
    )
    assert response.status_code == 302
    return Case.objects.select_related("submission").get(pk=case.pk)


def decide(case, action, user, capture, **kwargs):
    with capture(execute=True):
        return workflow.apply(case, action, user, **kwargs)


def test_the_supplier_sees_its_refusal_await_then_the_rejection(
    client, refused_by_x, supervisor, django_capture_on_commit_callbacks
):
    page = client.get(f"/fornecedor/casos/{refused_by_x.pk}/").content.decode()
    assert 'data-testid="awaiting-decision"' in page
    assert "Sua recusa aguarda a decisão do Procon" in page
    decide(
        refused_by_x,
        "reject_refusal",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="A nota fiscal é da Empresa X.",
    )
    assert emails(CASE_UPDATE_EMAIL, "rep@x.example") == 1
    page = client.get(f"/fornecedor/casos/{refused_by_x.pk}/").content.decode()
    assert 'data-testid="awaiting-decision"' not in page
    assert "O Procon rejeitou sua recusa: responda à reclamação" in page
    assert "A nota fiscal é da Empresa X." in page
    deadline = (timezone.localdate() + timedelta(days=10)).strftime("%d/%m/%Y")
    assert f"Novo prazo: {deadline}" in page
    assert 'id="titulo-responder"' in page  # the answer form is back


def test_accepting_the_refusal_closes_and_the_supplier_reads_why(
    client, refused_by_x, supervisor, django_capture_on_commit_callbacks
):
    decide(
        refused_by_x,
        "accept_refusal",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="Não há relação de consumo.",
    )
    assert emails(CASE_UPDATE_EMAIL, "rep@x.example") == 1
    page = client.get(f"/fornecedor/casos/{refused_by_x.pk}/").content.decode()
    assert "O Procon aceitou sua recusa e encerrou o caso" in page
    assert "Não há relação de consumo." in page
    assert 'id="titulo-responder"' not in page and 'id="titulo-recusar"' not in page


def test_redirecting_forwards_to_the_enrolled_supplier_and_releases_the_first(
    client, refused_by_x, supervisor, django_capture_on_commit_callbacks
):
    representative_of(CNPJ_Y, "rep@y.example", "Empresa Y")
    decide(
        refused_by_x,
        "redirect_to_supplier",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="A venda foi da Empresa Y.",
        data={"cnpj": CNPJ_Y},
    )
    forwarding = ForwardedCase.objects.get(case=refused_by_x)
    assert forwarding.supplier.cnpj == CNPJ_Y and not forwarding.by_post
    submission = Submission.objects.get(pk=refused_by_x.pk)
    assert submission.supplier_name == "Empresa Y"  # from the registry: staff gave the CNPJ only
    assert emails(CASE_NOTICE_EMAIL, "rep@y.example") == 1
    assert emails(CASE_RELEASED_EMAIL, "rep@x.example") == 1
    assert emails(CASE_UPDATE_EMAIL, "rep@x.example") == 0
    # X no longer reaches the case; Y does, with a running deadline.
    assert client.get(f"/fornecedor/casos/{refused_by_x.pk}/").status_code == 404
    client.logout()
    sign_in(client, "rep@y.example")
    page = client.get(f"/fornecedor/casos/{refused_by_x.pk}/").content.decode()
    assert "notificada ao fornecedor" in page
    case = Case.objects.get(pk=refused_by_x.pk)
    assert case.deadline == timezone.localdate() + timedelta(days=10)


def test_redirecting_to_a_company_not_enrolled_sends_a_letter_and_holds_the_deadline(
    make_submission, forward, supervisor, django_capture_on_commit_callbacks
):
    Supplier.objects.create(cnpj=CNPJ_LETTER, legal_name="Loja de Carta Ltda.", address="Rua A")
    case = forward(make_submission(supplier_cnpj=CNPJ_Y))  # Y is not enrolled: a letter
    first_letter = Letter.objects.get(case=case)
    workflow.apply(case, "supplier_refuse", None, reason="Não somos nós.", party=workflow.SUPPLIER)
    decide(
        case,
        "redirect_to_supplier",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="É a Loja de Carta.",
        data={"cnpj": CNPJ_LETTER},
    )
    letter = Letter.objects.exclude(pk=first_letter.pk).get(case=case)
    assert letter.addressee == "Loja de Carta Ltda." and letter.addressee_cnpj == CNPJ_LETTER
    case = Case.objects.get(pk=case.pk)
    assert case.deadline is None and case.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    held = CaseEvent.objects.filter(case=case, action="hold_supplier_deadline")
    assert held.count() == 2 and {e.visibility for e in held} == {Visibility.INTERNAL}
    # The first company's letter code no longer opens the case.
    from django.test import Client

    client = Client()
    response = client.post(
        "/fornecedor/",
        {
            "codigo-protocol": case.submission.protocol,
            "codigo-access_code": access_code(first_letter),
        },
    )
    assert response.status_code == 302  # the code is right...
    assert client.get(f"/fornecedor/casos/{case.pk}/").status_code == 404  # ...the case moved on
    # The new letter's code does; its delivery starts the deadline through the workflow.
    assert start_supplier_deadline_from_delivery(letter, date(2026, 5, 4)) == date(2026, 5, 14)
    event = CaseEvent.objects.get(case=case, action="start_supplier_deadline")
    assert event.data["letter"] == letter.pk and event.visibility == Visibility.SUPPLIER


def test_the_supplier_sees_its_request_await_then_the_grant_or_the_denial(
    client, make_submission, forward, supervisor, django_capture_on_commit_callbacks
):
    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    sign_in(client, "rep@x.example")
    url = f"/fornecedor/casos/{case.pk}/"
    client.post(f"{url}prazo/", {"prazo-days": "5", "prazo-reason": "Aguardamos o fabricante."})
    page = client.get(url).content.decode()
    assert "Seu pedido de mais 5 dias aguarda a decisão do Procon" in page
    assert 'id="titulo-prazo"' not in page  # one request at a time
    before = Case.objects.get(pk=case.pk).deadline
    decide(
        case,
        "grant_extension",
        supervisor,
        django_capture_on_commit_callbacks,
        data={"days": 5},
    )
    assert emails(CASE_UPDATE_EMAIL, "rep@x.example") == 1
    page = client.get(url).content.decode()
    new = (before + timedelta(days=5)).strftime("%d/%m/%Y")
    assert "O Procon concedeu mais prazo" in page
    assert f'data-testid="case-deadline">{new}<' in page
    assert 'id="titulo-prazo"' in page  # may ask again

    client.post(f"{url}prazo/", {"prazo-days": "10", "prazo-reason": "Mais uma vez."})
    decide(
        case,
        "deny_extension",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="O prazo já foi prorrogado.",
    )
    page = client.get(url).content.decode()
    assert "O Procon negou seu pedido de mais prazo" in page
    assert "O prazo já foi prorrogado." in page
    assert f'data-testid="case-deadline">{new}<' in page  # unchanged
    assert Submission.objects.get(pk=case.pk).status == Status.NOTIFIED_SUPPLIER


def test_after_a_redirect_the_new_supplier_does_not_read_the_first_ones_conversation(
    client, refused_by_x, supervisor, django_capture_on_commit_callbacks
):
    from inbox.cases import supplier_reply

    supplier_reply(refused_by_x, "Mensagem interna da Empresa X ao Procon.")
    representative_of(CNPJ_Y, "rep@y.example", "Empresa Y")
    decide(
        refused_by_x,
        "redirect_to_supplier",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="A venda foi da Empresa Y.",
        data={"cnpj": CNPJ_Y},
    )
    client.logout()
    sign_in(client, "rep@y.example")
    page = client.get(f"/fornecedor/casos/{refused_by_x.pk}/").content.decode()
    assert "A venda foi da Empresa Y." in page  # the redirect itself is theirs to read
    assert "Mensagem interna da Empresa X" not in page


def test_the_first_suppliers_letter_delivered_after_a_redirect_starts_no_deadline(
    make_submission, forward, supervisor, django_capture_on_commit_callbacks
):
    Supplier.objects.create(cnpj=CNPJ_LETTER, legal_name="Loja de Carta Ltda.", address="Rua A")
    case = forward(make_submission(supplier_cnpj=CNPJ_Y))
    first_letter = Letter.objects.get(case=case)
    workflow.apply(case, "supplier_refuse", None, reason="Não somos nós.", party=workflow.SUPPLIER)
    decide(
        case,
        "redirect_to_supplier",
        supervisor,
        django_capture_on_commit_callbacks,
        reason="É a Loja de Carta.",
        data={"cnpj": CNPJ_LETTER},
    )
    assert start_supplier_deadline_from_delivery(first_letter, date(2026, 5, 4)) is None
    first_letter.refresh_from_db()
    assert first_letter.status == Letter.Status.DELIVERED  # the receipt is still recorded
    assert Case.objects.get(pk=case.pk).deadline is None  # the new letter is still on its way
    assert not CaseEvent.objects.filter(case=case, action="start_supplier_deadline").exists()


def test_no_more_time_while_the_deadline_waits_for_the_letter(make_submission, forward, supervisor):
    case = forward(make_submission(supplier_cnpj=CNPJ_Y))  # a letter: the deadline is held
    case = Case.objects.select_related("submission").get(pk=case.pk)
    assert case.deadline is None
    from inbox.cases import request_extension

    request_extension(case, 5, "Aguardamos o fabricante.")
    assert "grant_extension" not in [a.name for a in workflow.allowed_actions(case, supervisor)]
    with pytest.raises(workflow.TransitionError):
        workflow.apply(case, "grant_extension", supervisor, data={"days": 5})
    assert Case.objects.get(pk=case.pk).deadline is None


def test_one_request_for_more_time_at_a_time_within_the_staff_limit(make_submission, forward):
    from inbox.cases import request_extension
    from inbox.models import WorkflowSettings

    representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    case = forward(make_submission(supplier_cnpj=CNPJ_X))
    settings = WorkflowSettings.load()
    settings.max_extension_days = 7
    settings.save()
    with pytest.raises(workflow.TransitionError):
        request_extension(case, 8, "Mais de uma semana.")
    request_extension(case, 5, "Aguardamos o fabricante.")
    with pytest.raises(workflow.TransitionError):
        request_extension(case, 5, "De novo, num segundo clique.")
    assert CaseEvent.objects.filter(case=case, kind="extension_request").count() == 1
