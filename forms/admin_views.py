"""Admin report "Envios de e-mail com falha": emails not (yet) delivered, with a
"send again" button. Case staff (procon_forms.view_submission) only."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from . import outbox
from .access import STAFF_PERMISSION
from .models import OutboundEmail


def _check(request):
    if not request.user.has_perm(STAFF_PERMISSION):
        raise PermissionDenied


def failed_emails(request):
    _check(request)
    emails = (
        OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT)
        .filter(attempts__gt=0)
        .select_related("submission")
        .order_by("status", "-created_at")[:200]
    )
    return TemplateResponse(request, "forms/admin/failed_emails.html", {"emails": emails})


@require_POST
def retry_email(request, pk):
    _check(request)
    email = get_object_or_404(
        OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT), pk=pk
    )
    outbox.retry(email)
    messages.success(request, gettext("The email to %(to)s will be sent again.") % {"to": email.to})
    return redirect("procon_forms_failed_emails")
