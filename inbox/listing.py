"""The case list's query: filters, search and sort, shared by the listing and the exports."""

import json

import django_filters
from django import forms
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from forms.brazil import normalise_cnpj, only_digits
from forms.models import FormKind, FormPage, Submission
from forms.protocol import ProtocolNumber
from forms.reference import Municipality

from .permissions import case_staff, visible_submissions
from .statuses import Status

UNASSIGNED = "none"


def municipality_choices():
    return [(m.ibge_code, str(m)) for m in Municipality.objects.active().order_by("sort_name")]


def assignee_choices():
    staff = [(str(u.pk), u.get_full_name() or u.get_username()) for u in case_staff()]
    return [(UNASSIGNED, _("Unassigned")), *staff]


def form_choices():
    return [(str(pk), title) for pk, title in FormPage.objects.values_list("pk", "title")]


class CaseFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FormKind.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    form = django_filters.ChoiceFilter(
        label=_("Form"), field_name="page_id", choices=form_choices, empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("All but spam")
    )
    consumer = django_filters.CharFilter(label=_("Consumer (name or CPF)"), method="by_consumer")
    supplier = django_filters.CharFilter(label=_("Supplier (name or CNPJ)"), method="by_supplier")
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        field_name="consumer_municipality",
        choices=municipality_choices,
        empty_label=_("All"),
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Assignee"), choices=assignee_choices, method="by_assignee", empty_label=_("All")
    )
    received = django_filters.DateFromToRangeFilter(
        label=_("Received"), method="by_received", widget=DateRangePickerWidget
    )
    deadline = django_filters.DateFromToRangeFilter(
        label=_("Deadline"), field_name="case__deadline", widget=DateRangePickerWidget
    )
    overdue = django_filters.BooleanFilter(
        label=_("Overdue"), method="by_overdue", widget=BooleanRadioSelect
    )

    class Meta:
        model = Submission
        fields = []

    def by_consumer(self, queryset, name, value):
        digits = only_digits(value)
        if len(digits) == 11 and not any(ch.isalpha() for ch in value):
            return queryset.filter(consumer_cpf=digits)
        return queryset.filter(consumer_name__icontains=value.strip())

    def by_supplier(self, queryset, name, value):
        cnpj = normalise_cnpj(value)
        if len(cnpj) == 14 and any(ch.isdigit() for ch in cnpj[:8]):
            return queryset.filter(supplier_cnpj=cnpj)
        return queryset.filter(supplier_name__icontains=value.strip())

    def by_assignee(self, queryset, name, value):
        if value == UNASSIGNED:
            return queryset.filter(case__assignee__isnull=True)
        return queryset.filter(case__assignee_id=value)

    def by_received(self, queryset, name, value):
        # Whole local days, so "until 10/03" includes the afternoon of 10/03.
        tz = timezone.get_current_timezone()
        if value.start:
            start = timezone.datetime.combine(value.start, timezone.datetime.min.time(), tz)
            queryset = queryset.filter(submit_time__gte=start)
        if value.stop:
            stop = timezone.datetime.combine(
                value.stop + timezone.timedelta(days=1), timezone.datetime.min.time(), tz
            )
            queryset = queryset.filter(submit_time__lt=stop)
        return queryset

    def by_overdue(self, queryset, name, value):
        today = timezone.localdate()
        if value is True:
            return queryset.filter(case__deadline__lt=today)
        if value is False:
            return queryset.exclude(case__deadline__lt=today)
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.exclude(status=Status.SPAM)  # hidden unless asked for
        return queryset


def search(queryset, query):
    """Protocol, CPF and CNPJ find exact matches (indexed); other text searches
    names and the answers."""
    query = (query or "").strip()
    if not query:
        return queryset
    number = ProtocolNumber.parse(query)
    if number:
        return queryset.filter(protocol=str(number))
    has_letters = any(ch.isalpha() for ch in query)
    digits = only_digits(query)
    if not has_letters and len(digits) == 11:
        return queryset.filter(consumer_cpf=digits)
    if len(normalise_cnpj(query)) == 14 and len(digits) >= 8 and " " not in query:
        return queryset.filter(supplier_cnpj=normalise_cnpj(query))
    return queryset.annotate(
        answers_text=Cast("form_data", TextField())
    ).filter(
        Q(consumer_name__icontains=query)
        | Q(supplier_name__icontains=query)
        | Q(protocol__startswith=query)
        | Q(answers_text__icontains=query)
        # SQLite keeps JSON with escaped accents ("n\u00e3o").
        | Q(answers_text__icontains=json.dumps(query)[1:-1])
    )


ORDERINGS = {
    "protocol": ("year", "sequence"),
    "kind": ("kind", "submit_time"),
    "form": ("page__title", "submit_time"),
    "status": ("status", "submit_time"),
    "consumer": ("consumer_name", "submit_time"),
    "supplier": ("supplier_name", "submit_time"),
    "municipality": ("consumer_municipality", "submit_time"),
    "assignee": ("case__assignee__first_name", "submit_time"),
    "received": ("submit_time", "id"),
    "deadline": ("case__deadline", "submit_time"),
}
DEFAULT_ORDERING = "-received"


def order(queryset, ordering):
    key = (ordering or DEFAULT_ORDERING).lstrip("-")
    fields = ORDERINGS.get(key, ORDERINGS["received"])
    if (ordering or DEFAULT_ORDERING).startswith("-"):
        fields = tuple(f"-{field}" for field in fields)
    return queryset.order_by(*fields)


def base_queryset(user):
    # The answers and the schema snapshot are the big columns; a list row needs neither.
    return (
        visible_submissions(user)
        .select_related("page", "case", "case__assignee")
        .defer("form_data", "schema")
    )


def filtered(user, params, request=None):
    """The submissions `user` sees, filtered, searched and ordered as `params` say."""
    filterset = CaseFilterSet(params, queryset=base_queryset(user), request=request)
    queryset = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    queryset = search(queryset, params.get("q"))
    return order(queryset, params.get("ordering")), filterset
