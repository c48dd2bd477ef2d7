"""Reading the indicators: every figure a page shows is one aggregate query over
`SupplierIndicator` (or, for the top problems, over `ClosedComplaint`), filtered and
sorted in the database. Rates are percentages of the complaints they apply to:

- answered, on time: of the complaints forwarded to the supplier;
- resolved: of the complaints the consumer evaluated;
- average days to answer: over the answered complaints; average score: over the scored.
"""

from django.conf import settings
from django.db.models import Count, F, FloatField, Max, Q, Sum
from django.db.models.functions import Cast, NullIf

from .models import ClosedComplaint, SupplierIndicator


def _ratio(part, whole, scale=100.0):
    return Cast(Sum(part), FloatField()) * scale / NullIf(Cast(Sum(whole), FloatField()), 0.0)


def measures():
    """Name -> aggregate over SupplierIndicator rows (the same for every view)."""
    return {
        "name": Max("supplier_name"),
        "complaints": Sum("complaints"),
        "forwarded_total": Sum("forwarded"),
        "answered_total": Sum("answered"),
        "pct_answered": _ratio("answered", "forwarded"),
        "pct_on_time": _ratio("answered_on_time", "forwarded"),
        "avg_days": _ratio("answer_days_total", "answered", 1.0),
        "evaluated_total": Sum("evaluated"),
        "pct_resolved": _ratio("resolved", "evaluated"),
        "avg_score": _ratio("score_total", "scored", 1.0),
        "founded_attended": Sum("founded_attended"),
        "founded_not_attended": Sum("founded_not_attended"),
        "unfounded": Sum("unfounded"),
    }


# GET value of `ordem` -> measure; a leading "-" sorts from the highest. The labels
# of each direction are `transparency.forms.SORT_CHOICES`.
SORTS = {
    "nome": "name",
    "reclamacoes": "complaints",
    "respondidas": "pct_answered",
    "no_prazo": "pct_on_time",
    "dias": "avg_days",
    "resolvidas": "pct_resolved",
    "nota": "avg_score",
}
DEFAULT_SORT = "-reclamacoes"


def order_by(sort):
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        return order_by(DEFAULT_SORT)
    expression = F(SORTS[key])
    expression = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [expression, "supplier_cnpj"]


def slice_rows(year=None, topic="", municipality="", sector=""):
    """The indicator rows of one slice: a municipality (or all of them), a year, a
    topic, a sector."""
    rows = SupplierIndicator.objects.filter(municipality=municipality or "")
    if year:
        rows = rows.filter(year=year)
    if topic:
        rows = rows.filter(topic_slug=topic)
    if sector:
        rows = rows.filter(sector_slug=sector)
    return rows


def comparison(year=None, topic="", municipality="", sector="", sort=DEFAULT_SORT):
    """One row per supplier with its indicators, sorted in the database; with a
    `sector` (slug), only the suppliers of that sector."""
    return (
        slice_rows(year, topic, municipality, sector)
        .values("supplier_cnpj")
        .annotate(**measures())
        .order_by(*order_by(sort))
    )


def slice_summary(year=None, topic="", municipality="", sector=""):
    """The same indicators over every supplier of the slice together (e.g. a whole
    sector), to read each supplier's figures against."""
    totals = measures()
    del totals["name"]
    return slice_rows(year, topic, municipality, sector).aggregate(**totals)


def supplier_sector(cnpj):
    """(slug, name) of the supplier's sector in the latest published data, or None."""
    row = (
        ClosedComplaint.objects.filter(supplier_cnpj=cnpj)
        .exclude(sector_slug="")
        .order_by("-closed_at")
        .values_list("sector_slug", "sector")
        .first()
    )
    return row


def supplier_summary(cnpj, year=None):
    return slice_rows(year).filter(supplier_cnpj=cnpj).aggregate(**measures())


def supplier_trend(cnpj, year=None):
    """Complaints, % on time and % resolved by closing month."""
    return list(
        slice_rows(year)
        .filter(supplier_cnpj=cnpj)
        .values("year", "month")
        .annotate(
            complaints=Sum("complaints"),
            pct_on_time=_ratio("answered_on_time", "forwarded"),
            pct_resolved=_ratio("resolved", "evaluated"),
        )
        .order_by("year", "month")
    )


def top_problems(cnpj, year=None, limit=5):
    rows = ClosedComplaint.objects.filter(supplier_cnpj=cnpj).exclude(problem="")
    if year:
        rows = rows.filter(year=year)
    return list(
        rows.values("topic", "subject", "problem")
        .annotate(complaints=Count("pk"))
        .order_by("-complaints", "problem")[:limit]
    )


def years():
    return list(
        SupplierIndicator.objects.filter(municipality="")
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def public_municipalities():
    """IBGE codes with enough closed complaints to be offered as a filter (a
    queryset, so it can run as a subquery)."""
    return (
        SupplierIndicator.objects.exclude(municipality="")
        .values("municipality")
        .annotate(total=Sum("complaints"))
        .filter(total__gte=settings.TRANSPARENCY_MIN_COUNT)
        .values_list("municipality", flat=True)
    )


def register_rows(year):
    """The CDC art. 44 register of `year`: suppliers with well-founded complaints closed
    that year, the most well-founded complaints first, then the most not attended."""
    return list(
        slice_rows(year)
        .values("supplier_cnpj")
        .annotate(
            name=Max("supplier_name"),
            attended=Sum("founded_attended"),
            not_attended=Sum("founded_not_attended"),
            complaints=Sum("complaints"),
        )
        .annotate(founded=F("attended") + F("not_attended"))
        .filter(Q(attended__gt=0) | Q(not_attended__gt=0))
        .order_by("-founded", "-not_attended", "name", "supplier_cnpj")
    )
