"""Deadlines from settings; the cron command moves overdue cases on, once."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from inbox.dashboard import figures
from inbox.models import CaseEvent
from inbox.statuses import Status
from inbox.workflow import apply

pytestmark = pytest.mark.django_db
CUIABA = ZoneInfo("America/Cuiaba")


def run_command():
    out = io.StringIO()
    call_command("process_deadlines", stdout=out)
    return out.getvalue()


def status_of(case):
    case.submission.refresh_from_db()
    case.refresh_from_db()
    return case.submission.status


def test_overdue_cases_move_on_once(make_submission, attendant):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=CUIABA), tick=False):
        supplier_case = make_submission().case
        apply(supplier_case, "accept", attendant)
        apply(supplier_case, "forward_to_supplier", attendant)
        complement_case = make_submission().case
        apply(complement_case, "accept", attendant)
        apply(complement_case, "request_complement", attendant, reason="Envie a nota fiscal.")
        quiet = make_submission().case
    supplier_case.refresh_from_db()
    assert supplier_case.deadline == date(2026, 3, 12)

    with time_machine.travel(datetime(2026, 3, 12, 23, tzinfo=CUIABA), tick=False):
        assert "0 case(s)" in run_command()  # the last day still counts
    assert status_of(supplier_case) == Status.NOTIFIED_SUPPLIER

    with time_machine.travel(datetime(2026, 3, 13, 6, tzinfo=CUIABA), tick=False):
        output = run_command()
        assert "supplier_deadline_expired: 1" in output
        assert "complement_expired: 1" in output
        assert "0 case(s)" in run_command()  # idempotent
    assert status_of(supplier_case) == Status.DEADLINE_EXPIRED
    assert supplier_case.deadline is None
    assert status_of(complement_case) == Status.CLOSED
    assert status_of(quiet) == Status.RECEIVED
    event = CaseEvent.objects.filter(case=supplier_case).last()
    assert event.actor is None and event.action == "supplier_deadline_expired"


def test_evaluation_deadline_closes_unrated(make_submission, supervisor):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=CUIABA), tick=False):
        case = make_submission().case
        for action in ("accept", "forward_to_supplier"):
            apply(case, action, supervisor)
        apply(case, "record_supplier_answer", supervisor, reason="Reembolsado.")
        apply(case, "ask_evaluation", supervisor)
    with time_machine.travel(datetime(2026, 3, 23, 6, tzinfo=CUIABA), tick=False):
        run_command()
    assert status_of(case) == Status.CLOSED


def test_dashboard_figures_and_panel(client, make_submission, supervisor, editor):
    with time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=CUIABA), tick=False):
        old = make_submission().case
        apply(old, "accept", supervisor)
        apply(old, "forward_to_supplier", supervisor)
    with time_machine.travel(datetime(2026, 3, 20, 10, tzinfo=CUIABA), tick=False):
        make_submission()
        data = figures(supervisor)
        assert data["new_today"] == 1
        assert data["awaiting_triage"] == 1
        assert data["overdue"] == 1
        assert sum(w["count"] for w in data["weeks"]) == 2
        assert dict(data["by_status"])  # labelled counts
        client.force_login(supervisor)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "inbox-dashboard-heading" in html
        client.force_login(editor)
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "inbox-dashboard-heading" not in html


def test_the_dashboard_panel_is_kept_a_minute_then_counts_again(
    client, make_submission, supervisor
):
    import re

    from inbox.dashboard import CACHE_SECONDS

    def new_today():
        html = client.get(reverse("wagtailadmin_home")).content.decode()
        return int(re.search(r"received_from=[^\"]*\"><strong>(\d+)</strong>", html).group(1))

    client.force_login(supervisor)
    start = datetime(2026, 3, 20, 10, tzinfo=CUIABA)
    with time_machine.travel(start, tick=False):
        make_submission()
        assert new_today() == 1
        make_submission()
        assert new_today() == 1  # kept
    with time_machine.travel(start.timestamp() + CACHE_SECONDS + 1, tick=False):
        assert new_today() == 2
