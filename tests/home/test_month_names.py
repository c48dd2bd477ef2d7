"""Dates in Portuguese write the month in lower case ("20 de novembro de 2026"),
although Django's own pt-BR catalogue capitalises it; ours overrides it."""

import datetime

import pytest
from django.utils import dates, translation
from django.utils.formats import date_format

from home import month_names

LOWER_MONTHS = [
    "janeiro",
    "fevereiro",
    "março",
    "abril",
    "maio",
    "junho",
    "julho",
    "agosto",
    "setembro",
    "outubro",
    "novembro",
    "dezembro",
]


@pytest.mark.parametrize("month", range(1, 13))
def test_long_dates_write_the_month_in_lower_case(month):
    day = datetime.date(2026, month, 20)
    with translation.override("pt-br"):
        assert date_format(day, r"j \d\e F \d\e Y") == f"20 de {LOWER_MONTHS[month - 1]} de 2026"
        assert date_format(day, "DATE_FORMAT") == f"20 de {LOWER_MONTHS[month - 1]} de 2026"
        assert date_format(day, "E") == LOWER_MONTHS[month - 1]  # "alt. month"
        assert date_format(day, "N") == date_format(day, "N").lower()  # "abbrev. month"


def test_a_date_and_time_reads_as_one_phrase():
    moment = datetime.datetime(2026, 11, 20, 14, 30)
    with translation.override("pt-br"):
        assert date_format(moment, "DATETIME_FORMAT") == "20 de novembro de 2026 às 14:30"


def test_our_msgids_are_djangos_own():
    """A Django upgrade that rewords a month leaves ours unused: update them."""

    def msgids(lazy_strings):
        return [tuple(s._args) for s in lazy_strings]  # (msgid,) or (context, msgid)

    assert [(msgid,) for msgid in month_names.MONTHS] == msgids(dates.MONTHS.values())
    assert msgids(month_names.MONTHS_AP) == msgids(dates.MONTHS_AP.values())
    assert msgids(month_names.MONTHS_ALT) == msgids(dates.MONTHS_ALT.values())
