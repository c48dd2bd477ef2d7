"""Public transparency pages, downloads and the read-only API.

Plain Django views under the site's base template rather than Wagtail pages: every
figure comes from the refreshed tables, the URLs carry the filters, and the short
explanatory texts are part of the published method (they change with the code that
computes the figures, through translations), so editors have nothing to maintain
here. Content pages that link to these URLs can be written in Wagtail as usual.

All HTML and JSON answers are cached (see `transparency.cache`); the monthly files
stream from the database instead, as a month can hold tens of thousands of rows.
"""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.brazil import format_cnpj, normalise_cnpj

from . import charts, indicators, opendata, register
from .cache import cached
from .forms import IndicatorFilter
from .models import Refresh
from .openapi import openapi_document

PER_PAGE = 25
API_PER_PAGE = 500
MONTH_NAMES = (
    "jan",
    "fev",
    "mar",
    "abr",
    "mai",
    "jun",
    "jul",
    "ago",
    "set",
    "out",
    "nov",
    "dez",
)
FIRST_YEAR = 2000


def _refreshed():
    return Refresh.objects.order_by("-pk").first()


def _year_or_404(year):
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def _cnpj_or_404(cnpj):
    cnpj = normalise_cnpj(cnpj)
    if not re.fullmatch(r"[0-9A-Z]{14}", cnpj):
        raise Http404
    return cnpj


def _month_or_404(year, month):
    _year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404
    return year, month


def _sort_links(request, current):
    """For each sortable column: the URL that sorts by it (toggling the direction)
    and its aria-sort value."""
    params = {k: v for k, v in request.GET.items() if k in ("ano", "tema", "municipio") and v}
    links = {}
    for key in indicators.SORTS:
        if current.lstrip("-") == key:
            descending = current.startswith("-")
            target = key if descending else f"-{key}"
            state = "descending" if descending else "ascending"
        else:
            target = key if key == "nome" else f"-{key}"
            state = ""
        links[key] = {"url": "?" + urlencode({**params, "ordem": target}), "aria_sort": state}
    return links


@require_GET
@cached
def suppliers(request):
    """The comparison table: one row per supplier, filtered and sorted by GET parameters."""
    form = IndicatorFilter(request.GET or None)
    filters = form.filters()
    rows = indicators.comparison(**filters)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("pagina"))
    params = {k: v for k, v in request.GET.items() if k != "pagina"}
    return render(
        request,
        "transparency/suppliers.html",
        {
            "section": "suppliers",
            "form": form,
            "page_obj": page,
            "rows": [_with_cnpj(row) for row in page],
            "sort": filters["sort"],
            "sort_links": _sort_links(request, filters["sort"]),
            "query": urlencode(params),
            "refreshed": _refreshed(),
        },
    )


def _with_cnpj(row):
    return {**row, "cnpj_display": format_cnpj(row["supplier_cnpj"])}


def _month_label(year, month):
    return f"{MONTH_NAMES[month - 1]}/{year}"


@require_GET
@cached
def supplier(request, cnpj):
    cnpj = _cnpj_or_404(cnpj)
    summary = indicators.supplier_summary(cnpj)
    if not summary["complaints"]:
        raise Http404
    trend = indicators.supplier_trend(cnpj)[-12:]
    problems = indicators.top_problems(cnpj)
    for row in trend:
        row["label"] = _month_label(row["year"], row["month"])
    trend_chart = charts.column_chart(
        "grafico-mensal",
        _("Closed complaints per month"),
        _("Closed complaints against %(name)s in each of the last %(count)s months with data.")
        % {"name": summary["name"], "count": len(trend)},
        [(row["label"], row["complaints"], str(row["complaints"])) for row in trend],
    )
    problem_chart = charts.bar_chart(
        "grafico-problemas",
        _("Most frequent problems"),
        _(
            "The problems consumers reported most often about %(name)s, with the number of closed "
            "complaints."
        )
        % {"name": summary["name"]},
        [(row["problem"], row["complaints"], str(row["complaints"])) for row in problems],
    )
    return render(
        request,
        "transparency/supplier.html",
        {
            "section": "suppliers",
            "summary": summary,
            "cnpj": cnpj,
            "cnpj_display": format_cnpj(cnpj),
            "trend": trend,
            "problems": problems,
            "trend_chart": trend_chart,
            "problem_chart": problem_chart,
            "refreshed": _refreshed(),
        },
    )


