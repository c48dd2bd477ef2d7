"""The GET filters of the supplier comparison (and its API twin)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.reference import Municipality
from services.models import Topic

from .indicators import DEFAULT_SORT, SORTS, public_municipalities, years


class IndicatorFilter(forms.Form):
    ano = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    tema = forms.ChoiceField(label=_("Topic"), required=False)
    municipio = forms.ChoiceField(label=_("Municipality"), required=False)
    ordem = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, data=None):
        super().__init__(data)
        select = {"class": "form-select"}
        self.fields["ano"].choices = [("", _("All years"))] + [(y, y) for y in years()]
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
        self.fields["ordem"].choices = [
            (prefix + key, label) for key, (label, _m) in SORTS.items() for prefix in ("-", "")
        ]
        for name in ("ano", "tema", "municipio", "ordem"):
            self.fields[name].widget.attrs.update(select)

    def filters(self):
        """Valid filters, or the defaults where a value was invalid."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "year": data.get("ano"),
            "topic": data.get("tema") or "",
            "municipality": data.get("municipio") or "",
            "sort": data.get("ordem") or DEFAULT_SORT,
        }
