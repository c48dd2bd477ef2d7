"""What every view of the supplier area shares: the decorator that finds who is
acting (its answers are private, `core.http.private`), and the answer to too many
attempts."""

from functools import wraps

from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from core.http import private, too_many_requests

from .. import area


def supplier_required(view):
    """The view runs with `request.supplier` (a SupplierActor) or sends the
    visitor to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.supplier = area.actor_for(request)
        if request.supplier is None:
            return redirect("supplier_area:login")
        return private(view(request, *args, **kwargs))

    return never_cache(wrapper)


def too_many(request):
    """429, for a client address past the area's limit of attempts."""
    return too_many_requests(request, area.ATTEMPT_WINDOW_SECONDS)
