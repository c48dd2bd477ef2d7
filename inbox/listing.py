"""The case list's query: filters, search and sort, shared by the listing and the exports."""

import json

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, TextField
from django.db.models.functions import Cast
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.widgets import BooleanRadioSelect

from core.brazil import normalise_cnpj, only_digits
from forms.fields import OptionsSelect
from forms.models import FormKind, FormPage, Submission
from forms.protocol import ProtocolNumber
from forms.reference import Municipality
from home import i18n

from .models import PossibleDuplicate
from .permissions import case_staff, visible_submissions
from .statuses import Status

UNASSIGNED = "none"

# The filter choices (141 municipalities, the staff, the forms) are read on every
# page of the list and change rarely: they are cached, and a change made through
# the models clears them. Another process (e.g. a management command writing in
# bulk) is seen within CHOICES_TIMEOUT seconds.
CHOICES_TIMEOUT = 300
CHOICES_KEYS = {
    "municipalities": "inbox:choices:municipalities",
    "municipality_names": "inbox:choices:municipality-names",
    "staff": "inbox:choices:staff",
    "forms": "inbox:choices:forms",
}


def _municipalities():
    rows = Municipality.objects.active().order_by("sort_name")
    return [
        (code, f"{name} ({state})")
        for code, name, state in rows.values_list("ibge_code", "name", "state")
    ]


def _municipality_names():
    return dict(Municipality.objects.values_list("ibge_code", "name"))


def _staff():
    return [(str(u.pk), u.get_full_name() or u.get_username()) for u in case_staff()]


def _forms():
    # Submissions are filed under the Portuguese forms (translations file under them).
    forms = FormPage.objects.filter(locale_id=i18n.default_locale_id())
    return [(str(pk), title) for pk, title in forms.values_list("pk", "title")]


def cached_choices(name):
    builders = {
        "municipalities": _municipalities,
        "municipality_names": _municipality_names,
        "staff": _staff,
        "forms": _forms,
    }
    return cache.get_or_set(CHOICES_KEYS[name], builders[name], CHOICES_TIMEOUT)


def forget_choices(*names):
    cache.delete_many([CHOICES_KEYS[name] for name in names or CHOICES_KEYS])


def municipality_choices():
    return cached_choices("municipalities")


def municipality_names():
    """IBGE code -> name of every municipality, active or not (old cases keep theirs)."""
    return cached_choices("municipality_names")


def staff_choices():
    """(pk, name) of the users a case can be assigned to."""
    return cached_choices("staff")


def assignee_choices():
    return [(UNASSIGNED, _("Unassigned")), *staff_choices()]


def form_choices():
    return cached_choices("forms")


def _forget_municipalities(**kwargs):
    forget_choices("municipalities", "municipality_names")


def _forget_staff(**kwargs):
    forget_choices("staff")


def _forget_forms(**kwargs):
    forget_choices("forms")


_User = get_user_model()
for _signal in (post_save, post_delete):
    _signal.connect(_forget_municipalities, sender=Municipality, dispatch_uid="inbox.choices.m")
    _signal.connect(_forget_forms, sender=FormPage, dispatch_uid="inbox.choices.f")
    _signal.connect(_forget_staff, sender=_User, dispatch_uid="inbox.choices.u")
    _signal.connect(_forget_staff, sender=Group, dispatch_uid="inbox.choices.g")
for _through in (_User.groups.through, _User.user_permissions.through, Group.permissions.through):
    m2m_changed.connect(_forget_staff, sender=_through, dispatch_uid=f"inbox.choices.{_through}")


class Select(OptionsSelect):
    """The forms' select, written in Python rather than one template include per
    option (the municipality list alone has 141). Named Select so that Wagtail's
    field wrapper keeps its `w-field--select` class."""


class CaseFilterSet(WagtailFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=FormKind.choices, empty_label=_("All"), widget=forms.RadioSelect
    )
    form = django_filters.ChoiceFilter(
        label=_("Form"),
        field_name="page_id",
        choices=form_choices,
        empty_label=_("All"),
        widget=Select,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Status.choices,
        empty_label=_("All but spam"),
        widget=Select,
    )
    consumer = django_filters.CharFilter(label=_("Consumer (name or CPF)"), method="by_consumer")
    supplier = django_filters.CharFilter(label=_("Supplier (name or CNPJ)"), method="by_supplier")
    municipality = django_filters.ChoiceFilter(
        label=_("Municipality"),
        field_name="consumer_municipality",
        choices=municipality_choices,
        empty_label=_("All"),
        widget=Select,
    )
    assignee = django_filters.ChoiceFilter(
        label=_("Assignee"),
        choices=assignee_choices,
        method="by_assignee",
        empty_label=_("All"),
        widget=Select,
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
    possible_duplicates = django_filters.BooleanFilter(
        label=_("Possible duplicates"), method="by_possible_duplicates", widget=BooleanRadioSelect
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

    def by_possible_duplicates(self, queryset, name, value):
        """Yes: cases with a possible duplicate (`inbox.duplicates`) not yet
        linked as a duplicate; No: the others."""
        pending = Exists(PossibleDuplicate.objects.filter(case_id=OuterRef("pk"))) & ~Q(
            status=Status.DUPLICATE
        )
        if value is True:
            return queryset.filter(pending)
        if value is False:
            return queryset.exclude(pending)
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
