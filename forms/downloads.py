"""Serving attachments: permission checked, logged, never rendered by the browser."""

import uuid

from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.cache import never_cache

from core import storage
from core.http import client_address

from . import access
from .models import Attachment, AttachmentAccess


def log(request, attachment, via, action):
    AttachmentAccess.objects.create(
        attachment=attachment,
        attachment_ref=str(attachment.pk),
        user=request.user if request.user.is_authenticated else None,
        via=via,
        action=action,
        ip=client_address(request) or None,
    )


def serve(attachment):
    response = FileResponse(
        storage.open_file(attachment.storage_name),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def staff_download(request, pk):
    """For signed-in users: staff, and whoever a registered hook allows."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
    attachment = Attachment.objects.filter(pk=pk, submission__isnull=False).first()
    if attachment is None:
        raise Http404
    via = access.access_for(request.user, attachment)
    if via is None:
        log(request, attachment, "user", AttachmentAccess.Action.DENIED)
        raise Http404
    log(request, attachment, via, AttachmentAccess.Action.DOWNLOAD)
    return serve(attachment)


@never_cache
def citizen_download(request, token):
    """A signed, short-lived link issued to the citizen who proved protocol and code."""
    found = access.read_citizen_token(token)
    if found is None:
        raise Http404
    attachment_id, submission_id = found
    try:
        attachment_id = uuid.UUID(attachment_id)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    attachment = Attachment.objects.filter(pk=attachment_id, submission_id=submission_id).first()
    if attachment is None:
        raise Http404
    log(request, attachment, access.CITIZEN, AttachmentAccess.Action.DOWNLOAD)
    return serve(attachment)
