"""The case list: filters, search, sorting, bounded queries, bulk actions, exports."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from inbox.statuses import Status
from inbox.workflow import apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_submission, municipalities, supervisor):
    made = {
        "maria": make_submission(),
        "joao": make_submission(
            consumer_name="João Souza",
            consumer_cpf="11144477735",
            consumer_municipality="5108402",  # Várzea Grande
            supplier_name="Banco Azul",
            supplier_cnpj="33000167000101",
        ),
        "spam": make_submission(consumer_name="Robô"),
    }
    apply(made["spam"].case, "mark_spam", supervisor)
    return made


def protocols(response):
    html = response.content.decode()
    return {name for name in ("maria", "joao", "spam") if PROTOCOLS[name] in html}


PROTOCOLS = {}


@pytest.fixture
def listing(client, supervisor, cases):
    PROTOCOLS.clear()
    PROTOCOLS.update({name: s.protocol for name, s in cases.items()})
    client.force_login(supervisor)

    def get(**params):
        response = client.get(reverse("inbox:index"), params)
        assert response.status_code == 200
        return protocols(response)

    return get


def test_spam_is_hidden_unless_asked_for(listing):
    assert listing() == {"maria", "joao"}
    assert listing(status="spam") == {"spam"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "52998224725"}, {"maria"}),
        ({"q": "529.982.247-25"}, {"maria"}),
        ({"q": "João"}, {"joao"}),
        ({"q": "33.000.167/0001-01"}, {"joao"}),
        ({"q": "não liga"}, {"maria", "joao"}),
        ({"consumer": "111.444.777-35"}, {"joao"}),
        ({"supplier": "banco"}, {"joao"}),
        ({"municipality": "5108402"}, {"joao"}),
        ({"kind": "complaint"}, {"maria", "joao"}),
        ({"kind": "consultation"}, set()),
        ({"assignee": "none"}, {"maria", "joao"}),
        ({"overdue": "true"}, set()),
        ({"status": "received"}, {"maria", "joao"}),
    ],
)
def test_filters_and_search(listing, params, expected):
    assert listing(**params) == expected


def test_search_by_protocol(listing, cases):
    assert listing(q=cases["joao"].protocol) == {"joao"}


def test_date_range_and_deadline_filters(listing, cases, supervisor):
    case = cases["joao"].case
    apply(case, "accept", supervisor)
    apply(case, "forward_to_supplier", supervisor, today=date(2020, 1, 1))
    assert listing(overdue="true") == {"joao"}
    assert listing(deadline_from="2020-01-01", deadline_to="2020-01-31") == {"joao"}
    assert listing(received_from="2000-01-01") == {"maria", "joao"}
    assert listing(received_to="2000-01-01") == set()


def visible_in_order(response):
    """The visible cases of the `cases` fixture, in the order the page lists them."""
    html = response.content.decode()
    found = sorted((html.index(PROTOCOLS[n]), n) for n in ("maria", "joao") if PROTOCOLS[n] in html)
    return [name for _, name in found]


def test_sorting_by_every_column(client, supervisor, listing, cases, django_user_model):
    from inbox.cases import assign
    from inbox.permissions import ATTENDANTS

    from .conftest import member

    maria, joao = cases["maria"].case, cases["joao"].case

    def listed(ordering):
        response = client.get(reverse("inbox:index"), {"ordering": ordering})
        assert response.status_code == 200
        return visible_in_order(response)

    def check(expected):
        for key, ascending in expected.items():
            assert listed(key) == ascending, key
            assert listed(f"-{key}") == ascending[::-1], f"-{key}"

    first, second = ["maria", "joao"], ["joao", "maria"]  # maria was received first
    apply(joao, "accept", supervisor)
    check(
        {
            "protocol": first,
            "received": first,
            "kind": first,  # the same kind: then by reception
            "form": first,  # the same form: then by reception
            "consumer": second,  # João Souza < Maria da Silva
            "supplier": second,  # Banco Azul < Loja Exemplo
            "municipality": first,  # Cuiabá 5103403 < Várzea Grande 5108402
            "status": second,  # in_analysis < received
        }
    )
    # Assignee and deadline, with a value on both (databases put empty ones apart).
    apply(maria, "accept", supervisor)
    assign(maria, member(django_user_model, "bruno", ATTENDANTS), supervisor)
    assign(joao, member(django_user_model, "ana", ATTENDANTS), supervisor)
    apply(maria, "forward_to_supplier", supervisor, today=date(2026, 3, 2))
    apply(joao, "forward_to_supplier", supervisor, today=date(2026, 2, 2))
    check({"assignee": second, "deadline": second})  # Ana < Bruno; February < March


def test_listing_queries_are_bounded(
    client, supervisor, make_submission, django_assert_max_num_queries
):
    for _ in range(30):
        make_submission()
    client.force_login(supervisor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("inbox:index"))
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        client.get(reverse("inbox:index"), {"q": "Maria", "status": "received"})


def test_case_view_queries_are_bounded(client, supervisor, cases, django_assert_max_num_queries):
    case = cases["maria"].case
    for text in ("uma", "duas", "três"):
        client.force_login(supervisor)
        client.post(reverse("inbox:note", args=[case.pk]), {"text": text})
    with django_assert_max_num_queries(25):
        response = client.get(reverse("inbox:case", args=[case.pk]))
    assert response.status_code == 200
    assert "A TV não liga." in response.content.decode()


def test_bulk_assign_and_status_change_go_through_the_workflow(
    client, supervisor, attendant, cases
):
    client.force_login(supervisor)
    ids = [cases["maria"].pk, cases["joao"].pk]
    client.post(
        reverse("inbox:bulk"), {"ids": ids, "operation": "assign", "assignee": attendant.pk}
    )
    client.post(reverse("inbox:bulk"), {"ids": ids, "operation": "transition", "action": "accept"})
    for name in ("maria", "joao"):
        cases[name].refresh_from_db()
        cases[name].case.refresh_from_db()
        assert cases[name].status == Status.IN_ANALYSIS
        assert cases[name].case.assignee == attendant
    # Not possible from "in analysis": refused per case, nothing changed.
    response = client.post(
        reverse("inbox:bulk"),
        {"ids": ids, "operation": "transition", "action": "accept"},
        follow=True,
    )
    assert cases["maria"].protocol in response.content.decode()
    cases["maria"].refresh_from_db()
    assert cases["maria"].status == Status.IN_ANALYSIS


def test_csv_export_streams_the_filtered_list_and_is_logged(client, supervisor, cases):
    client.force_login(supervisor)
    response = client.get(reverse("inbox:export", args=["csv"]), {"supplier": "banco"})
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == cases["joao"].protocol
    assert "111.444.777-35" in rows[1]  # supervisors get the personal columns
    assert "Várzea Grande" in rows[1]
    entry = ModelLogEntry.objects.get(action="procon.export")
    assert entry.user == supervisor and entry.data["detail"] == "csv; supplier"
    assert entry.object_id == str(supervisor.pk) and entry.data["ip"] == "127.0.0.1"


def test_export_never_logs_the_search_text(client, supervisor, cases):
    client.force_login(supervisor)
    b"".join(
        client.get(reverse("inbox:export", args=["csv"]), {"q": "52998224725"}).streaming_content
    )
    entry = ModelLogEntry.objects.get(action="procon.export")
    assert entry.data["detail"] == "csv; q" and "52998224725" not in str(entry.__dict__)


def test_personal_columns_only_for_supervisors(cases):
    from inbox import exports

    public = list(exports.rows(cases["maria"].__class__.objects.all(), personal=False))
    assert "52998224725" not in str(public) and "529.982.247-25" not in str(public)
    assert "Maria da Silva" not in str(public)


def test_xlsx_export(client, supervisor, cases):
    client.force_login(supervisor)
    response = client.get(reverse("inbox:export", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.values)
    assert len(rows) == 3  # header + two (spam hidden)


def test_formula_like_text_is_defused_in_exports():
    from inbox.exports import plain

    assert plain("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert plain("Loja") == "Loja"
