"""The open data: one file per month of closed complaints (CSV and JSON), the same
rows through the API, and the description of every column.

Rows come only from `ClosedComplaint`, which holds no personal data. One more rule
protects consumers in small towns: in each published set (a month), a municipality
with fewer than `TRANSPARENCY_MIN_COUNT` complaints is left blank (the state and
region stay), so a complaint cannot be tied to a person through where they live.
"""

import csv
import json

from django.conf import settings
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from core.ibge import state_code, states
from forms.reference import Municipality

from .models import ClosedComplaint, Outcome

REGIONS = {"1": "Norte", "2": "Nordeste", "3": "Sudeste", "4": "Sul", "5": "Centro-Oeste"}
STATUS_CODES = {
    "closed": "encerrada",
    "resolved": "resolvida",
    "not_resolved": "nao_resolvida",
    "withdrawn": "desistencia",
}
OUTCOME_CODES = {
    Outcome.RESOLVED: "resolvida",
    Outcome.NOT_RESOLVED: "nao_resolvida",
    Outcome.NOT_EVALUATED: "nao_avaliada",
}
CLASSIFICATION_CODES = {
    "founded_attended": "fundamentada_atendida",
    "founded_not_attended": "fundamentada_nao_atendida",
    "unfounded": "nao_fundamentada",
    "": "",
}
FIELDS = (
    "opened_on",
    "forwarded_at",
    "deadline",
    "answered_at",
    "closed_at",
    "municipality",
    "supplier_cnpj",
    "supplier_name",
    "topic",
    "subject",
    "problem",
    "channel",
    "status",
    "refused",
    "on_time",
    "days_to_answer",
    "outcome",
    "score",
    "classification",
)


def _date(value):
    if value is None:
        return ""
    return (value.date() if hasattr(value, "date") else value).isoformat()


def _yes_no(value):
    return "" if value is None else ("S" if value else "N")


class Column:
    def __init__(self, name, description, read, example=""):
        self.name, self.description, self.read, self.example = name, description, read, example


COLUMNS = (
    Column(
        "data_abertura",
        _("Date the complaint was registered (YYYY-MM-DD)."),
        lambda r, c: _date(r["opened_on"]),
        "2026-03-02",
    ),
    Column(
        "data_encaminhamento",
        _("Date the complaint was forwarded to the supplier; blank when it was not."),
        lambda r, c: _date(r["forwarded_at"]),
        "2026-03-04",
    ),
    Column(
        "prazo_resposta",
        _("The supplier's deadline to answer, with any extension granted."),
        lambda r, c: _date(r["deadline"]),
        "2026-03-14",
    ),
    Column(
        "data_resposta",
        _("Date the supplier's answer was recorded; blank when it did not answer."),
        lambda r, c: _date(r["answered_at"]),
        "2026-03-10",
    ),
    Column(
        "data_encerramento",
        _("Date the complaint reached its final status; the month of the file."),
        lambda r, c: _date(r["closed_at"]),
        "2026-03-30",
    ),
    Column(
        "regiao",
        _("Region of Brazil of the consumer's municipality."),
        lambda r, c: REGIONS.get(r["municipality"][:1], "") if r["municipality"] else "",
        "Centro-Oeste",
    ),
    Column(
        "uf",
        _("State (UF) of the consumer's municipality."),
        lambda r, c: c.uf(r["municipality"]),
        "MT",
    ),
    Column(
        "codigo_municipio_ibge",
        _("IBGE code of the consumer's municipality; blank when suppressed (see below)."),
        lambda r, c: c.municipality_code(r["municipality"]),
        "5103403",
    ),
    Column(
        "municipio",
        _("Name of the consumer's municipality; blank when suppressed."),
        lambda r, c: c.municipality_name(r["municipality"]),
        "Cuiabá",
    ),
    Column(
        "cnpj_fornecedor",
        _("CNPJ of the supplier, digits only (companies are not personal data)."),
        lambda r, c: r["supplier_cnpj"],
        "11222333000181",
    ),
    Column(
        "nome_fornecedor",
        _("Supplier name as the consumer gave it."),
        lambda r, c: r["supplier_name"],
        "Empresa Exemplo S.A.",
    ),
    Column(
        "area",
        _("Area (topic) of the problem, from the agency's list."),
        lambda r, c: r["topic"],
        "Telecomunicações",
    ),
    Column("assunto", _("Subject within the area."), lambda r, c: r["subject"], "Telefonia móvel"),
    Column(
        "problema", _("Problem within the subject."), lambda r, c: r["problem"], "Cobrança indevida"
    ),
    Column(
        "como_comprou",
        _("How the product or service was bought, from a fixed list of options."),
        lambda r, c: r["channel"],
        "Internet",
    ),
    Column(
        "respondida",
        _(
            "S when the supplier answered, N when it was forwarded and did not; blank when not "
            "forwarded."
        ),
        lambda r, c: _yes_no(r["answered_at"] is not None if r["forwarded_at"] else None),
        "S",
    ),
    Column(
        "respondida_no_prazo",
        _("S when the answer came on or before the deadline, N when late or missing."),
        lambda r, c: _yes_no(r["on_time"]),
        "S",
    ),
    Column(
        "dias_para_resposta",
        _("Days from forwarding to the answer, one decimal."),
        lambda r, c: "" if r["days_to_answer"] is None else f"{r['days_to_answer']:.1f}",
        "6.0",
    ),
    Column(
        "recusada_pelo_fornecedor",
        _("S when the supplier refused the complaint (e.g. not its customer)."),
        lambda r, c: _yes_no(r["refused"]),
        "N",
    ),
    Column(
        "situacao",
        _(
            "Final status: encerrada, resolvida, nao_resolvida or desistencia (withdrawn by the "
            "consumer)."
        ),
        lambda r, c: STATUS_CODES.get(r["status"], r["status"]),
        "encerrada",
    ),
    Column(
        "avaliacao",
        _("The consumer's evaluation: resolvida, nao_resolvida or nao_avaliada."),
        lambda r, c: OUTCOME_CODES.get(r["outcome"], ""),
        "resolvida",
    ),
    Column(
        "nota",
        _("The consumer's satisfaction score, 1 to 5; blank when not given."),
        lambda r, c: "" if r["score"] is None else r["score"],
        "4",
    ),
    Column(
        "classificacao",
        _(
            "CDC art. 44 classification by the agency: fundamentada_atendida, "
            "fundamentada_nao_atendida, nao_fundamentada, or blank."
        ),
        lambda r, c: CLASSIFICATION_CODES.get(r["classification"], ""),
        "fundamentada_atendida",
    ),
)
HEADER = [column.name for column in COLUMNS]


