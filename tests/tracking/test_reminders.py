"""The daily reminder before the evaluation deadline ends."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import CommandError, call_command

from core.models import OutboundEmail
from inbox import workflow
from tracking.models import EvaluationReminder

from .test_case import to_awaiting_evaluation

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("send_evaluation_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def awaiting(make_case, attendant):
    with time_machine.travel("2026-05-01 12:00", tick=False):
        return to_awaiting_evaluation(make_case(), attendant)  # deadline 2026-05-21


def test_reminds_once_within_the_window(awaiting):
    assert run("--today", "2026-05-17", "--days", "3") == "0 reminder(s) queued.\n"
    assert run("--today", "2026-05-18", "--days", "3") == "1 reminder(s) queued.\n"
    assert run("--today", "2026-05-18", "--days", "3") == "0 reminder(s) queued.\n"
    assert run("--today", "2026-05-20", "--days", "3") == "0 reminder(s) queued.\n"
    email = OutboundEmail.objects.get(kind="evaluation_reminder")
    assert email.to == "maria@example.com"
    assert awaiting.submission.protocol in email.subject
    assert "21 de maio de 2026" in email.body
    assert f"/acompanhar/caso/{awaiting.submission.protocol}/" in email.body
    reminder = EvaluationReminder.objects.get()
    assert reminder.case_id == awaiting.pk and reminder.deadline == date(2026, 5, 21)


def test_no_reminder_after_the_deadline_or_once_evaluated(awaiting, make_case, attendant):
    assert run("--today", "2026-05-22") == "0 reminder(s) queued.\n"
    workflow.apply(awaiting, "record_resolved", None, party="citizen", data={"score": 5})
    assert run("--today", "2026-05-20") == "0 reminder(s) queued.\n"


def test_no_reminder_without_an_address(make_case, attendant):
    with time_machine.travel("2026-05-01 12:00", tick=False):
        to_awaiting_evaluation(make_case(consumer_email=""), attendant)
    assert run("--today", "2026-05-20") == "0 reminder(s) queued.\n"


def test_bad_arguments(db):
    with pytest.raises(CommandError):
        run("--today", "amanhã")
    with pytest.raises(CommandError):
        run("--days", "-1")
