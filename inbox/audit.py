"""The access log: who read a case, downloaded a file or exported a list."""

from home.ratelimit import client_address

from .models import AuditLogEntry

CASE_VIEW = "case.view"
ATTACHMENT_DOWNLOAD = "attachment.download"
EXPORT = "export"


def log(request, action, obj=None, detail=""):
    """Record `action` by the request's user on `obj` (identifiers only, never data)."""
    return AuditLogEntry.objects.create(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_address(request) or None,
        detail=detail[:255],
    )
