"""The GET filters of the supplier comparison (and its API twin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.reference import Municipality
from services.models import Topic
from supplier_enrolment.models import Sector

from .indicators import DEFAULT_SORT, public_municipalities, years

# Every value of `ordem` (`indicators.SORTS`, both directions) with a label that says
# which way it sorts. The default comes first, so the list shows it when the page
# is opened without a choice.
SORT_CHOICES = [
    ("-reclamacoes", _("Most complaints first")),
    ("reclamacoes", _("Fewest complaints first")),
    ("nome", _("Name (A to Z)")),
    ("-nome", _("Name (Z to A)")),
    ("-respondidas", _("% answered: highest first")),
    ("respondidas", _("% answered: lowest first")),
    ("-no_prazo", _("% answered on time: highest first")),
    ("no_prazo", _("% answered on time: lowest first")),
    ("-dias", _("Average days to answer: highest first")),
    ("dias", _("Average days to answer: lowest first")),
    ("-resolvidas", _("% resolved: highest first")),
    ("resolvidas", _("% resolved: lowest first")),
    ("-nota", _("Average score: highest first")),
    ("nota", _("Average score: lowest first")),
]


class IndicatorFilter(forms.Form):
    ano = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    setor = forms.ChoiceField(label=_("Sector"), required=False)
    tema = forms.ChoiceField(label=_("Topic"), required=False)
    municipio = forms.ChoiceField(label=_("Municipality"), required=False)
    ordem = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data=None):
        super().__init__(data)
        select = {"class": "form-select"}
        self.fields["ano"].choices = [("", _("All years"))] + [(y, y) for y in years()]
        self.fields["setor"].choices = [("", _("All sectors"))] + list(
            Sector.objects.order_by("name").values_list("slug", "name")
        )
        self.fields["tema"].choices = [("", _("All topics"))] + list(
            Topic.objects.order_by("sort_order", "name").values_list("slug", "name")
        )
        visible = public_municipalities()
        self.fields["municipio"].choices = [("", _("All municipalities"))] + [
            (code, name)
            for code, name in Municipality.objects.filter(ibge_code__in=visible)
            .order_by("sort_name")
            .values_list("ibge_code", "name")
        ]
        self.fields["ordem"].choices = SORT_CHOICES
        for name in ("ano", "setor", "tema", "municipio", "ordem"):
            self.fields[name].widget.attrs.update(select)

    def filters(self):
        """Valid filters, or the defaults where a value was invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("ano"),
            "sector": data.get("setor") or "",
            "topic": data.get("tema") or "",
            "municipality": data.get("municipio") or "",
            "sort": data.get("ordem") or DEFAULT_SORT,
        }
