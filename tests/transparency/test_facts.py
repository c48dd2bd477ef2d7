import pytest

from transparency.facts import refresh
from transparency.models import ClosedComplaint, SupplierIndicator

from .conftest import ACME, BETA, SMALL_TOWN

pytestmark = pytest.mark.django_db


def test_only_closed_complaints_become_public_rows(complaint):
    resolved = complaint("resolved", score=5, classification="founded_attended")
    unanswered = complaint("unanswered", supplier=BETA, score=1)
    withdrawn = complaint("withdrawn")
    complaint("in_progress")

    assert refresh() == 3
    rows = {row.case_id: row for row in ClosedComplaint.objects.all()}
    assert set(rows) == {resolved.pk, unanswered.pk, withdrawn.pk}

    row = rows[resolved.pk]
    assert (row.topic, row.subject, row.problem) == (
        "Telecomunicações",
        "Telefonia móvel",
        "Cobrança indevida",
    )
    assert row.topic_slug == "telecomunicacoes"
    assert row.channel == "Internet"
    assert row.outcome == "resolved" and row.score == 5
    assert row.classification == "founded_attended"
    assert row.forwarded_at and row.answered_at and row.deadline
    assert row.on_time is True
    assert row.days_to_answer >= 0
    assert row.status == "closed"
    assert (row.year, row.month) == (row.closed_at.year, row.closed_at.month)

    assert rows[unanswered.pk].answered_at is None
    assert rows[unanswered.pk].on_time is False
    assert rows[unanswered.pk].outcome == "not_resolved"
    assert rows[withdrawn.pk].status == "withdrawn"
    assert rows[withdrawn.pk].outcome == ""


def test_late_answer_is_not_on_time(complaint):
    late = complaint("resolved", late=True)
    refresh()
    assert ClosedComplaint.objects.get(pk=late.pk).on_time is False


def test_typed_channel_is_never_copied(complaint):
    odd = complaint("resolved", channel="Comprei com o vizinho João")
    refresh()
    assert ClosedComplaint.objects.get(pk=odd.pk).channel == ""


def test_indicators_add_up_per_supplier(complaint):
    complaint("resolved", score=5, classification="founded_attended")
    complaint("not_resolved", score=1, municipality=SMALL_TOWN, problem="defect")
    complaint("unanswered", supplier=BETA, classification="founded_not_attended")
    refresh()

    everywhere = SupplierIndicator.objects.filter(municipality="")
    acme = [row for row in everywhere if row.supplier_cnpj == ACME[0]]
    assert sum(row.complaints for row in acme) == 2
    assert sum(row.answered for row in acme) == 2
    assert sum(row.resolved for row in acme) == 1
    assert sum(row.score_total for row in acme) == 6
    assert {row.topic_slug for row in acme} == {"telecomunicacoes", "varejo"}
    by_town = SupplierIndicator.objects.exclude(municipality="")
    assert sum(row.complaints for row in by_town) == 3
    beta = everywhere.get(supplier_cnpj=BETA[0])
    assert (beta.forwarded, beta.answered, beta.founded_not_attended) == (1, 0, 1)


def test_registered_supplier_name_wins_over_the_typed_one(complaint):
    from supplier_enrolment.models import Supplier

    Supplier.objects.create(
        cnpj=ACME[0], legal_name="ACME TELECOMUNICACOES S.A.", trade_name="Acme"
    )
    typed = complaint("resolved", supplier=(ACME[0], "acme do joão da esquina"))
    other = complaint("resolved", supplier=BETA)
    refresh()
    assert ClosedComplaint.objects.get(pk=typed.pk).supplier_name == "Acme"
    assert ClosedComplaint.objects.get(pk=other.pk).supplier_name == BETA[1]
