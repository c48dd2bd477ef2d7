"""The demo history: on a fresh machine every transparency page shows figures, all
of them fictitious, marked, without personal data, and loading twice adds nothing."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forms.models import Submission
from inbox.models import Case, CaseEvent
from supplier_enrolment.models import Supplier
from transparency import demo
from transparency.models import ClosedComplaint, Refresh

pytestmark = pytest.mark.django_db

CPF = re.compile(r"\b\d{3}\.?\d{3}\.?\d{3}-?\d{2}\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\(?\b\d{2}\)?\s?9?\d{4}-?\d{4}\b")


@pytest.fixture
def history(demo_content):
    out = io.StringIO()
    call_command("load_demo_history", stdout=out)
    return out.getvalue()


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_the_command_reports_what_it_wrote_and_its_time(history):
    assert "fictitious closed complaints" in history
    assert re.search(r"Demo history loaded in \d+\.\d s", history)


def test_it_writes_the_rows_the_workflow_writes(history):
    complaints = demo.demo_submissions()
    assert complaints.count() > 2500
    assert Case.objects.filter(submission__in=complaints).count() == complaints.count()
    submission = complaints.order_by("pk").first()
    assert submission.kind == "complaint" and submission.schema["steps"]
    assert submission.protocol == str(submission.protocol_number)
    assert not submission.consumer_cpf and not submission.consumer_email
    actions = set(
        CaseEvent.objects.filter(case__submission__in=complaints).values_list("action", flat=True)
    )
    assert {
        "accept",
        "forward_to_supplier",
        "record_supplier_answer",
        "supplier_deadline_expired",
        "record_resolved",
        "record_not_resolved",
        "close",
        "classify_founded_attended",
        "classify_founded_not_attended",
    } <= actions
    # Every status change follows the one before it.
    for case in Case.objects.filter(submission__in=complaints)[:50]:
        status = None
        for event in case.events.order_by("created_at", "pk"):
            if event.kind == "transition":
                assert event.from_status == status, (case.pk, event.action)
            status = event.to_status
        assert status == case.submission.status


def test_suppliers_are_fictitious_and_spread_over_sectors(history):
    suppliers = Supplier.objects.filter(legal_name__endswith=demo.FICTITIOUS)
    assert suppliers.count() >= 30
    assert suppliers.values("sector").distinct().count() >= 8
    assert all(
        name.endswith("(fictícia)") for name in suppliers.values_list("trade_name", flat=True)
    )
    published = ClosedComplaint.objects.exclude(supplier_cnpj="")
    assert published.values("municipality").distinct().count() >= 10
    assert published.filter(on_time=False).exists() and published.filter(on_time=True).exists()


def test_a_fresh_machine_shows_the_acceptance_figures(client, history):
    page = client.get(reverse("transparency:suppliers")).content.decode()
    assert page.count('<th scope="row" class="fw-normal"><a href=') >= 10
    assert "Demonstration data" in page or "Dados de demonstração" in page

    year = timezone.localdate().year
    register = client.get(reverse("transparency:register", args=[year])).content.decode()
    assert register.count("<tr><td>") >= 3
    assert "(fictícia)" in register

    open_data = client.get(reverse("transparency:open_data")).content.decode()
    links = re.findall(r'href="(/dados-abertos/[^"]+\.csv)"', open_data)
    assert len(links) >= 24
    sizes = []
    for link in links:
        body = _body(client.get(link)).lstrip("\ufeff")
        rows = list(csv.DictReader(io.StringIO(body)))
        sizes.append(len(rows))
        for pattern in (CPF, EMAIL, PHONE):
            assert not pattern.search(body), (link, pattern.pattern)
    assert max(sizes) >= 100
    assert sum(size >= 100 for size in sizes) >= 20


def test_a_suppliers_page_has_its_charts(client, history):
    cnpj = ClosedComplaint.objects.exclude(supplier_cnpj="").values_list(
        "supplier_cnpj", flat=True
    )[0]
    page = client.get(reverse("transparency:supplier", args=[cnpj])).content.decode()
    assert page.count('role="img"') == 3
    assert "grafico-no-prazo" in page and page.count('<details class="mt-2">') == 3


def test_loading_twice_adds_nothing(history):
    counts = (Submission.objects.count(), CaseEvent.objects.count(), Supplier.objects.count())
    refreshes = Refresh.objects.count()
    out = io.StringIO()
    call_command("load_demo_history", stdout=out)
    assert "already loaded" in out.getvalue()
    assert (
        Submission.objects.count(),
        CaseEvent.objects.count(),
        Supplier.objects.count(),
    ) == counts
    assert Refresh.objects.count() == refreshes
    assert Refresh.objects.latest().demo_complaints == demo.demo_submissions().count()


def test_the_same_day_gives_the_same_history(demo_content):
    now = timezone.now()
    first = demo.History(now=now, per_month=20, months=3).plan()
    second = demo.History(now=now, per_month=20, months=3).plan()
    assert [(p.supplier.cnpj, p.municipality, p.closed_at, p.steps) for p in first] == [
        (p.supplier.cnpj, p.municipality, p.closed_at, p.steps) for p in second
    ]


def test_without_the_demo_form_it_says_what_to_run(db):
    with pytest.raises(Exception, match="load_demo_content"):
        call_command("load_demo_history", stdout=io.StringIO())
