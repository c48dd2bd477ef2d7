"""Errors as problem details (RFC 9457, ``application/problem+json``).

Every error the API answers has ``type``, ``title``, ``status`` and ``detail``
in Portuguese; a form that did not validate adds ``errors`` ({field key:
[messages]}, the web's own messages) and the step it is about. `install`
registers the handlers on the NinjaAPI so that the framework's own errors
(unknown address, bad JSON, missing parameter, missing key) read the same way.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

# Raised by operations, answered by `response`; in core so that every app's
# operations (and the site's error pages for /api/) can use them.
from core.problems import CONTENT_TYPE, TITLES, TYPE_BASE, Problem, response  # noqa: F401


def _problem(request, exc):
    return response(exc.status, exc.detail, slug=exc.slug, headers=exc.headers, **exc.extra)


def _validation(request, exc):
    # The request did not match the documented shape (JSON, types, parameters).
    errors = {}
    for error in exc.errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body",))
        errors.setdefault(where or "corpo", []).append(error.get("msg", ""))
    return response(
        422, _("The request does not have the documented shape."), slug="formato", errors=errors
    )


def _authentication(request, exc):
    return response(
        401,
        _("Send the app's key in the X-Api-Key header."),
        slug="chave",
        headers={"WWW-Authenticate": 'ApiKey header="X-Api-Key"'},
    )


def _http_error(request, exc):
    return response(exc.status_code, exc.message)


def _not_found(request, exc):
    return response(404, _("Nothing here: check the address."), slug="nao-encontrado")


def install(api):
    api.add_exception_handler(Problem, _problem)
    api.add_exception_handler(ValidationError, _validation)
    api.add_exception_handler(AuthenticationError, _authentication)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
