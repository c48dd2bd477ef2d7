"""The access log: who read a case, downloaded a file or exported a list."""

from .models import AuditLogEntry

CASE_VIEW = "case.view"
ATTACHMENT_DOWNLOAD = "attachment.download"
EXPORT = "export"


def client_ip(request):
    # Behind the production proxy REMOTE_ADDR is the proxy; the deployment sets
    # it from X-Forwarded-For at the proxy, not here (a client could forge it).
    return request.META.get("REMOTE_ADDR") or None


def log(request, action, obj=None, detail=""):
    """Record `action` by the request's user on `obj` (identifiers only, never data)."""
    return AuditLogEntry.objects.create(
        user=request.user if request.user.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        ip_address=client_ip(request),
        detail=detail[:255],
    )
