"""What the pages, downloads and API share: reading a year, month or CNPJ from the
URL (a 404 when it cannot be one) and the latest refresh."""

import re

from django.http import Http404
from django.utils import timezone

from core.brazil import normalise_cnpj

from ..models import Refresh

FIRST_YEAR = 2000


def latest_refresh():
    """The latest `refresh_transparency` run, or None before the first."""
    return Refresh.objects.order_by("-pk").first()


def year_or_404(year):
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise Http404
    return year


def month_or_404(year, month):
    year_or_404(year)
    if not 1 <= month <= 12:
        raise Http404
    return year, month


def cnpj_or_404(cnpj):
    cnpj = normalise_cnpj(cnpj)
    if not re.fullmatch(r"[0-9A-Z]{14}", cnpj):
        raise Http404
    return cnpj
