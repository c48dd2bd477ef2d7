"""The files: the register of a year as CSV and PDF (cached, as the pages are) and
the monthly open-data files as CSV and JSON, streamed from the database rather than
cached, as a month can hold many thousands of rows."""

from django.http import HttpResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from home.models import AgencySettings

from .. import opendata, register
from ..cache import cached
from .common import month_or_404, year_or_404


@require_GET
@cached
def register_csv(request, year):
    year = year_or_404(year)
    response = HttpResponse(register.register_csv(year), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cadastro-reclamacoes-{year}.csv"'
    return response


@require_GET
@cached
def register_pdf(request, year):
    year = year_or_404(year)
    agency = AgencySettings.for_request(request)
    content = register.register_pdf(year, agency_name=getattr(agency, "name", ""))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="cadastro-reclamacoes-{year}.pdf"'
    return response


@require_GET
def month_csv(request, year, month):
    year, month = month_or_404(year, month)
    response = StreamingHttpResponse(
        opendata.csv_lines(year, month), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="reclamacoes-{year}-{month:02d}.csv"'
    return response


@require_GET
def month_json(request, year, month):
    year, month = month_or_404(year, month)
    return StreamingHttpResponse(
        opendata.json_chunks(year, month), content_type="application/json; charset=utf-8"
    )
