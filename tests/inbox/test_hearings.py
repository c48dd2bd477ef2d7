"""Conciliation hearings in the inbox: the workflow's actions and who may take
them, rescheduling once per party, each outcome, the consumer's word on an
agreement, the staff pages' validation."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from forms.models import Submission
from inbox import hearings, workflow
from inbox.deadlines import process_deadlines
from inbox.models import Case, CaseEvent, DeadlineKind, EventKind, Hearing, Visibility
from inbox.statuses import Status
from inbox.workflow import CITIZEN, SUPPLIER, TransitionError

pytestmark = pytest.mark.django_db

SOON = timezone.now() + timedelta(days=7)
AFTER = SOON + timedelta(hours=1)


def unresolved(make_submission):
    submission = make_submission()
    Submission.objects.filter(pk=submission.pk).update(status=Status.NOT_RESOLVED)
    return Case.objects.select_related("submission").get(pk=submission.pk)


def reload(case):
    return Case.objects.select_related("submission").get(pk=case.pk)


@pytest.fixture
def scheduled(make_submission, attendant, django_capture_on_commit_callbacks):
    case = unresolved(make_submission)
    with django_capture_on_commit_callbacks(execute=True):
        hearing = hearings.schedule(case, attendant, SOON, place="Sala 2, Procon Cuiabá")
    return reload(case), hearing


def test_scheduling_moves_the_case_sets_the_hearing_day_as_deadline_and_tells_the_consumer(
    scheduled,
):
    case, hearing = scheduled
    assert case.status == Status.HEARING_SCHEDULED
    assert case.deadline == timezone.localtime(SOON).date()
    assert case.deadline_kind == DeadlineKind.HEARING
    event = case.events.get(action="schedule_hearing")
    assert event.visibility == Visibility.CITIZEN
    assert event.data["hearing"] == hearing.pk
    assert event.hearing_at == timezone.localtime(hearing.scheduled_at)
    [message] = mail.outbox
    assert message.to == ["maria@example.com"]
    assert "Sala 2, Procon Cuiabá" in message.body
    assert date_format(timezone.localtime(SOON), "DATETIME_FORMAT") in message.body


def test_a_hearing_cannot_be_scheduled_through_the_generic_action_form(
    make_submission, supervisor, client
):
    case = unresolved(make_submission)
    client.force_login(supervisor)
    client.post(f"/admin/casos/{case.pk}/acao/", {"action": "schedule_hearing"})
    assert reload(case).status == Status.NOT_RESOLVED
    assert not Hearing.objects.exists()
    with pytest.raises(TransitionError, match="página própria"):
        workflow.apply(case, "schedule_hearing", supervisor, data={"hearing_date": "2026-07-01"})


def test_who_may_take_the_hearing_actions(make_submission, attendant, other_attendant, supervisor):
    case = unresolved(make_submission)
    Case.objects.filter(pk=case.pk).update(assignee=other_attendant)
    case = reload(case)
    # An attendant on a colleague's case may not; the colleague and supervisors may.
    with pytest.raises(TransitionError):
        hearings.schedule(case, attendant, SOON, place="Sala 1")
    assert not Hearing.objects.exists()
    names = {a.name for a in workflow.allowed_actions(case, other_attendant)}
    assert "schedule_hearing" in names
    assert "schedule_hearing" in {a.name for a in workflow.allowed_actions(case, supervisor)}
    # Neither party may schedule, reschedule or record an outcome.
    for party in (CITIZEN, SUPPLIER):
        assert not {a.name for a in workflow.allowed_actions(case, None, party=party)}
    hearings.schedule(case, supervisor, SOON, place="Sala 1")
    case = reload(case)
    for party in (CITIZEN, SUPPLIER):
        names = {a.name for a in workflow.allowed_actions(case, None, party=party)}
        assert names.isdisjoint({"reschedule_hearing", "record_agreement", "deny_reschedule"})
    # The bulk list never offers them (each needs its own page).
    from inbox.views.bulk import bulk_eligible

    assert not any(
        bulk_eligible(a) for a in workflow.actions_for("complaint").values() if a.hearing
    )


def test_when_and_where_are_checked_and_nothing_is_kept_on_refusal(make_submission, attendant):
    case = unresolved(make_submission)
    past = timezone.now() - timedelta(minutes=1)
    with pytest.raises(TransitionError, match="no futuro"):
        hearings.schedule(case, attendant, past, place="Sala 1")
    with pytest.raises(TransitionError, match="local da audiência ou o link"):
        hearings.schedule(case, attendant, SOON)
    with pytest.raises(TransitionError, match="endereço web"):
        hearings.schedule(case, attendant, SOON, video_link="javascript:alert(1)")
    assert not Hearing.objects.exists()
    assert reload(case).status == Status.NOT_RESOLVED
    hearing = hearings.schedule(case, attendant, SOON, video_link="https://meet.example/abc")
    assert hearing.video_link == "https://meet.example/abc"


def test_each_party_may_ask_once_to_reschedule(scheduled, attendant):
    case, hearing = scheduled
    assert hearings.may_request_reschedule(case, CITIZEN)
    with pytest.raises(TransitionError, match="Diga por que"):
        hearings.request_reschedule(case, CITIZEN, "  ")
    first = hearings.request_reschedule(case, CITIZEN, "Estarei internada nesse dia.")
    assert first.visibility == Visibility.INTERNAL  # the supplier never reads it
    assert not hearings.may_request_reschedule(case, CITIZEN)
    with pytest.raises(TransitionError, match="uma vez"):
        hearings.request_reschedule(case, CITIZEN, "De novo.")
    # The supplier still has its own request; its request is seen by it and staff.
    second = hearings.request_reschedule(case, SUPPLIER, "Nosso preposto viaja.")
    assert second.visibility == Visibility.SUPPLIER
    with pytest.raises(TransitionError, match="uma vez"):
        hearings.request_reschedule(case, SUPPLIER, "Outra vez.")
    assert workflow.pending_request(case, EventKind.RESCHEDULE_REQUEST) == second

    # Staff move the hearing: the requests are decided, the new day is the deadline.
    later = SOON + timedelta(days=5)
    hearings.reschedule(case, attendant, later, place="Sala 3")
    case = reload(case)
    assert case.deadline == timezone.localtime(later).date()
    assert workflow.pending_request(case, EventKind.RESCHEDULE_REQUEST) is None
    hearing.refresh_from_db()
    assert (hearing.scheduled_at, hearing.place) == (later, "Sala 3")
    event = case.events.get(action="reschedule_hearing")
    assert event.data["request"] == second.pk
    # Once per party per hearing: the moved hearing is the same one.
    assert not hearings.may_request_reschedule(case, CITIZEN)
    assert not hearings.may_request_reschedule(case, SUPPLIER)


def test_staff_may_keep_the_date_only_when_asked(scheduled, attendant):
    case, _hearing = scheduled
    with pytest.raises(TransitionError):
        workflow.apply(case, "deny_reschedule", attendant, reason="Sem pedido.")
    hearings.request_reschedule(case, SUPPLIER, "Nosso preposto viaja.")
    event = workflow.apply(case, "deny_reschedule", attendant, reason="Mande outro preposto.")
    assert event.visibility == Visibility.CITIZEN
    assert reload(case).deadline == timezone.localtime(SOON).date()  # unchanged


def test_no_request_after_the_hearing_time(scheduled):
    case, _hearing = scheduled
    with pytest.raises(TransitionError, match="não pode mais"):
        hearings.request_reschedule(case, CITIZEN, "Atrasei.", now=AFTER)
    assert not hearings.may_request_reschedule(case, CITIZEN, now=AFTER)


def test_an_agreement_is_recorded_with_its_minutes_and_due_date(scheduled, attendant):
    case, hearing = scheduled
    due = timezone.localdate() + timedelta(days=15)
    with pytest.raises(TransitionError, match="ainda não"):
        hearings.record_outcome(case, attendant, "agreement", terms="Devolver", due_date=due)
    with pytest.raises(TransitionError, match="termos"):
        hearings.record_outcome(case, attendant, "agreement", due_date=due, now=AFTER)
    with pytest.raises(TransitionError, match="passado"):
        hearings.record_outcome(
            case, attendant, "agreement", terms="x", due_date=date(2020, 1, 1), now=AFTER
        )
    assert reload(case).status == Status.HEARING_SCHEDULED
    assert not case.submission.attachments.exists()

    hearings.record_outcome(
        case,
        attendant,
        "agreement",
        terms="Devolver R$ 1.200,00 em 15 dias.",
        due_date=due,
        minutes="Compareceram as duas partes.",
        now=AFTER,
    )
    case = reload(case)
    hearing.refresh_from_db()
    assert case.status == Status.AGREEMENT
    assert case.deadline_kind == DeadlineKind.AGREEMENT
    assert case.deadline == due + timedelta(days=10)  # the consumer's time to answer
    assert hearing.outcome == "agreement" and hearing.due_date == due
    ata = hearing.ata
    assert ata.submission_id == case.pk and ata.content_type == "application/pdf"
    from core import storage

    with storage.open_file(ata.storage_name) as stored:
        assert stored.read(5) == b"%PDF-"
    event = case.events.get(action="record_agreement")
    assert event.reason == "Devolver R$ 1.200,00 em 15 dias."
    assert event.data["files"] == [str(ata.pk)]


def test_the_consumer_confirms_from_the_due_date_and_the_case_closes(scheduled, attendant):
    case, _hearing = scheduled
    due = timezone.localdate() + timedelta(days=15)
    hearings.record_outcome(
        case, attendant, "agreement", terms="Trocar a TV.", due_date=due, now=AFTER
    )
    case = reload(case)
    assert not hearings.agreement_answer_open(case)
    with pytest.raises(TransitionError, match="a partir da data"):
        hearings.confirm_agreement(case, kept=True)
    event = hearings.confirm_agreement(case, kept=True, today=due)
    assert event.party == "citizen"
    assert reload(case).status == Status.CLOSED


def test_an_agreement_not_kept_goes_back_to_staff_for_an_administrative_process(
    scheduled, attendant, django_capture_on_commit_callbacks
):
    case, _hearing = scheduled
    due = timezone.localdate()
    hearings.record_outcome(
        case, attendant, "agreement", terms="Trocar a TV.", due_date=due, now=AFTER
    )
    case = reload(case)
    with pytest.raises(TransitionError, match="motivo"):
        hearings.confirm_agreement(case, kept=False)
    with django_capture_on_commit_callbacks(execute=True):
        event = hearings.confirm_agreement(case, kept=False, reason="A TV não foi trocada.")
    case = reload(case)
    assert case.status == Status.AGREEMENT_BROKEN
    assert event.visibility == Visibility.CITIZEN
    # The assignee (or the supervisors) hear of it; staff take the next step.
    names = {a.name for a in workflow.allowed_actions(case, attendant)}
    assert {"open_administrative_process", "close"} <= names
    workflow.apply(case, "open_administrative_process", attendant)
    assert reload(case).status == Status.ADMINISTRATIVE_PROCESS


def test_without_the_consumers_word_the_agreement_counts_as_kept(scheduled, attendant):
    case, _hearing = scheduled
    due = timezone.localdate()
    hearings.record_outcome(
        case, attendant, "agreement", terms="Trocar a TV.", due_date=due, now=AFTER
    )
    assert process_deadlines(today=due + timedelta(days=10)) == {}
    assert process_deadlines(today=due + timedelta(days=11)) == {
        "agreement_confirmation_expired": 1
    }
    assert reload(case).status == Status.CLOSED


@pytest.mark.parametrize(
    ("outcome", "status"),
    [
        ("no_agreement", Status.CONCILIATION_FAILED),
        ("supplier_absent", Status.CONCILIATION_FAILED),
        ("consumer_absent", Status.CLOSED),
    ],
)
def test_the_other_outcomes(scheduled, attendant, outcome, status):
    case, hearing = scheduled
    hearings.record_outcome(
        case, attendant, outcome, terms="ignored", minutes="Ata lavrada.", now=AFTER
    )
    case = reload(case)
    hearing.refresh_from_db()
    assert case.status == status
    assert hearing.outcome == outcome and hearing.agreement_terms == "" and hearing.ata_id
    assert case.deadline is None
    event = CaseEvent.objects.get(case=case, action=hearings.OUTCOME_ACTIONS[outcome])
    assert event.reason == "Ata lavrada."
    if status == Status.CONCILIATION_FAILED:
        # A new hearing may be tried, or the administrative process opened.
        names = {a.name for a in workflow.allowed_actions(case, attendant)}
        assert {"schedule_hearing", "open_administrative_process", "close"} <= names


def test_a_second_outcome_is_refused(scheduled, attendant):
    case, _hearing = scheduled
    hearings.record_outcome(case, attendant, "no_agreement", now=AFTER)
    with pytest.raises(TransitionError):
        hearings.record_outcome(case, attendant, "supplier_absent", now=AFTER)
    assert case.submission.attachments.count() == 1


# --- the staff pages ---------------------------------------------------------------


def test_the_schedule_page_keeps_what_was_typed_and_says_what_is_wrong(
    make_submission, supervisor, client
):
    case = unresolved(make_submission)
    client.force_login(supervisor)
    page = client.get(f"/admin/casos/{case.pk}/")
    assert f"/admin/casos/{case.pk}/audiencia/marcar/" in page.content.decode()
    response = client.post(
        f"/admin/casos/{case.pk}/audiencia/marcar/",
        {"date": "2020-01-10", "time": "14:00", "place": "", "video_link": "", "note": "Traga RG"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Há um problema" in text
    assert "A data e a hora da audiência devem estar no futuro." in text
    assert "Informe o local da audiência ou o link da videochamada." in text
    assert "Traga RG" in text
    assert not Hearing.objects.exists()

    day = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        f"/admin/casos/{case.pk}/audiencia/marcar/",
        {"date": day, "time": "09:30", "place": "Sala 2", "video_link": ""},
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert timezone.localtime(hearing.scheduled_at).strftime("%Y-%m-%d %H:%M") == f"{day} 09:30"


def test_the_outcome_page_needs_terms_and_a_due_date_for_an_agreement(
    scheduled, supervisor, client
):
    case, hearing = scheduled
    Hearing.objects.filter(pk=hearing.pk).update(scheduled_at=timezone.now() - timedelta(hours=1))
    client.force_login(supervisor)
    url = f"/admin/casos/{case.pk}/audiencia/resultado/"
    response = client.post(url, {"outcome": "agreement"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Escreva os termos do acordo." in text
    assert "Informe a data até a qual o acordo deve ser cumprido." in text
    due = (timezone.localdate() + timedelta(days=5)).isoformat()
    response = client.post(
        url, {"outcome": "agreement", "agreement_terms": "Trocar a TV.", "due_date": due}
    )
    assert response.status_code == 302
    assert reload(case).status == Status.AGREEMENT


def test_a_hearing_page_is_closed_when_its_action_is_not_possible(
    make_submission, supervisor, client
):
    case = make_submission().case  # received: no hearing yet
    client.force_login(supervisor)
    response = client.get(f"/admin/casos/{case.pk}/audiencia/resultado/")
    assert response.status_code == 302
