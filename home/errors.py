"""Error answers in Portuguese: 400, 403 (CSRF included), 413, 500, and 503 when
the database cannot be reached.

The 403 pages use the site's layout. The 400, 413, 500 and 503 pages are
standalone templates rendered without context processors, so they render even
with the database down or a Host header the site refuses. A database that cannot be reached is a
temporary outage, not a bug: it gets a 503 with Retry-After, which tells
browsers, crawlers and the state app to come back, and monitoring to page
someone rather than file a bug.
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import permission_denied as django_permission_denied

from core import problems

logger = logging.getLogger(__name__)

# The database unreachable, a connection dropped, a lock not granted in time:
# transient. A programming error in SQL (ProgrammingError, IntegrityError) stays a 500.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)


def retry_after_seconds():
    return getattr(settings, "SERVICE_UNAVAILABLE_RETRY_AFTER", 60)


def _standalone(template_name, status, **headers):
    response = HttpResponse(loader.get_template(template_name).render(), status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def service_unavailable(request=None):
    headers = {"Retry-After": str(retry_after_seconds())}
    if problems.for_api(request):
        return problems.response(
            503,
            _("The service is unavailable for a moment. Try again in a minute."),
            slug="indisponivel",
            headers=headers,
        )
    return _standalone("503.html", 503, **headers)


def request_too_large(limit_mb, request=None):
    if problems.for_api(request):
        return problems.response(
            413,
            _("The request is larger than %(limit)s MB.") % {"limit": limit_mb},
            slug="grande-demais",
        )
    return HttpResponse(loader.get_template("413.html").render({"limit_mb": limit_mb}), status=413)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if isinstance(sys.exc_info()[1], UNAVAILABLE_ERRORS):
        return service_unavailable(request)
    if problems.for_api(request):
        return problems.response(
            500, _("Something went wrong on our side. Try again later."), slug="erro-interno"
        )
    return _standalone(template_name, 500)


def bad_request(request, exception, template_name="400.html"):
    # Standalone: a bad Host header would fail again in the site's layout.
    return _standalone(template_name, 400)


@requires_csrf_token
def permission_denied(request, exception, template_name="403.html"):
    return django_permission_denied(request, exception, template_name)


def csrf_failure(request, reason=""):
    """The form was sent from a page kept open too long, or cookies are off."""
    logger.info("CSRF failure on %s: %s", request.path, reason)
    template = loader.get_template("403_csrf.html")
    return HttpResponse(template.render({"back_url": request.path}, request), status=403)


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is over MAX_REQUEST_BODY_MB before
    anything reads it (the CSRF check, the upload parser).

    The reverse proxy has its own limit (nginx's client_max_body_size); this one
    holds when the proxy's is missing or larger. Bodies without a declared length
    are not read by Django at all.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit_mb = settings.MAX_REQUEST_BODY_MB
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit_mb and length > limit_mb * 1024 * 1024:
            logger.warning("request body of %d bytes refused on %s", length, request.path)
            response = request_too_large(limit_mb, request)
            response["Connection"] = "close"  # the unread body is not for the next request
            return response
        return self.get_response(request)