class Context:
    """What formatting a set of rows needs: names of municipalities, and which of
    them are frequent enough to be shown."""

    def __init__(self, visible):
        self.visible = visible
        self.names = dict(Municipality.objects.values_list("ibge_code", "name"))
        self.ufs = {state_code(uf): uf for uf in states()}

    def municipality_code(self, code):
        return code if code in self.visible else ""

    def municipality_name(self, code):
        return self.names.get(code, "") if code in self.visible else ""

    def uf(self, code):
        return self.ufs.get(code[:2], "") if code else ""


def month_rows(year, month):
    return ClosedComplaint.objects.filter(year=year, month=month).order_by("closed_at", "case_id")


def visible_municipalities(rows):
    """Municipalities with at least the threshold of rows in `rows` (one query)."""
    return set(
        rows.order_by()
        .values("municipality")
        .annotate(total=Count("pk"))
        .filter(total__gte=settings.TRANSPARENCY_MIN_COUNT)
        .values_list("municipality", flat=True)
    )


def records(rows, context):
    """Dicts of column name -> value of the (ordered) `rows`, streamed in chunks."""
    for row in rows.values(*FIELDS).iterator(chunk_size=2000):
        yield {column.name: column.read(row, context) for column in COLUMNS}


def month_context(year, month):
    return Context(visible_municipalities(month_rows(year, month)))


class _Echo:
    def write(self, value):
        return value


def csv_lines(year, month):
    writer = csv.writer(_Echo())
    context = month_context(year, month)
    yield "\ufeff" + writer.writerow(HEADER)  # the BOM lets spreadsheet programs read UTF-8
    for record in records(month_rows(year, month), context):
        yield writer.writerow(record.values())


def json_chunks(year, month):
    context = month_context(year, month)
    yield json.dumps({"ano": year, "mes": month, "colunas": HEADER})[:-1] + ', "registros": ['
    first = True
    for record in records(month_rows(year, month), context):
        yield ("" if first else ",") + json.dumps(record, ensure_ascii=False)
        first = False
    yield "]}"


def months():
    """(year, month, complaints) of every month with closed complaints, newest first."""
    return list(
        ClosedComplaint.objects.values("year", "month")
        .annotate(complaints=Count("pk"))
        .order_by("-year", "-month")
    )