@require_GET
def register_latest(request):
    years = indicators.years()
    year = years[0] if years else timezone.localdate().year
    return redirect("transparency:register", year=year)


@require_GET
@cached
def register_year(request, year):
    year = _year_or_404(year)
    header, rows = register.register_table(year)
    top = rows[:10]
    chart = charts.bar_chart(
        "grafico-cadastro",
        _("Suppliers with the most well-founded complaints not attended"),
        _(
            "The ten suppliers at the top of the %(year)s register and their well-founded "
            "complaints not attended."
        )
        % {"year": year},
        [(row[2], row[4], str(row[4])) for row in top],
    )
    return render(
        request,
        "transparency/register.html",
        {
            "section": "register",
            "year": year,
            "years": indicators.years(),
            "header": header,
            "rows": rows,
            "chart": chart if top else None,
            "refreshed": _refreshed(),
        },
    )


@require_GET
@cached
def register_csv(request, year):
    year = _year_or_404(year)
    response = HttpResponse(register.register_csv(year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cadastro-reclamacoes-{year}.csv"'
    return response


@require_GET
@cached
def register_pdf(request, year):
    from home.models import AgencySettings

    year = _year_or_404(year)
    agency = AgencySettings.for_request(request)
    content = register.register_pdf(year, agency_name=getattr(agency, "name", ""))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cadastro-reclamacoes-{year}.pdf"'
    return response


@require_GET
@cached
def open_data(request):
    months = opendata.months()
    for row in months:
        row["label"] = _month_label(row["year"], row["month"])
    return render(
        request,
        "transparency/open_data.html",
        {"section": "open_data", "months": months, "refreshed": _refreshed()},
    )


@require_GET
@cached
def dictionary(request):
    return render(
        request,
        "transparency/dictionary.html",
        {
            "section": "open_data",
            "columns": opendata.COLUMNS,
            "min_count": settings.TRANSPARENCY_MIN_COUNT,
            "refreshed": _refreshed(),
        },
    )


@require_GET
def month_csv(request, year, month):
    year, month = _month_or_404(year, month)
    response = StreamingHttpResponse(
        opendata.csv_lines(year, month), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="reclamacoes-{year}-{month:02d}.csv"'
    return response


@require_GET
def month_json(request, year, month):
    year, month = _month_or_404(year, month)
    return StreamingHttpResponse(
        opendata.json_chunks(year, month), content_type="application/json; charset=utf-8"
    )


# --- API -------------------------------------------------------------------------


def _api_number(value, default=None):
    number = (value or "").strip()
    return int(number) if number.isdigit() and len(number) < 7 else default


def _clean_row(row):
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


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def _error(message, status=400):
    return JsonResponse({"erro": message}, status=status)


@require_GET
@cached
def api_suppliers(request):
    form = IndicatorFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return _error({k: [str(e) for e in v] for k, v in form.errors.items()})
    filters = form.filters()
    paginator = Paginator(indicators.comparison(**filters), PER_PAGE * 4)
    number = _api_number(request.GET.get("pagina"), 1)
    if not 1 <= number <= max(paginator.num_pages, 1):
        return _error(_("Page out of range."), 404)
    page = paginator.page(number)
    return JsonResponse(
        {
            "total": paginator.count,
            "pagina": number,
            "paginas": paginator.num_pages,
            "resultados": [_clean_row(row) for row in page],
        }
    )


@require_GET
@cached
def api_supplier(request, cnpj):
    cnpj = _cnpj_or_404(cnpj)
    summary = indicators.supplier_summary(cnpj)
    if not summary["complaints"]:
        return _error(_("Supplier without closed complaints."), 404)
    return JsonResponse(
        {
            **_clean_row({**summary, "supplier_cnpj": cnpj}),
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
def api_register(request, year):
    year = _year_or_404(year)
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
def api_months(request):
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
def api_complaints(request):
    year = _api_number(request.GET.get("ano"))
    month = _api_number(request.GET.get("mes"))
    if year is None or month is None or not 1 <= month <= 12:
        return _error(_("Give the year (ano) and the month (mes), e.g. ?ano=2026&mes=3."))
    rows = opendata.month_rows(year, month)
    paginator = Paginator(rows.order_by("closed_at", "case_id"), API_PER_PAGE)
    number = _api_number(request.GET.get("pagina"), 1)
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
def api_openapi(request):
    return JsonResponse(
        openapi_document(request.build_absolute_uri("/")[:-1]),
        json_dumps_params={"ensure_ascii": False},
    )
