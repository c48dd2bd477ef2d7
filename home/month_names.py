"""Month names as Portuguese writes them: in lower case.

Django's own pt-BR catalogue capitalises the months ("20 de Novembro de
2026"), which Portuguese spelling does not. Django reads our catalogue
(LOCALE_PATHS) before its own, so these msgids, marked here exactly as
``django/utils/dates.py`` writes them (with the same contexts), make
`makemessages` keep them in `locale/pt_BR/LC_MESSAGES/django.po`, where they
are lower case: ``date_format(value, "DATE_FORMAT")`` then gives "20 de
novembro de 2026". Nothing imports this module; the lazy strings are never
evaluated.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

# MONTHS: the "F" date format ("j \d\e F \d\e Y", pt-BR's DATE_FORMAT).
MONTHS = [
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]

# MONTHS_AP: the "N" date format (Associated Press abbreviations).
MONTHS_AP = [
    pgettext_lazy("abbrev. month", "Jan."),
    pgettext_lazy("abbrev. month", "Feb."),
    pgettext_lazy("abbrev. month", "March"),
    pgettext_lazy("abbrev. month", "April"),
    pgettext_lazy("abbrev. month", "May"),
    pgettext_lazy("abbrev. month", "June"),
    pgettext_lazy("abbrev. month", "July"),
    pgettext_lazy("abbrev. month", "Aug."),
    pgettext_lazy("abbrev. month", "Sept."),
    pgettext_lazy("abbrev. month", "Oct."),
    pgettext_lazy("abbrev. month", "Nov."),
    pgettext_lazy("abbrev. month", "Dec."),
]

# MONTHS_ALT: the "E" date format (the month in a long date, for languages
# that inflect it).
MONTHS_ALT = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
