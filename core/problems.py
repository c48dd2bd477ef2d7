"""An error to answer as problem details (RFC 9457, ``application/problem+json``).

Raised by any app's API operations, whichever layer the app sits in; the API
(`api.problems`) turns it into the answer: ``type`` (from `slug`), ``title``,
``status``, ``detail`` and any extra members, such as ``errors``.
`response` builds such an answer; the site's own error answers (a body too
large, a server error, the database down) use it for addresses under /api/.
"""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy

API_PATH_PREFIX = "/api/"


def for_api(request) -> bool:
    """Whether `request` is a call to the API (answered with problem details)."""
    return request is not None and request.path.startswith(API_PATH_PREFIX)


class Problem(Exception):
    """Raise to answer with a problem; `slug` names its type (e.g. "rascunho-expirado")."""

    def __init__(self, status, detail, *, slug=None, headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = str(detail)
        self.slug = slug or str(status)
        self.headers = headers or {}
        self.extra = extra


CONTENT_TYPE = "application/problem+json"
# Problem types are tag URIs (RFC 4151): stable names, not addresses to fetch;
# docs/api.md lists them.
TYPE_BASE = "tag:procon.mt.gov.br,2026:api/problema/"

TITLES = {
    400: gettext_lazy("Bad request."),
    401: gettext_lazy("Not authenticated."),
    403: gettext_lazy("Not allowed."),
    404: gettext_lazy("Not found."),
    405: gettext_lazy("Method not allowed."),
    409: gettext_lazy("Conflict."),
    410: gettext_lazy("Gone."),
    413: gettext_lazy("Too large."),
    422: gettext_lazy("Invalid data."),
    429: gettext_lazy("Too many requests."),
}


def response(status, detail, *, slug=None, headers=None, **extra):
    body = {
        "type": TYPE_BASE + (slug or str(status)),
        "title": str(TITLES.get(status, gettext_lazy("Error."))),
        "status": status,
        "detail": str(detail),
        **extra,
    }
    answer = JsonResponse(
        body, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer
