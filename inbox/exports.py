"""The case list as CSV or XLSX, streamed in constant memory.

Rows come from a server-side cursor (`iterator`) as plain tuples; CSV is sent
in chunks as it is produced, XLSX is written row by row to a temporary file
(openpyxl's write-only mode) and then streamed. Personal columns (consumer
name, CPF, email, postal address) go only to supervisors.

The query reads the submissions and their cases only, in the list's order
(newest first by default, straight off the received index); form titles and
assignees' usernames come from small dictionaries filled as they are met, so
PostgreSQL has no join to sort before the first row.
"""

import csv
import io
import tempfile

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.brazil import format_cnpj, format_cpf
from forms.models import FormKind, FormPage
from forms.reference import Municipality
from home import i18n

from .statuses import Status

CHUNK_ROWS = 2_000
XLSX_MAX_ROWS = 1_048_575  # a sheet's limit, minus the header

# (header, values_list field); personal ones flagged.
COLUMNS = [
    (lambda: _("Protocol"), "protocol", False),
    (lambda: _("Kind"), "kind", False),
    (lambda: _("Form"), "page_id", False),
    (lambda: _("Status"), "status", False),
    (lambda: _("Received"), "submit_time", False),
    (lambda: _("Deadline"), "case__deadline", False),
    (lambda: _("Assignee"), "case__assignee_id", False),
    (lambda: _("Municipality"), "consumer_municipality", False),
    (lambda: _("Supplier"), "supplier_name", False),
    (lambda: _("Supplier CNPJ"), "supplier_cnpj", False),
    (lambda: _("Consumer"), "consumer_name", True),
    (lambda: _("CPF"), "consumer_cpf", True),
    (lambda: _("Email"), "consumer_email", True),
    (lambda: _("Postal address"), "consumer_address", True),
]


FORMULA_STARTS = frozenset("=+-@\t\r")


def plain(value):
    """Text as typed, defused so a spreadsheet never runs it as a formula."""
    if isinstance(value, str):
        return "'" + value if value[:1] in FORMULA_STARTS else value
    return "" if value is None else value


def day_and_time(value):
    # Formatted by hand: strftime costs twice as much, a million times over.
    return f"{value.day:02}/{value.month:02}/{value.year:04} {value.hour:02}:{value.minute:02}"


def day(value):
    return f"{value.day:02}/{value.month:02}/{value.year:04}" if value else ""


class Lookup(dict):
    """id -> text, asking the database once for an id it has not met."""

    def __init__(self, initial, fetch):
        super().__init__(initial)
        self.fetch = fetch

    def __missing__(self, key):
        if key is None:
            return ""
        value = self[key] = self.fetch(key) or ""
        return value


def columns(personal):
    return [
        (header, field) for header, field, is_personal in COLUMNS if personal or not is_personal
    ]


def rows(queryset, personal):
    """The header, then one list of display strings per submission."""
    chosen = columns(personal)
    fields = [field for _, field in chosen]
    yield [str(header()) for header, _ in chosen]
    kinds = {value: str(label) for value, label in FormKind.choices}
    statuses = {value: str(label) for value, label in Status.choices}
    places = dict(Municipality.objects.values_list("ibge_code", "name"))
    tz = timezone.get_current_timezone()
    formatters = {
        "kind": lambda v: kinds.get(v, v),
        "status": lambda v: statuses.get(v, v),
        "submit_time": lambda v: day_and_time(v.astimezone(tz)),
        "case__deadline": day,
        "consumer_municipality": lambda v: places.get(v, v),
        "supplier_cnpj": lambda v: format_cnpj(v) if v else "",
        "consumer_cpf": lambda v: format_cpf(v) if v else "",
    }
    titles = Lookup(
        FormPage.objects.filter(locale_id=i18n.default_locale_id()).values_list("pk", "title"),
        lambda pk: Page.objects.filter(pk=pk).values_list("title", flat=True).first(),
    )
    users = get_user_model().objects
    usernames = Lookup(
        {}, lambda pk: users.filter(pk=pk).values_list("username", flat=True).first()
    )
    formatters.update(
        {
            "page_id": lambda v: plain(titles[v]),
            "case__assignee_id": lambda v: plain(usernames[v]),
        }
    )
    convert = [formatters.get(field, plain) for field in fields]
    # In autocommit Django declares the server-side cursor WITH HOLD, and
    # PostgreSQL then runs the whole query before handing over the first row
    # (seconds at a million rows); inside a transaction the rows stream as the
    # index scan finds them.
    with transaction.atomic(using=queryset.db):
        if connections[queryset.db].vendor == "postgresql":
            # Compiling the plan to machine code took longer than it saved
            # and held back the first row.
            with connections[queryset.db].cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK_ROWS):
            yield [fn(value) for fn, value in zip(convert, row, strict=True)]


def csv_chunks(queryset, personal):
    """CSV text in chunks of CHUNK_ROWS rows (UTF-8 with BOM so spreadsheets read accents)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    yield "\ufeff"
    for count, row in enumerate(rows(queryset, personal), start=1):
        writer.writerow(row)
        if count % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(queryset, personal):
    """A temporary file holding the workbook (rewound), written row by row."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Cases"))
    for count, row in enumerate(rows(queryset, personal)):
        if count > XLSX_MAX_ROWS:
            break
        sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(output)
    output.seek(0)
    return output
