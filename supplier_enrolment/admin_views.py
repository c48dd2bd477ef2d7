"""The print queue of letters to suppliers that have not enrolled: list, batch
PDF, posting (AR tracking code) and delivery date (which starts the deadline)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from inbox import permissions

from .letters import letters_for_printing, render_pdf
from .models import Letter
from .notices import mark_posted, no_address_message, start_supplier_deadline_from_delivery

PRINT_PERMISSION = "supplier_enrolment.print_letter"
MAX_BATCH = 500


def may_print(user):
    return permissions.is_case_staff(user) or (user.is_active and user.has_perm(PRINT_PERMISSION))


def _check(request):
    if not may_print(request.user):
        raise PermissionDenied


def queue(request):
    _check(request)
    status = request.GET.get("status") or Letter.Status.PENDING
    if status not in Letter.Status.values:
        status = Letter.Status.PENDING
    letters = (
        Letter.objects.filter(status=status)
        .select_related("case__submission", "supplier")
        .order_by("created_at", "pk")
    )
    context = {
        "letters": letters[:MAX_BATCH],
        "status": status,
        "statuses": Letter.Status.choices,
        "today": timezone.localdate(),
    }
    return TemplateResponse(request, "supplier_enrolment/admin/letter_queue.html", context)


def _pdf_response(letters, filename):
    response = HttpResponse(render_pdf(letters), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


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
    from django.urls import reverse

    return reverse("supplier_letters:queue")
