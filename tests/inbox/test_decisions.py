"""Staff decide what a supplier asks: a refusal (accept and close, send to the
right supplier, or reject) and a request for more time (grant or deny). Who may,
from which statuses, the reason, the deadline, the events and who hears of it."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundEmail
from forms.models import Submission
from inbox import cases
from inbox.models import Case, CaseEvent, DeadlineKind, Visibility, WorkflowSettings
from inbox.notifications import STAFF_UPDATE
from inbox.statuses import Status
from inbox.views.bulk import bulk_choices
from inbox.workflow import (
    CITIZEN,
    SUPPLIER,
    WORKFLOWS,
    TransitionError,
    allowed_actions,
    apply,
    pending_request,
)

pytestmark = pytest.mark.django_db

DECISIONS = ("accept_refusal", "redirect_to_supplier", "reject_refusal")
TIME = ("grant_extension", "deny_extension")
OTHER_CNPJ = "37190426000165"


def at(case, status):
    Submission.objects.filter(pk=case.pk).update(status=status)
    return Case.objects.select_related("submission").get(pk=case.pk)


def names(actions):
    return {action.name for action in actions}


@pytest.fixture
def refused(make_submission, attendant, django_capture_on_commit_callbacks):
    """A complaint forwarded on 4 May 2026 and refused by its supplier."""
    case = make_submission().case
    apply(case, "accept", attendant)
    apply(case, "forward_to_supplier", attendant, today=date(2026, 5, 4))
    apply(case, "supplier_refuse", None, reason="Não somos o fornecedor.", party=SUPPLIER)
    mail.outbox.clear()
    return Case.objects.select_related("submission").get(pk=case.pk)


@pytest.fixture
def asked(make_submission, attendant):
    """A complaint forwarded on 4 May 2026 (deadline 14 May) whose supplier asked for 5 days."""
    case = make_submission().case
    apply(case, "accept", attendant)
    apply(case, "forward_to_supplier", attendant, today=date(2026, 5, 4))
    cases.request_extension(case, 5, "Aguardamos o laudo do fabricante.")
    mail.outbox.clear()
    return Case.objects.select_related("submission").get(pk=case.pk)


def test_decisions_are_offered_only_from_their_status_and_to_staff(make_submission, attendant):
    case = make_submission().case
    for status in Status.values:
        offered = names(allowed_actions(at(case, status), attendant))
        if status == Status.SUPPLIER_REFUSED:
            assert set(DECISIONS) <= offered
            assert "close" not in offered  # closing a refusal is accepting it, with a reason
        else:
            assert not set(DECISIONS) & offered
        if status != Status.NOTIFIED_SUPPLIER:
            assert not set(TIME) & offered
        for party in (CITIZEN, SUPPLIER):
            assert not (set(DECISIONS) | set(TIME)) & names(
                allowed_actions(at(case, status), None, party=party)
            )
    for name in DECISIONS + TIME:
        assert all(name not in WORKFLOWS[kind] for kind in ("consultation", "enrolment"))


def test_each_decision_needs_a_reason_and_changes_nothing_without_it(refused, attendant):
    before = (refused.submission.status, refused.deadline, refused.events.count())
    for name in DECISIONS:
        with pytest.raises(TransitionError, match="motivo"):
            apply(refused, name, attendant, reason="  ", data={"cnpj": OTHER_CNPJ})
    refused.refresh_from_db()
    assert (refused.submission.status, refused.deadline, refused.events.count()) == before


def test_parties_may_not_decide(refused):
    for name in DECISIONS:
        with pytest.raises(TransitionError):
            apply(refused, name, None, reason="x", party=SUPPLIER, data={"cnpj": OTHER_CNPJ})


def test_accepting_a_refusal_closes_the_case_with_the_reason(
    refused, attendant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = apply(refused, "accept_refusal", attendant, reason="A reclamação é de outra loja.")
    refused.refresh_from_db()
    assert refused.submission.status == Status.CLOSED
    assert refused.deadline is None and refused.deadline_kind == ""
    assert event.visibility == Visibility.CITIZEN  # the citizen and the supplier read it
    assert event.reason == "A reclamação é de outra loja."
    assert event in CaseEvent.objects.for_supplier()
    assert [m.to for m in mail.outbox] == [["maria@example.com"]]
    assert "A reclamação é de outra loja." in mail.outbox[0].body


def test_rejecting_a_refusal_sends_it_back_with_a_new_deadline(
    refused, attendant, django_capture_on_commit_callbacks
):
    WorkflowSettings.objects.update_or_create(pk=WorkflowSettings.load().pk, defaults={})
    with django_capture_on_commit_callbacks(execute=True):
        event = apply(
            refused,
            "reject_refusal",
            attendant,
            reason="A nota fiscal é da sua empresa.",
            today=date(2026, 5, 20),
        )
    refused.refresh_from_db()
    assert refused.submission.status == Status.NOTIFIED_SUPPLIER
    assert refused.deadline == date(2026, 5, 30)
    assert refused.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    assert event.data["deadline"] == "2026-05-30"
    assert event.visibility == Visibility.CITIZEN
    assert event in CaseEvent.objects.for_supplier()
    assert "30 de maio de 2026" in mail.outbox[0].body  # the citizen's email names the deadline
    # The supplier may answer again.
    assert "record_supplier_answer" in names(allowed_actions(refused, None, party=SUPPLIER))


def test_redirecting_needs_another_valid_cnpj_and_changes_the_supplier(
    refused, attendant, django_capture_on_commit_callbacks
):
    for bad in ("", "11.111.111/1111-11", "12.345", refused.submission.supplier_cnpj):
        with pytest.raises(TransitionError):
            apply(refused, "redirect_to_supplier", attendant, reason="Outra.", data={"cnpj": bad})
    refused.refresh_from_db()
    assert refused.submission.status == Status.SUPPLIER_REFUSED
    assert refused.submission.supplier_cnpj == "11222333000181"

    with django_capture_on_commit_callbacks(execute=True):
        event = apply(
            refused,
            "redirect_to_supplier",
            attendant,
            reason="A compra foi feita na Loja Certa.",
            data={"cnpj": "37.190.426/0001-65", "supplier_name": " Loja  Certa "},
            today=date(2026, 5, 20),
        )
    refused.refresh_from_db()
    submission = refused.submission
    assert submission.status == Status.NOTIFIED_SUPPLIER
    assert (submission.supplier_cnpj, submission.supplier_name) == (OTHER_CNPJ, "Loja Certa")
    assert refused.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    assert event.data["previous_cnpj"] == "11222333000181"
    assert event.data["previous_supplier_name"] == "Loja Exemplo"
    assert event.visibility == Visibility.CITIZEN


def test_granting_time_moves_the_deadline_and_tells_both_parties(
    asked, attendant, django_capture_on_commit_callbacks
):
    assert pending_request(asked).data == {"days": 5}
    with django_capture_on_commit_callbacks(execute=True):
        event = apply(
            asked, "grant_extension", attendant, data={"days": "5"}, today=date(2026, 5, 6)
        )
    asked.refresh_from_db()
    assert asked.deadline == date(2026, 5, 19)
    assert asked.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    assert event.visibility == Visibility.CITIZEN
    assert event.data["request"] and event.data["requested_days"] == 5
    assert pending_request(asked) is None
    assert [m.to for m in mail.outbox] == [["maria@example.com"]]
    assert "19 de maio de 2026" in mail.outbox[0].body


def test_the_days_granted_are_bounded_by_the_setting(asked, attendant):
    settings = WorkflowSettings.load()
    settings.max_extension_days = 7
    settings.save()
    for bad in ("0", "8", "-1", "x", ""):
        with pytest.raises(TransitionError, match="1 a 7"):
            apply(asked, "grant_extension", attendant, data={"days": bad})
    asked.refresh_from_db()
    assert asked.deadline == date(2026, 5, 14)
    apply(asked, "grant_extension", attendant, data={"days": 7}, today=date(2026, 5, 6))
    asked.refresh_from_db()
    assert asked.deadline == date(2026, 5, 21)


def test_denying_time_needs_a_request_and_a_reason_and_keeps_the_deadline(
    asked, attendant, django_capture_on_commit_callbacks
):
    assert "deny_extension" in names(allowed_actions(asked, attendant))
    with pytest.raises(TransitionError, match="motivo"):
        apply(asked, "deny_extension", attendant)
    with django_capture_on_commit_callbacks(execute=True):
        event = apply(asked, "deny_extension", attendant, reason="O prazo é suficiente.")
    asked.refresh_from_db()
    assert asked.submission.status == Status.NOTIFIED_SUPPLIER
    assert asked.deadline == date(2026, 5, 14)  # unchanged
    assert asked.deadline_kind == DeadlineKind.SUPPLIER_ANSWER
    assert event.visibility == Visibility.SUPPLIER  # between the Procon and the supplier
    assert event not in CaseEvent.objects.for_citizen()
    assert not mail.outbox  # the citizen is not told
    # Decided: no second denial, and the action is no longer offered.
    assert pending_request(asked) is None
    assert "deny_extension" not in names(allowed_actions(asked, attendant))
    with pytest.raises(TransitionError, match="pedido"):
        apply(asked, "deny_extension", attendant, reason="De novo.")


def test_staff_hear_of_the_request_and_the_case_page_offers_the_decision(
    client, make_submission, attendant, django_capture_on_commit_callbacks
):
    case = make_submission().case
    apply(case, "accept", attendant)
    cases.assign(case, attendant, attendant)
    apply(case, "forward_to_supplier", attendant)
    with django_capture_on_commit_callbacks(execute=True):
        cases.request_extension(case, 5, "Aguardamos o fabricante.")
    assert OutboundEmail.objects.filter(kind=STAFF_UPDATE, to=attendant.email).exists()
    client.force_login(attendant)
    page = client.get(reverse("inbox:case", args=[case.pk])).content.decode()
    assert 'data-testid="extension-request"' in page
    assert "Aguardamos o fabricante." in page
    assert 'name="days" min="1" max="30" required value="5"' in page
    assert 'value="deny_extension"' in page
    response = client.post(
        reverse("inbox:action", args=[case.pk]),
        {"action": "grant_extension", "days": "5"},
        follow=True,
    )
    case.refresh_from_db()
    assert case.deadline == timezone.localdate() + timedelta(days=15)
    assert 'data-testid="extension-request"' not in response.content.decode()


def test_the_refusal_decisions_through_the_case_page(
    client, refused, attendant, django_assert_max_num_queries
):
    client.force_login(attendant)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("inbox:case", args=[refused.pk])).content.decode()
    for name in DECISIONS:
        assert f'value="{name}"' in page
    assert 'name="cnpj"' in page
    response = client.post(
        reverse("inbox:action", args=[refused.pk]),
        {"action": "redirect_to_supplier", "reason": "Outra loja.", "cnpj": "123"},
        follow=True,
    )
    assert "CNPJ" in response.content.decode()  # the field's own message, in Portuguese
    refused.refresh_from_db()
    assert refused.submission.status == Status.SUPPLIER_REFUSED


def test_the_bulk_list_offers_only_actions_valid_for_every_selected_case(
    client, make_submission, make_form, attendant, supervisor
):
    from forms.models import FormKind
    from tests.supplier_enrolment.conftest import ENROLMENT_STEPS

    complaints = [make_submission() for _ in range(3)]
    client.force_login(supervisor)
    ids = [s.pk for s in complaints]
    response = client.post(reverse("inbox:bulk"), {"ids": ids, "operation": "choose"})
    assert response.status_code == 200
    offered = {a.name for a in response.context["actions"]}
    assert offered == {"accept", "mark_spam"}
    enrolment_actions = set(WORKFLOWS["enrolment"]) - set(WORKFLOWS["complaint"])
    assert enrolment_actions == {"approve", "mark_pending", "refuse"}
    page = response.content.decode()
    for name in enrolment_actions:
        assert f'value="{name}"' not in page
    # Mixed statuses: only what every case allows (here: nothing in common).
    apply(complaints[0].case, "accept", supervisor)
    mixed = bulk_choices(
        list(Case.objects.filter(pk__in=ids).select_related("submission")), supervisor
    )
    assert {a.name for a in mixed} == {"mark_spam"}  # "accept" is only from triage
    # A complaint and an enrolment, both awaiting triage: only the shared triage actions.
    enrolment_form = make_form(ENROLMENT_STEPS, slug="adesao", kind=FormKind.ENROLMENT)
    enrolment = make_submission(page=enrolment_form)
    response = client.post(
        reverse("inbox:bulk"), {"ids": [ids[1], enrolment.pk], "operation": "choose"}
    )
    assert {a.name for a in response.context["actions"]} == {"accept", "mark_spam"}
    assert 'value="approve"' not in response.content.decode()


def test_the_bulk_page_says_when_nothing_is_common(client, make_submission, supervisor):
    first, second = make_submission(), make_submission()
    apply(first.case, "accept", supervisor)
    apply(first.case, "request_complement", supervisor, reason="Envie a nota.")
    client.force_login(supervisor)
    response = client.post(
        reverse("inbox:bulk"), {"ids": [first.pk, second.pk], "operation": "choose"}
    )
    assert response.context["actions"] == []
    assert 'data-testid="bulk-none"' in response.content.decode()


def test_the_bulk_choice_is_bounded_in_queries(
    client, make_submission, supervisor, django_assert_max_num_queries
):
    ids = [make_submission().pk for _ in range(20)]
    client.force_login(supervisor)
    with django_assert_max_num_queries(20):
        response = client.post(reverse("inbox:bulk"), {"ids": ids, "operation": "choose"})
    assert len(response.context["selected"]) == 20


def test_the_citizen_reads_each_decision_in_plain_words(refused, asked, attendant):
    from django.utils import translation

    from tracking.texts import event_title

    rejected = apply(refused, "reject_refusal", attendant, reason="Responda.")
    granted = apply(asked, "grant_extension", attendant, data={"days": 5}, today=date(2026, 5, 6))
    with translation.override("pt-br"):
        assert event_title(rejected) == (
            "O Procon rejeitou a recusa da empresa: a empresa deve responder"
        )
        assert event_title(granted) == (
            "A empresa recebeu mais prazo para responder, até 19 de maio de 2026"
        )


def test_a_request_lapses_when_the_status_changes(asked, attendant):
    apply(asked, "supplier_refuse", None, reason="Não é nosso.", party=SUPPLIER)
    asked.refresh_from_db()
    assert pending_request(asked) is None
    apply(asked, "reject_refusal", attendant, reason="É sim.")
    asked.refresh_from_db()
    assert asked.submission.status == Status.NOTIFIED_SUPPLIER
    assert pending_request(asked) is None  # the old request is not asked again
    assert "deny_extension" not in names(allowed_actions(asked, attendant))
