"""The public HTML pages: the supplier comparison and a supplier's page, the CDC
art. 44 register of a year, the open-data page and its data dictionary. Every page
is cached (`transparency.cache`) except the redirect to the latest register."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.brazil import format_cnpj

from .. import charts, indicators, opendata, register
from ..cache import cached
from ..forms import IndicatorFilter
from .common import cnpj_or_404, latest_refresh, year_or_404

PER_PAGE = 25
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


def _month_label(year, month):
    return f"{MONTH_NAMES[month - 1]}/{year}"


def _percent(value):
    return "—" if value is None else f"{number_format(value, 1)}%"


def _with_cnpj(row):
    return {**row, "cnpj_display": format_cnpj(row["supplier_cnpj"])}


def _sort_links(request, current):
    """For each sortable column: the URL that sorts by it (toggling the direction)
    and its aria-sort value."""
    params = {
        k: v for k, v in request.GET.items() if k in ("ano", "setor", "tema", "municipio") and v
    }
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
    sector = dict(form.fields["setor"].choices).get(filters["sector"]) if filters["sector"] else ""
    comparison_filters = {k: v for k, v in filters.items() if k != "sort"}
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
            "sector": sector,
            "sector_summary": (
                indicators.slice_summary(**comparison_filters)
                if sector and page.object_list
                else None
            ),
            "min_count": settings.TRANSPARENCY_MIN_COUNT,
            "refreshed": latest_refresh(),
        },
    )


@require_GET
@cached
def supplier(request, cnpj):
    cnpj = cnpj_or_404(cnpj)
    summary = indicators.supplier_summary(cnpj)
    if not summary["complaints"]:
        raise Http404
    sector = indicators.supplier_sector(cnpj)
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
    on_time_chart = charts.column_chart(
        "grafico-no-prazo",
        _("Share answered on time per month"),
        _(
            "Percentage of the complaints forwarded to %(name)s that it answered within the "
            "deadline, by month of closing; a dash marks a month without complaints forwarded."
        )
        % {"name": summary["name"]},
        [(row["label"], row["pct_on_time"], _percent(row["pct_on_time"])) for row in trend],
        peak=100,
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
            "sector": sector,
            "sector_summary": indicators.slice_summary(sector=sector[0]) if sector else None,
            "trend": trend,
            "problems": problems,
            "trend_chart": trend_chart,
            "on_time_chart": on_time_chart,
            "problem_chart": problem_chart,
            "refreshed": latest_refresh(),
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
    year = year_or_404(year)
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
            "refreshed": latest_refresh(),
        },
    )


@require_GET
@cached
def open_data(request):
    """The monthly files to download (only months with complaints) and the API."""
    months = opendata.months()
    for row in months:
        row["label"] = _month_label(row["year"], row["month"])
    return render(
        request,
        "transparency/open_data.html",
        {"section": "open_data", "months": months, "refreshed": latest_refresh()},
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
            "refreshed": latest_refresh(),
        },
    )
