"""The read-only JSON API under /dados-abertos/api/: supplier indicators, the
register of a year, the months published and their complaint records, and the
OpenAPI document that describes them (`transparency.openapi`). Every answer is
cached (`transparency.cache`). A bad query parameter or an unknown supplier answers
``{"erro": ...}`` (400 or 404); a path that cannot hold a CNPJ or year is the site's
404 page."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import indicators, opendata
from ..cache import cached
from ..forms import IndicatorFilter
from ..openapi import openapi_document
from .common import cnpj_or_404, year_or_404

SUPPLIERS_PER_PAGE = 100
COMPLAINTS_PER_PAGE = 500


def _number(value, default=None):
    number = (value or "").strip()
    return int(number) if number.isdigit() and len(number) < 7 else default


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def _indicators(row):
    return {
        "cnpj": row["supplier_cnpj"],
        "nome": row["name"],
        "reclamacoes": row["complaints"],
        "encaminhadas": row["forwarded_total"],
        "respondidas": row["answered_total"],
        "percentual_respondidas": _round(row["pct_answered"]),
        "percentual_no_prazo": _round(row["pct_on_time"]),
        "media_dias_resposta": _round(row["avg_days"]),
        "avaliadas": row["evaluated_total"],
        "percentual_resolvidas": _round(row["pct_resolved"]),
        "nota_media": _round(row["avg_score"], 2),
        "fundamentadas_atendidas": row["founded_attended"],
        "fundamentadas_nao_atendidas": row["founded_not_attended"],
        "nao_fundamentadas": row["unfounded"],
    }


def _error(message, status=400):
    return JsonResponse({"erro": message}, status=status)


@require_GET
@cached
def suppliers(request):
    form = IndicatorFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return _error({k: [str(e) for e in v] for k, v in form.errors.items()})
    filters = form.filters()
    paginator = Paginator(indicators.comparison(**filters), SUPPLIERS_PER_PAGE)
    number = _number(request.GET.get("pagina"), 1)
    if not 1 <= number <= max(paginator.num_pages, 1):
        return _error(_("Page out of range."), 404)
    page = paginator.page(number)
    return JsonResponse(
        {
            "total": paginator.count,
            "pagina": number,
            "paginas": paginator.num_pages,
            "resultados": [_indicators(row) for row in page],
        }
    )


@require_GET
@cached
def supplier(request, cnpj):
    cnpj = cnpj_or_404(cnpj)
    summary = indicators.supplier_summary(cnpj)
    if not summary["complaints"]:
        return _error(_("Supplier without closed complaints."), 404)
    return JsonResponse(
        {
            **_indicators({**summary, "supplier_cnpj": cnpj}),
            "mensal": [
                {
                    "ano": row["year"],
                    "mes": row["month"],
                    "reclamacoes": row["complaints"],
                    "percentual_no_prazo": _round(row["pct_on_time"]),
                    "percentual_resolvidas": _round(row["pct_resolved"]),
                }
                for row in indicators.supplier_trend(cnpj)
            ],
            "principais_problemas": [
                {
                    "area": row["topic"],
                    "assunto": row["subject"],
                    "problema": row["problem"],
                    "reclamacoes": row["complaints"],
                }
                for row in indicators.top_problems(cnpj)
            ],
        }
    )


@require_GET
@cached
def register(request, year):
    year = year_or_404(year)
    return JsonResponse(
        {
            "ano": year,
            "fornecedores": [
                {
                    "posicao": rank,
                    "cnpj": row["supplier_cnpj"],
                    "nome": row["name"],
                    "fundamentadas_atendidas": row["attended"],
                    "fundamentadas_nao_atendidas": row["not_attended"],
                    "fundamentadas": row["founded"],
                }
                for rank, row in enumerate(indicators.register_rows(year), start=1)
            ],
        }
    )


@require_GET
@cached
def months(request):
    return JsonResponse(
        {
            "meses": [
                {
                    "ano": row["year"],
                    "mes": row["month"],
                    "reclamacoes": row["complaints"],
                    "csv": request.build_absolute_uri(
                        reverse("transparency:month_csv", args=[row["year"], row["month"]])
                    ),
                    "json": request.build_absolute_uri(
                        reverse("transparency:month_json", args=[row["year"], row["month"]])
                    ),
                }
                for row in opendata.months()
            ]
        }
    )


@require_GET
@cached
def complaints(request):
    year = _number(request.GET.get("ano"))
    month = _number(request.GET.get("mes"))
    if year is None or month is None or not 1 <= month <= 12:
        return _error(_("Give the year (ano) and the month (mes), e.g. ?ano=2026&mes=3."))
    rows = opendata.month_rows(year, month)
    paginator = Paginator(rows.order_by("closed_at", "case_id"), COMPLAINTS_PER_PAGE)
    number = _number(request.GET.get("pagina"), 1)
    if not 1 <= number <= max(paginator.num_pages, 1):
        return _error(_("Page out of range."), 404)
    context = opendata.Context(opendata.visible_municipalities(rows))
    page = paginator.page(number)
    records = list(opendata.records(page.object_list, context))
    return JsonResponse(
        {
            "ano": year,
            "mes": month,
            "total": paginator.count,
            "pagina": number,
            "paginas": paginator.num_pages,
            "registros": records,
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@cached
def openapi(request):
    return JsonResponse(
        openapi_document(request.build_absolute_uri("/")[:-1]),
        json_dumps_params={"ensure_ascii": False},
    )
