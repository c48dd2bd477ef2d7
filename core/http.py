"""Answers every app gives the same way: who is asking (the client address
behind our proxy), a personal answer nobody keeps, and "too many attempts"."""

import ipaddress
import logging

from django.conf import settings
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)


def client_address(request):
    """The client's address, as the web server or the trusted proxy saw it.

    With ``settings.CLIENT_IP_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) the last
    address of that header is used: the one our own proxy appended, which a
    client cannot forge; earlier entries can be anything a client sent.
    "REMOTE_ADDR" declares that clients connect directly (no proxy).

    A header value that is not an IP address (a misconfigured proxy, or a header
    the proxy passes through from the client) is logged, and the socket's
    address is used instead: a request is never refused for it.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", None)
    socket_address = request.META.get("REMOTE_ADDR", "")
    if not header or header == "REMOTE_ADDR" or not request.META.get(header):
        return socket_address
    value = request.META[header].split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        logger.warning(
            "%s is not an IP address (%r); using the socket address %s",
            header,
            value[:64],
            socket_address,
        )
        return socket_address


def private(response):
    """A personal answer (a case, a file, a sign-in page): no cache keeps it, and
    no other site learns its address. Same-origin rather than no-referrer: our own
    forms keep their Origin header (a "no-referrer" page posts with Origin: null,
    which fails the CSRF check)."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def too_many_requests(request, seconds, template="too_many_requests.html"):
    """429, with Retry-After and a page that says how many minutes to wait."""
    response = TemplateResponse(
        request, template, {"minutes": max(1, round(seconds / 60))}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
