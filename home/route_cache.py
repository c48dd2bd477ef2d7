"""Remember which page answers which address, between requests.

Wagtail finds the page for an address by walking the page tree from the site's
home page: a query for the site, then one or two per level (the child, then its
specific type). This middleware keeps, per site and path, the site and the id
and type of the page that answered, and hands Wagtail's ``serve`` view that page
(fetched fresh, in one query) as the route it would have found.

It is safe because the page is always read again: a page unpublished, expired
or given another address since is refused (Wagtail's own ``route`` checks the
page is live; the entry checks the page's address is the one remembered) and
the address is then routed the normal way. Entries also carry the page cache's
generation (``home.page_cache``), which changes when pages are published,
moved or deleted, view restrictions or sites change. Only routes to pages that
answered 200 to a GET are kept (a POST to the same address, such as a form
step, uses them), with whether the page had any view restriction (so that
Wagtail's check of them needs no query for a public page).
"""

from django.contrib.contenttypes.models import ContentType
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
        key = f"route:1:{page_cache.request_generation(request)}:{request.get_host()}:{path}"
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
        entry = (site, root_path, page.content_type_id, page.pk, page.url_path, public)
        page_cache._cache().set(key, entry, ROUTE_CACHE_SECONDS)
        return response

    def use(self, request, path, entry):
        """Route the request to the remembered page; False when it no longer answers."""
        site, root_path, content_type_id, page_id, url_path, public = entry
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            return False
        # By primary key: no ordering to compile (first() would add one).
        page = next(iter(model.objects.filter(pk=page_id).order_by()), None)
        if page is None or page.url_path != url_path:
            return False
        own = path_components(url_path[len(root_path) :])
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
