"""What keeps the case list fast at a million rows: Wagtail's table with cells
written in Python (no template per cell), cached filter choices, the status +
municipality index, and an export that streams."""

import csv
import io
from datetime import date, timedelta

import pytest
from django import forms
from django.db import connection
from django.test.html import parse_html
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forms.reference import Municipality
from inbox import exports, listing
from inbox.cases import assign
from inbox.workflow import apply
from tests.inbox.conftest import member

pytestmark = pytest.mark.django_db


def get_index(client, **params):
    response = client.get(reverse("inbox:index"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_rows_show_every_column(client, supervisor, attendant, make_submission, municipalities):
    submission = make_submission(
        consumer_name="Ana Lima", supplier_name="Loja Norte", consumer_municipality="5108402"
    )
    assign(submission.case, attendant, supervisor)
    apply(submission.case, "accept", supervisor)
    apply(submission.case, "forward_to_supplier", supervisor, today=date(2020, 1, 1))
    client.force_login(supervisor)
    html = get_index(client)
    row = html[html.index(f'name="ids" value="{submission.pk}"') :]
    row = row[: row.index("</tr>")]
    for text in (
        reverse("inbox:case", args=[submission.pk]),
        submission.protocol,
        "Reclamação",  # kind
        "Formulário de teste",  # form
        "notificada ao fornecedor",
        "Ana Lima",
        "Loja Norte",
        "Várzea Grande",
        "Atendente",  # assignee's full name
        "w-human-readable-date",
        "vencido há",  # deadline in 2020: overdue
    ):
        assert text in row, text
    assert f'aria-label="Selecionar {submission.protocol}"' in row


def rendered_templates(client):
    response = client.get(reverse("inbox:index"))
    assert response.status_code == 200
    return [template.name for template in response.templates]


def test_the_list_is_wagtails_table_with_no_template_per_cell(client, supervisor, make_submission):
    make_submission()
    client.force_login(supervisor)
    rendered_templates(client)  # the admin chrome's first rendering is kept
    one_row = rendered_templates(client)
    assert "wagtailadmin/tables/table.html" in one_row
    for _ in range(9):
        make_submission()
    ten_rows = rendered_templates(client)
    # Wagtail's table template includes a row's attributes once per row; the
    # eleven cells of a row render no template.
    row_attrs = "wagtailadmin/shared/attrs.html"
    assert ten_rows.count(row_attrs) - one_row.count(row_attrs) == 9
    assert len(ten_rows) - len(one_row) == 9
    for per_cell in ("cell.html", "title_cell.html", "date_cell.html"):
        assert f"wagtailadmin/tables/{per_cell}" not in ten_rows


def test_cells_read_as_wagtails_own_columns_write_them(supervisor, make_submission, municipalities):
    from django.utils import timezone, translation
    from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

    from forms.models import Submission
    from inbox.views.columns import case_columns

    made = make_submission(consumer_name="Ana <Lima> & Cia", supplier_name="")
    Submission.objects.filter(pk=made.pk).update(
        submit_time=timezone.now() - timedelta(days=3, hours=2)
    )
    row = listing.base_queryset(supervisor).get(pk=made.pk)
    row.municipality_name = "Cuiabá"
    stock = {
        "protocol": TitleColumn(
            "protocol", get_url=lambda submission: reverse("inbox:case", args=[submission.pk])
        ),
        "consumer": Column("consumer", accessor="consumer_name"),
        "supplier": Column("supplier", accessor="supplier_name"),
        "municipality": Column("municipality", accessor="municipality_name"),
        "form": Column("form", accessor="page.title"),
        "received": DateColumn("received", accessor="submit_time"),
    }
    parent = {"row": None, "table": None, "request": None}
    with translation.override("pt-br"):
        ours = {column.name: column for column in case_columns()}
        for name, column in stock.items():
            expected = parse_html(column.render_cell_html(row, parent))
            assert parse_html(ours[name].render_cell_html(row, parent)) == expected, name
    assert "Ana &lt;Lima&gt; &amp; Cia" in ours["consumer"].render_cell_html(row, parent)


def test_days_left_on_a_future_deadline(client, supervisor, make_submission):
    submission = make_submission()
    apply(submission.case, "accept", supervisor)
    apply(submission.case, "forward_to_supplier", supervisor)
    client.force_login(supervisor)
    html = get_index(client)
    assert "faltam" in html and "vencido há" not in html


def test_listing_queries_do_not_grow_with_the_rows(client, supervisor, make_submission):
    client.force_login(supervisor)
    make_submission()
    get_index(client)  # fills the cached filter choices
    with CaptureQueriesContext(connection) as one_row:
        get_index(client)
    for _ in range(40):
        make_submission()
    with CaptureQueriesContext(connection) as many_rows:
        get_index(client)
    assert len(many_rows) == len(one_row)


def test_filter_choices_are_cached_and_follow_changes(
    client, supervisor, make_submission, municipalities, django_user_model
):
    make_submission()
    client.force_login(supervisor)
    get_index(client)
    with CaptureQueriesContext(connection) as queries:
        html = get_index(client)
    sql = " ".join(query["sql"] for query in queries)
    assert "procon_forms_municipality" not in sql
    assert 'SELECT DISTINCT "auth_user"' not in sql  # the staff list
    assert "Cuiabá (MT)" in html

    cuiaba = Municipality.objects.get(ibge_code="5103403")
    cuiaba.name = "Cuiabá Nova"
    cuiaba.save()
    member(django_user_model, "novata", "Atendentes")
    html = get_index(client)
    assert "Cuiabá Nova (MT)" in html and ">Cuiabá Nova<" in html  # filter and row
    assert ">Novata</option>" in html  # assignee filter and bulk assignment


@pytest.mark.parametrize("value", [None, "", "b", ["b"], "zzz"])
def test_select_renders_like_djangos(value):
    choices = [("", "Todos"), ("a", "A & B"), ("Grupo", [("b", "<b>"), ("c", "C")])]
    ours = listing.Select(choices=choices).render("f", value, attrs={"id": "id_f"})
    django = forms.Select(choices=choices).render("f", value, attrs={"id": "id_f"})
    assert parse_html(ours) == parse_html(django)


def test_status_and_municipality_index_exists():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "procon_forms_submission")
    index = constraints["inbox_submission_status_place_received"]
    assert index["columns"] == ["status", "consumer_municipality", "submit_time", "id"]
    if connection.vendor == "postgresql":
        assert index["orders"] == ["ASC", "ASC", "DESC", "DESC"]


def export_rows(client, **params):
    response = client.get(reverse("inbox:export", args=["csv"]), params)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_export_is_newest_first_with_titles_and_usernames(
    client, supervisor, attendant, other_attendant, make_submission, django_assert_max_num_queries
):
    made = [make_submission() for _ in range(30)]
    assign(made[0].case, attendant, supervisor)
    assign(made[1].case, other_attendant, supervisor)
    client.force_login(supervisor)
    # Titles and usernames come from dictionaries: no query per row. The access
    # log entry is Wagtail's, which checks that its content type and user exist.
    with django_assert_max_num_queries(17):
        rows = export_rows(client)
    header, body = rows[0], rows[1:]
    assert [row[0] for row in body] == [s.protocol for s in reversed(made)]
    form, assignee = header.index("Formulário"), header.index("Responsável")
    assert {row[form] for row in body} == {"Formulário de teste"}
    assert body[-1][assignee] == "atendente" and body[-2][assignee] == "colega"
    assert {row[assignee] for row in body[:-2]} == {""}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="server-side cursors")
