"""HTTP and session hardening shared by every part of the site.

- `ContentSecurityPolicyMiddleware`: django-csp's middleware with one policy for
  the public site (no inline script or style at all) and a wider one for the
  staff admin, whose templates still carry inline script and style (Wagtail's
  own). The wider policy applies only under `CSP_RELAXED_PATH_PREFIXES`.
- `SecurityHeadersMiddleware`: the headers Django has no setting for
  (Permissions-Policy).
- `SessionTimeoutMiddleware`: signs a user out after a period without requests
  (idle) and after a fixed time since login (absolute), whatever they do.
- `LoginLockoutBackend`: Django's ModelBackend behind django-axes' lockout check,
  for every login that passes the request to `authenticate()`, and behind a
  second lock on the username alone, whatever the address: django-axes locks a
  username and address pair after AXES_FAILURE_LIMIT failures, which someone
  trying from many addresses never reaches; LOGIN_USERNAME_FAILURE_LIMIT
  failures from anywhere lock the username for LOGIN_USERNAME_LOCK_MINUTES, and
  `account_locked` is sent once (the account's owner is told by e-mail).
"""

import time

from axes.backends import AxesStandaloneBackend
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal, receiver
from django.template.response import TemplateResponse

from core.http import client_address
from core.ratelimit import count, record

LOGIN_AT = "security.login_at"
SEEN_AT = "security.seen_at"
# Writing the session on every request would cost a write per page; the idle
# clock only needs minute precision.
SEEN_RESOLUTION = 60


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy everywhere except the staff admin's paths."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        prefixes = tuple(getattr(settings, "CSP_RELAXED_PATH_PREFIXES", ()))
        if not report_only and prefixes and request.path_info.startswith(prefixes):
            parts.replace = {**settings.CSP_RELAXED_DIRECTIVES, **(parts.replace or {})}
        elif not report_only and _is_preview(request):
            # The public page's own policy, but the editor's preview panel (a
            # same-origin frame in the admin) may show it.
            parts.replace = {"frame-ancestors": ["'self'"], **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if _is_preview(request):
            # Django's XFrameOptionsMiddleware (later in the list, so earlier on
            # the way out) said DENY; the admin's own frame must show it.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response


def _is_preview(request):
    """A page rendered for the admin's preview: Wagtail runs the middleware for a
    dummy request of the page's public address and flags it `is_dummy`."""
    return getattr(request, "is_dummy", False) is True


class SecurityHeadersMiddleware:
    """Headers with no Django setting of their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


@receiver(user_logged_in, dispatch_uid="security.session_login_time")
def remember_login_time(sender, request, user, **kwargs):
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT] = now
        session[SEEN_AT] = now


class SessionTimeoutMiddleware:
    """Sign out a session idle longer than SESSION_IDLE_TIMEOUT seconds, or older
    than SESSION_ABSOLUTE_TIMEOUT seconds since login. Place after
    AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.check(request)
        return self.get_response(request)

    def check(self, request):
        session = request.session
        now = int(time.time())
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if not isinstance(login_at, int) or not isinstance(seen_at, int):
            # A session from before these checks: start its clocks now.
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        idle = getattr(settings, "SESSION_IDLE_TIMEOUT", None)
        absolute = getattr(settings, "SESSION_ABSOLUTE_TIMEOUT", None)
        if (idle and now - seen_at > idle) or (absolute and now - login_at > absolute):
            auth.logout(request)  # flushes the session and sets an anonymous user
            return
        if now - seen_at >= SEEN_RESOLUTION:
            session[SEEN_AT] = now


def client_ip(request):
    """The client address for django-axes (None rather than an empty string)."""
    return client_address(request) or None


# Sent once when a username's failures from all addresses reach the limit:
# `username` as typed (normalised), `request`.
account_locked = Signal()
USERNAME_SCOPE = "login-username"


def _username_key(username):
    return (username or "").strip().lower()


def username_locked(username):
    """Whether failures for `username`, from any address, reached the limit."""
    limit = settings.LOGIN_USERNAME_FAILURE_LIMIT
    return bool(limit) and count(USERNAME_SCOPE, _username_key(username)) >= limit


@receiver(user_login_failed, dispatch_uid="security.count_username_failures")
def count_username_failure(sender, credentials, request=None, **kwargs):
    username = _username_key(credentials.get("username"))
    limit = settings.LOGIN_USERNAME_FAILURE_LIMIT
    if request is None or not username or not limit:
        return
    failures = record(USERNAME_SCOPE, username, period=settings.LOGIN_USERNAME_LOCK_MINUTES * 60)
    if failures == limit:
        account_locked.send(sender=LoginLockoutBackend, username=username, request=request)


class LoginLockoutBackend(AxesStandaloneBackend, ModelBackend):
    """Username and password, refused while django-axes has the attempt locked out.

    Every login form passes the request to `authenticate()` (Django's and
    Wagtail's login views do; so must any other login, e.g. the supplier area's),
    and those are the attempts counted and locked. A call without a request
    (a management command, a test's `client.login()`) has no client to count
    and goes straight to the password check.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username_locked(username):
            # django-axes' middleware answers with lockout_response() below.
            request.axes_locked_out = True
            request.axes_credentials = {"username": username}
            raise PermissionDenied
        if request is not None:
            # Raises AxesBackendPermissionDenied (a PermissionDenied, which
            # authenticate() turns into a failed login) while locked out.
            AxesStandaloneBackend.authenticate(self, request, username, password, **kwargs)
        kwargs.pop("response_context", None)
        return ModelBackend.authenticate(self, request, username, password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked sign-in (AXES_LOCKOUT_CALLABLE): a 429 page
    in Portuguese saying how long to wait."""
    if username_locked((credentials or {}).get("username")):
        minutes = settings.LOGIN_USERNAME_LOCK_MINUTES
    else:
        minutes = round(settings.AXES_COOLOFF_TIME * 60)
    response = TemplateResponse(request, "account_locked.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response.render()
