"""The print queue of letters to suppliers that have not enrolled: list, batch
PDF, posting (AR tracking code) and delivery date (which starts the deadline)."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import BaseColumn, ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import BaseListingView, PermissionCheckedMixin
from wagtail.admin.widgets import ListingButton
from wagtail.permissions import policy_registry

from core.admin_ui import FormColumn
from core.http import private

from .letters import letters_for_printing, render_pdf
from .models import Letter
from .notices import mark_posted, no_address_message, start_supplier_deadline_from_delivery

MAX_BATCH = 500


def letter_policy():
    return policy_registry.get_by_type(Letter)


def _check(request):
    if not letter_policy().user_has_permission(request.user, "print"):
        raise PermissionDenied


class LetterFilterSet(WagtailFilterSet):
    """One status at a time, "to print and post" unless another is asked for."""

    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Letter status"),
        choices=Letter.Status.choices,
        empty_label=None,
        initial=Letter.Status.PENDING,
        widget=forms.RadioSelect,
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Letter
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("status") not in Letter.Status.values:
            data = data.copy()
            data["status"] = Letter.Status.PENDING
        super().__init__(data, *args, **kwargs)


class LetterSelectColumn(BaseColumn):
    """The checkbox of the batch PDF form (`batch-form`)."""

    header_template_name = "supplier_enrolment/admin/letters/select_header.html"
    cell_template_name = "supplier_enrolment/admin/letters/select_cell.html"


class LetterCaseColumn(ButtonsColumnMixin, TitleColumn):
    """The case's protocol, linking to the case, with the letter's PDF."""

    def get_buttons(self, instance, parent_context):
        if not instance.address.strip():
            return []
        url = reverse("supplier_letters:pdf", args=[instance.pk])
        return [ListingButton(gettext_lazy("PDF"), url=url, icon_name="download")]


class AddresseeColumn(Column):
    """The addressee, with a warning and the letter's edit link when it has no address."""

    cell_template_name = "supplier_enrolment/admin/letters/addressee_cell.html"


class PostingColumn(FormColumn):
    """The AR tracking code, or the form that records it."""

    cell_template_name = "supplier_enrolment/admin/letters/posting_cell.html"


class DeliveryColumn(FormColumn):
    """The delivery date, or (once posted) the form that records it."""

    cell_template_name = "supplier_enrolment/admin/letters/delivery_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["today"] = parent_context["table"].today
        return context


ORDERINGS = {
    "protocol": ("case__submission__year", "case__submission__sequence", "pk"),
    "addressee": ("addressee", "pk"),
    "created_at": ("created_at", "pk"),
}


class LetterQueueView(PermissionCheckedMixin, BaseListingView):
    """The print queue: the letters of one status, with their actions."""

    results_template_name = "supplier_enrolment/admin/letter_queue_results.html"
    page_title = gettext_lazy("Letters to suppliers")
    header_icon = "mail"
    permission_required = "print"
    index_url_name = "supplier_letters:queue"
    index_results_url_name = "supplier_letters:queue_results"
    filterset_class = LetterFilterSet
    default_ordering = "created_at"
    paginate_by = 100
    model = Letter

    @cached_property
    def permission_policy(self):
        return letter_policy()

    @cached_property
    def columns(self):
        return [
            LetterSelectColumn("select", label=gettext_lazy("Select")),
            LetterCaseColumn(
                "protocol",
                label=gettext_lazy("Protocol"),
                accessor="case.submission.protocol",
                get_url=lambda letter: reverse("inbox:case", args=[letter.case_id]),
                sort_key="protocol",
            ),
            AddresseeColumn("addressee", label=gettext_lazy("Addressee"), sort_key="addressee"),
            DateColumn("created_at", label=gettext_lazy("Created"), sort_key="created_at"),
            PostingColumn("posting", label=gettext_lazy("Posting")),
            DeliveryColumn("delivery", label=gettext_lazy("Delivery")),
        ]

    @cached_property
    def status(self):
        if self.filters and self.filters.is_valid():
            return self.filters.form.cleaned_data["status"]
        return Letter.Status.PENDING

    def get_page_subtitle(self):
        return Letter.Status(self.status).label

    def get_base_queryset(self):
        return Letter.objects.select_related("case__submission")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.filter(status=self.status)

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        fields = ORDERINGS[ordering.lstrip("-")]
        if ordering.startswith("-"):
            fields = [f"-{field}" for field in fields]
        return queryset.order_by(*fields)

    def get_table(self, object_list):
        table = super().get_table(object_list)
        table.today = timezone.localdate()
        return table

    @cached_property
    def no_results_message(self):
        return _("No letters here.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["status"] = self.status
        context["max_batch"] = MAX_BATCH
        return context


def _pdf_response(letters, filename):
    response = HttpResponse(render_pdf(letters), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return private(response)


def letter_pdf(request, pk):
    _check(request)
    letter = get_object_or_404(letters_for_printing(Letter.objects.all()), pk=pk)
    if not letter.address.strip():
        messages.error(request, no_address_message())
        return redirect(f"{_queue_url()}?status={letter.status}")
    return _pdf_response([letter], f"notificacao-{letter.case.submission.protocol}.pdf")


@require_POST
def batch_pdf(request):
    """Selected letters (or every letter with the given status) in one PDF."""
    _check(request)
    ids = [value for value in request.POST.getlist("letter") if value.isdigit()]
    letters = Letter.objects.all()
    if ids:
        letters = letters.filter(pk__in=ids)
    else:
        letters = letters.filter(status=request.POST.get("status") or Letter.Status.PENDING)
    letters = list(letters_for_printing(letters.order_by("created_at", "pk"))[:MAX_BATCH])
    if not letters:
        messages.error(request, _("There is no letter to print."))
        return redirect("supplier_letters:queue")
    without_address = [letter for letter in letters if not letter.address.strip()]
    if without_address:
        protocols = ", ".join(letter.case.submission.protocol for letter in without_address)
        messages.error(
            request,
            _("Letters without an address (%(protocols)s): fill them in before printing.")
            % {"protocols": protocols},
        )
        return redirect(f"{_queue_url()}?status={without_address[0].status}")
    return _pdf_response(letters, f"notificacoes-{timezone.localdate():%Y-%m-%d}.pdf")


@require_POST
def posted(request, pk):
    _check(request)
    letter = get_object_or_404(Letter, pk=pk)
    code = request.POST.get("tracking_code", "").strip()
    if not code or len(code) > 30:
        messages.error(request, _("Enter the AR tracking code."))
    else:
        try:
            mark_posted(letter, code)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Letter marked as posted."))
    return redirect("supplier_letters:queue")


@require_POST
def delivered(request, pk):
    _check(request)
    letter = get_object_or_404(Letter, pk=pk)
    try:
        day = datetime.date.fromisoformat(request.POST.get("delivered_on", ""))
    except ValueError:
        day = None
    if day is None or day > timezone.localdate():
        messages.error(request, _("Enter the delivery date (not in the future)."))
        return redirect(f"{_queue_url()}?status={letter.status}")
    deadline = start_supplier_deadline_from_delivery(letter, day)
    if deadline:
        messages.success(
            request,
            _("Delivery recorded. The supplier must answer by %(date)s.")
            % {"date": deadline.strftime("%d/%m/%Y")},
        )
    else:
        messages.success(request, _("Delivery recorded."))
    return redirect(f"{_queue_url()}?status={Letter.Status.POSTED}")


def _queue_url():
    return reverse("supplier_letters:queue")
