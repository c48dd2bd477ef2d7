"""Remember which page answers which address, between requests.

Wagtail finds the page for an address by walking the page tree from the site's
home page: a query for the site, then one or two per level (the child, then its
specific type). This middleware keeps, per site and path, the site and the page
that answered (its specific instance as the database had it, about 5 kB
pickled), and hands Wagtail's ``serve`` view that page as the route it would
have found, without a query: reading the page again cost 0.8 ms of a 2.7 ms
uncached guidance page, unpickling it costs 0.02 ms.

It is safe because every entry carries the page cache's generation
(``home.page_cache``), which changes whenever what a visitor may see of a page
changes: a page published, unpublished (by an editor or by the scheduled
unpublishing), moved or deleted, a view restriction or a site changed. Saving a
draft changes nothing live and keeps the entry. Entries expire after
ROUTE_CACHE_SECONDS whatever happens. Only routes to pages that answered 200 to
a GET are kept (a POST to the same address, such as a form step, uses them),
with whether the page had any view restriction (so that Wagtail's check of them
needs no query for a public page). Each request gets its own copy of the page.
"""

from django.http import Http404
from django.utils.deprecation import MiddlewareMixin
from wagtail import views as wagtail_views
from wagtail.models import PageViewRestriction

from home import page_cache

ROUTE_CACHE_SECONDS = 600
# Form posts (a form page's steps) reuse the route a GET of the same address
# kept; only GET and HEAD answers keep one.
ROUTED_METHODS = ("GET", "HEAD", "POST")
KEPT_METHODS = ("GET", "HEAD")


def path_components(path):
    return [component for component in path.split("/") if component]


class RouteCacheMiddleware(MiddlewareMixin):
    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve or request.method not in ROUTED_METHODS:
            return None
        if hasattr(request, "_wagtail_route_for_request"):
            return None
        path = view_kwargs.get("path", view_args[0] if view_args else "")
        cache = page_cache._cache()
        key = f"route:2:{page_cache.request_generation(request)}:{request.get_host()}:{path}"
        entry = cache.get(key)
        if entry is not None and self.use(request, path, entry):
            return None
        if request.method in KEPT_METHODS:
            request._route_cache_key = key  # kept once the page has answered (below)
        return None

    def process_response(self, request, response):
        key = getattr(request, "_route_cache_key", None)
        route = getattr(request, "_wagtail_route_for_request", None)
        # Only pages that answered: an address a routable page accepts but whose
        # view then finds nothing (an unknown topic) must not fill the cache.
        if key is None or route is None or response.status_code != 200:
            return response
        page = route[0]
        site = request._wagtail_site
        public = not page.get_view_restrictions().exists()
        root_path = site.root_page.url_path
        # A clean copy, as the database has it: the instance that served this
        # request carries what the request added to it.
        stored = type(page).objects.filter(pk=page.pk).order_by("pk").first()
        if stored is None:
            return response
        entry = (site, root_path, stored, public)
        page_cache._cache().set(key, entry, ROUTE_CACHE_SECONDS)
        return response

    def use(self, request, path, entry):
        """Route the request to the remembered page; False when it no longer answers."""
        site, root_path, page, public = entry
        own = path_components(page.url_path[len(root_path) :])
        components = path_components(path)
        if components[: len(own)] != own:
            return False
        try:
            route = page.route(request, components[len(own) :])
        except Http404:
            return False
        if public:
            # No view restriction on the page or above it when the entry was made,
            # and adding one changes the generation: Wagtail's check need not ask
            # the database again.
            page.get_view_restrictions = PageViewRestriction.objects.none
        request._wagtail_site = site
        request._wagtail_route_for_request = route
        return True
