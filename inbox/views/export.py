"""Export of the filtered case list (supervisors), audit-logged."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

from .. import audit, exports, listing, permissions


def export(request, fmt):
    user = request.user
    if not permissions.policy.user_has_permission(user, "export"):
        raise PermissionDenied
    if fmt not in ("csv", "xlsx"):
        raise Http404
    queryset, _ = listing.filtered(user, request.GET, request=request)
    personal = permissions.is_supervisor(user)
    # Filter names only: a search may hold a CPF, which the log must not keep.
    keys = sorted(key for key, value in request.GET.items() if value)
    audit.log(request, audit.EXPORT, detail=f"{fmt}; {', '.join(keys)}")
    filename = f"casos-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(queryset, personal), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    return FileResponse(
        exports.xlsx_file(queryset, personal),
        as_attachment=True,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