@pytest.mark.django_db(transaction=True)
def test_export_cursor_streams_rather_than_being_held(make_submission):
    """Outside a transaction Django declares the cursor WITH HOLD, which makes
    PostgreSQL compute every row before the first; the export opens one."""
    from forms.models import Submission

    for _ in range(3):
        make_submission()
    assert connection.get_autocommit()
    produced = exports.rows(Submission.objects.order_by("-submit_time"), personal=False)
    next(produced)  # header
    next(produced)  # first row: the cursor is open
    with connection.cursor() as cursor:
        cursor.execute("SELECT is_holdable FROM pg_cursors WHERE name LIKE '_django_curs_%'")
        assert cursor.fetchall() == [(False,)]
    assert len(list(produced)) == 2
    assert not connection.in_atomic_block


def test_export_dates_and_defused_text(client, supervisor, make_submission):
    from django.utils import timezone

    submission = make_submission(supplier_name="=SOMA(A1)", consumer_email="-x@example.com")
    client.force_login(supervisor)
    header, row = export_rows(client)
    received = timezone.localtime(submission.submit_time)
    assert row[header.index("Recebida em")] == received.strftime("%d/%m/%Y %H:%M")
    assert row[header.index("Fornecedor")] == "'=SOMA(A1)"
    assert row[header.index("E-mail")] == "'-x@example.com"


@pytest.mark.parametrize(
    "ago",
    [
        timedelta(seconds=5),
        timedelta(minutes=5, seconds=20),
        timedelta(hours=3, minutes=4, seconds=20),
        timedelta(days=2, hours=1),
        timedelta(days=40),
        timedelta(days=400),
    ],
)
def test_time_ago_says_what_wagtail_says(ago):
    from django.utils import timezone, translation
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    from inbox.views.columns import time_ago

    now = timezone.now()
    with translation.override("pt-br"):
        assert time_ago(now - ago, now) == timesince_simple(now - ago)
