"""Abuse protection for public forms, without CAPTCHA: a honeypot field, rate
limits per browser and per client address in the shared cache, and clear pages
when refused."""

import logging

from django.conf import settings
from django.core.exceptions import TooManyFilesSent
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from core import problems
from core.http import client_address
from core.ratelimit import hit, parse_rate

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "website"


def over_limit(request, name: str) -> int | None:
    """Count this request against the limits `name` ("steps" or "submits"); the
    seconds to wait when one is over, else None.

    Two counts. Per browser (FORMS_RATE_LIMIT_<NAME>), keyed on the CSRF cookie
    every accepted form post carries: one person's pace. Per client address
    (FORMS_RATE_LIMIT_<NAME>_ADDRESS), much higher: Brazilian mobile carriers put
    whole neighbourhoods behind one address (carrier-grade NAT), so the address
    limit only stops a flood from one machine, whose cookies it may throw away.
    """
    upper = name.upper()
    counts = [
        (f"forms-{name}-address", client_address(request), f"FORMS_RATE_LIMIT_{upper}_ADDRESS")
    ]
    browser = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if browser:
        counts.append((f"forms-{name}-browser", browser, f"FORMS_RATE_LIMIT_{upper}"))
    wait = None
    for scope, identity, setting in counts:
        hits, seconds = parse_rate(getattr(settings, setting))
        if not hit(scope, identity, limit=hits, period=seconds):
            logger.warning("rate limit %s reached on %s", setting, request.path)
            wait = max(wait or 0, seconds)
    return wait


def honeypot_filled(request) -> bool:
    """A bot filled the field humans never see."""
    filled = bool(request.POST.get(HONEYPOT_FIELD, "").strip())
    if filled:
        logger.info("honeypot filled on %s", request.path)
    return filled


class UploadLimitsMiddleware:
    """Turn Django's refusal of too many files in one request into a clear page.

    Django raises TooManyFilesSent (a 400 with a bare page) when a request has
    more than DATA_UPLOAD_MAX_NUMBER_FILES files; this reads the request body
    first, before the CSRF check would, and answers with a page in Portuguese.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 - parses the body, files included
            except TooManyFilesSent:
                if problems.for_api(request):
                    return problems.response(
                        400,
                        gettext("Send at most %(limit)s files in one request.")
                        % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
                        slug="arquivos-demais",
                    )
                return TemplateResponse(
                    request,
                    "forms/too_many_files.html",
                    {
                        "limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES,
                        "back_url": request.path,
                    },
                    status=400,
                ).render()
        return self.get_response(request)
