"""Whole-page cache for anonymous visitors of content pages.

A campaign on TV can send thousands of people to the same few guidance pages in
minutes; a rendered page kept in the cache is served without touching the
database. What is stored, and for whom:

- only Wagtail pages whose type is not in ``PAGE_CACHE_EXCLUDED_PAGE_TYPES``
  (form pages: their steps hold a citizen's answers), marked by the
  ``before_serve_page`` hook in ``home/wagtail_hooks.py``; never a path under
  ``PAGE_CACHE_EXCLUDED_PATHS`` (admin, tracking, supplier area, attachments);
- only GET answers 200 to a request without a query string and without cookies
  other than the CSRF cookie: a session (editors, messages), a draft or any other
  cookie means the page may be someone's own;
- never an answer that sets a cookie other than the CSRF cookie or says
  ``Cache-Control: private``, ``no-cache`` or ``no-store``.

A page with a form carries a CSRF token: the token is stored as a placeholder and
each visitor gets their own in its place (the CSRF middleware, outside this one,
sets the matching cookie).

Purging: every key carries a generation that `purge()` changes when an editor
publishes, unpublishes, moves or deletes a page, changes what all pages show
(site settings, topics) or edits or deletes an image or a document. With a
shared cache (Redis) the generation is a key in it; with the per-process
local-memory cache it is a marker file that every worker on the machine reads
(one ``stat`` per request), so no worker keeps serving a page after it changed.
"""

import logging
import os
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)
GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")([A-Za-z0-9]{64})(")')
CSRF_PLACEHOLDER = b"@@page-cache-csrf-token@@"
UNCACHEABLE_CONTROL = ("private", "no-cache", "no-store")


def seconds():
    """How long a page stays cached (0 turns the page cache off)."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 0)


def backend():
    """The cache that keeps pages, routes and the generation."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def _marker():
    return Path(settings.PAGE_CACHE_GENERATION_FILE)


def _shared(cache):
    return not isinstance(cache, LocMemCache)


def generation(cache=None):
    """The current generation; part of every key, so changing it purges all pages."""
    cache = cache or backend()
    if _shared(cache):
        return counter(cache, GENERATION_KEY)
    try:
        stat = os.stat(_marker())
    except FileNotFoundError:
        return "0"
    return f"{stat.st_ino}.{stat.st_mtime_ns}"


def counter(cache, key):
    """A generation kept in `cache` under `key`. Never set, or evicted: a fresh
    random one, so that nothing stored under an earlier value can come back."""
    value = cache.get(key)
    if value is None:
        cache.add(key, secrets.randbelow(2**62), None)
        value = cache.get(key)
    return value


def advance(cache, key):
    """Change the generation under `key` (what was stored under it is forgotten)."""
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, secrets.randbelow(2**62), None)


def request_generation(request):
    """The generation for this request, read once (the page cache, the fragment
    cache and the route cache all key on it)."""
    try:
        return request._page_cache_generation
    except AttributeError:
        request._page_cache_generation = generation()
        return request._page_cache_generation


def purge(**_signal_kwargs):
    """Forget every cached page at once, in every worker.

    Connected to Wagtail's publish, unpublish and move signals and to changes of
    what every page shows; safe to call from anywhere (it accepts signal kwargs).

    Inside a transaction (Wagtail publishes in one) it purges now and again once
    the change is committed: a visitor served between the two would otherwise
    have the old page stored under the new generation.
    """
    _new_generation()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_new_generation)


def _new_generation():
    cache = backend()
    if _shared(cache):
        advance(cache, GENERATION_KEY)
        return
    marker = _marker()
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        # A new file replacing the old one: readers see either, never half of one.
        temporary = marker.with_name(f"{marker.name}.{os.getpid()}.{secrets.token_hex(4)}")
        temporary.write_text(secrets.token_hex(8))
        os.replace(temporary, marker)
    except OSError:
        # Publishing must not fail for this; cached pages then expire on their own.
        logger.exception("Could not purge the page cache through %s", marker)


def allow(request, page):
    """Called for every Wagtail page served: may this page's answer be stored?"""
    excluded = getattr(settings, "PAGE_CACHE_EXCLUDED_PAGE_TYPES", ())
    request.page_cache_allowed = page._meta.label not in excluded


class AnonymousPageCacheMiddleware:
    """Serves and stores whole pages for anonymous visitors (see the module docstring).

    Sits right inside CsrfViewMiddleware: a cached page that needs a CSRF token
    gets the visitor's own, and the CSRF middleware sets its cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.excluded_paths = tuple(getattr(settings, "PAGE_CACHE_EXCLUDED_PATHS", ()))
        self.csrf_cookie = settings.CSRF_COOKIE_NAME

    def __call__(self, request):
        timeout = seconds()
        if not timeout or not self.may_serve_cached(request):
            return self.get_response(request)
        cache = backend()
        key = f"pagecache:{request_generation(request)}:{request.get_host()}:{request.path}"
        entry = cache.get(key)
        if entry is not None:
            return self.from_entry(request, entry)
        response = self.get_response(request)
        if request.method == "GET":
            entry = self.entry(request, response)
            if entry is not None:
                cache.set(key, entry, timeout)
                response[HEADER] = "miss"
        return response

    def may_serve_cached(self, request):
        return (
            request.method in ("GET", "HEAD")
            and not request.META.get("QUERY_STRING")
            and not request.path.startswith(self.excluded_paths)
            and all(name == self.csrf_cookie for name in request.COOKIES)
        )

    def entry(self, request, response):
        """What to keep of this answer, or None when it must not be kept."""
        if not getattr(request, "page_cache_allowed", False):
            return None
        if response.status_code != 200 or response.streaming:
            return None
        control = response.get("Cache-Control", "")
        if any(word in control for word in UNCACHEABLE_CONTROL):
            return None
        if any(name != self.csrf_cookie for name in response.cookies):
            return None
        content = response.content
        uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
        if uses_csrf:
            content, found = CSRF_INPUT.subn(rb"\1" + CSRF_PLACEHOLDER + rb"\3", content)
            secret = request.META.get("CSRF_COOKIE", "").encode()
            if not found or (secret and secret in content):
                return None  # a token somewhere we cannot replace it: not shared
        headers = [
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("set-cookie", "content-length")
        ]
        return (content, headers, uses_csrf)

    def from_entry(self, request, entry):
        content, headers, uses_csrf = entry
        if uses_csrf:
            content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response
