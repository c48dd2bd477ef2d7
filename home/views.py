from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import hooks

from . import i18n
from .routing import find_route


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def serve(request, path):
    """Wagtail's ``wagtail.views.serve``, finding the page through
    `home.routing.find_route` (routes kept between requests)."""
    route, keep = find_route(request, path)
    if route is None:
        # An English or Spanish address of a page not translated yet: the
        # Portuguese page, with a notice (home/i18n.py).
        route, keep = i18n.portuguese_route(request, path), None
    if route is None:
        raise Http404
    page, args, kwargs = route

    def serve_chain(page, request, args, kwargs):
        return page.serve(request, *args, **kwargs)

    on_serve_chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        on_serve_chain = fn(on_serve_chain)

    for fn in hooks.get_hooks("before_serve_page"):
        result = fn(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result

    response = on_serve_chain(page, request, args, kwargs)
    if keep is not None and response.status_code == 200:
        # Only addresses that answered: one a routable page accepts but whose view
        # then finds nothing (an unknown topic) must not fill the cache.
        keep()
    return response
