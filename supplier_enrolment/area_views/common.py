"""What every view of the supplier area shares: the answer headers, the
decorator that finds who is acting, and the answer to too many attempts."""

from functools import wraps

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache

from .. import area


def no_store(response):
    response["Cache-Control"] = "private, no-store"
    # Same-origin only: no address of the area (a case, the set-password
    # link) leaks to another site, and forms still send their Origin (CSRF).
    response["Referrer-Policy"] = "same-origin"
    return response


def supplier_required(view):
    """The view runs with `request.supplier` (a SupplierActor) or sends the
    visitor to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.supplier = area.actor_for(request)
        if request.supplier is None:
            return redirect("supplier_area:login")
        return no_store(view(request, *args, **kwargs))

    return never_cache(wrapper)


def too_many(request):
    """429, for a client address past the area's limit of attempts."""
    response = TemplateResponse(
        request,
        "forms/too_many_requests.html",
        {"minutes": area.ATTEMPT_WINDOW_SECONDS // 60},
        status=429,
    )
    response["Retry-After"] = str(area.ATTEMPT_WINDOW_SECONDS)
    return response
