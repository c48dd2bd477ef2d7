"""Production: everything secret or machine-specific comes from the environment."""

import multiprocessing

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_int, env_list, private_storage_settings

DEBUG = False

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
# Previous keys, comma-separated, newest first: after a routine rotation they still
# verify sessions, password-reset tokens and signed links, and decrypt two-step
# secrets. Never list a key that leaked (docs/incident-response.md).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

# Behind a TLS-terminating proxy, set SECURE_PROXY_SSL_HEADER_NAME (usually
# HTTP_X_FORWARDED_PROTO) so Django knows the request was HTTPS.
_proxy_header = env("SECURE_PROXY_SSL_HEADER_NAME")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = (_proxy_header, "https")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": private_storage_settings(),
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Staff set up two-step sign-in before using the admin, unless turned off.
TWOFACTOR_REQUIRED_FOR_STAFF = env_bool("TWOFACTOR_REQUIRED_FOR_STAFF", True)

# Web processes per machine, as deploy/gunicorn.conf.py counts them.
WEB_WORKERS = env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
