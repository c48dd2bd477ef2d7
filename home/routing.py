"""Which page answers an address, remembered between requests.

Wagtail finds the page for an address by walking the page tree from the site's
home page: a query for the site, then two per level (the child, then its specific
type), then two more for the view restrictions of the page and its ancestors. On
an uncached guidance page that was 8 of its 8 queries and most of its time.

``home.views.serve`` is Wagtail's page-serving view (``wagtail.views.serve``)
with one difference: the route it finds for a GET that answered 200 is kept in Django's
cache, under the page cache's generation (``home.page_cache``), per host, language
and path. The next request for the address takes the page from there (its
specific instance as routing found it, pickled before it served anything, about
5 kB) and asks it to route the rest of the path itself, which a routable page
(form steps, topic pages) does without the database. Wagtail's hooks run as they
do in its own view, its view-restriction check included: a page that had no view
restriction on itself or above it when its route was kept answers that check
without a query (`RoutedPageMixin`).

Safe because the generation changes whenever what a visitor may see of a page
changes: a page published, unpublished (by an editor or by the scheduled
unpublishing), moved or deleted, a view restriction or a site changed
(``home/apps.py``). Saving a draft changes nothing live and keeps the entry.

Only Wagtail's public API is used: the view is mapped before Wagtail's own URL
patterns (``procon/urls.py``), misses go through ``Page.route_for_request``, and
``Page.get_view_restrictions`` is overridden by the mixin.
``tests/services/test_routing.py`` pins the behaviour of Wagtail's view this one
repeats, so an upgrade that changes it fails there. ``ROUTE_CACHE_SECONDS = 0``
turns it off: every request then routes through Wagtail as it ships.
"""

import pickle

from django.conf import settings
from django.http import Http404
from django.utils import translation
from wagtail.models import Page, PageViewRestriction, Site

from . import page_cache

# Form steps are posted to the address their GET answered: the route kept by the
# GET serves the POST too. Only GET and HEAD answers keep a route.
ROUTED_METHODS = ("GET", "HEAD", "POST")
KEPT_METHODS = ("GET", "HEAD")


def seconds():
    """How long a route is kept (0: not at all)."""
    return getattr(settings, "ROUTE_CACHE_SECONDS", 0)


def path_components(path):
    return [component for component in path.split("/") if component]


class RoutedPageMixin:
    """For every page model of the site: a page served from a kept public route
    answers Wagtail's view-restriction check without a query, and a page routed
    afresh remembers what that check found, for `find_route` to keep. Its
    address keeps an English or Spanish reader in their language
    (``home.i18n.localized_url_parts``)."""

    #: Set by `find_route` on a page taken from a kept public route, never stored.
    route_known_public = False

    def get_url_parts(self, request=None):
        from .i18n import localized_url_parts

        return localized_url_parts(self, super().get_url_parts(request))

    def get_view_restrictions(self):
        if self.route_known_public:
            return PageViewRestriction.objects.none()
        self.checked_view_restrictions = super().get_view_restrictions()
        return self.checked_view_restrictions


def find_route(request, path):
    """``(route, keep)``: Wagtail's route for this request (None for none), and a
    function that keeps it for later requests (None when it must not be kept)."""
    timeout = seconds()
    if not timeout or request.method not in ROUTED_METHODS:
        return Page.route_for_request(request, path), None
    cache = page_cache.backend()
    key = f"route:{request.get_host()}:{translation.get_language()}:{path}"
    version = page_cache.request_generation(request)
    entry = cache.get(key, version=version)
    if entry is not None:
        route = _from_entry(request, path, entry)
        if route is not None:
            return route, None
    # Pickled now, before the page serves anything and collects what it computes.
    route = Page.route_for_request(request, path)
    if route is None or request.method not in KEPT_METHODS:
        return route, None
    page = route[0]
    site = Site.find_for_request(request)
    stored = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
    consumed = page.depth - site.root_page.depth

    def keep():
        # What Wagtail's check found while the page served (its query set holds
        # the rows it read), or, for a page without the mixin, a new look.
        restrictions = getattr(page, "checked_view_restrictions", None)
        if restrictions is None:
            restrictions = page.get_view_restrictions()
        public = not restrictions
        cache.set(key, (stored, consumed, public), timeout, version=version)

    return route, keep


def _from_entry(request, path, entry):
    """The route a kept entry gives for this request, or None if it gives none."""
    stored, consumed, public = entry
    page = pickle.loads(stored)  # noqa: S301 (our own cache, as Django's cache unpickles)
    try:
        page, args, kwargs = page.route(request, path_components(path)[consumed:])
    except Http404:
        return None
    page.route_known_public = public
    return page, args, kwargs
