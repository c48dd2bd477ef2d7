"""Settings of the benchmark server: production settings plus what only the
benchmark needs (a minimal view, Wagtail's stock form page, plain HTTP on
loopback, no per-address rate limits: every simulated citizen comes from
127.0.0.1)."""

from procon.settings.production import *  # noqa: F403
from procon.settings.production import INSTALLED_APPS, PAGE_CACHE_EXCLUDED_PAGE_TYPES

ROOT_URLCONF = "bench.urls"
INSTALLED_APPS = [*INSTALLED_APPS, "bench.stockform"]
# The stock form is measured as Wagtail serves it, without our page cache.
PAGE_CACHE_EXCLUDED_PAGE_TYPES = [*PAGE_CACHE_EXCLUDED_PAGE_TYPES, "stockform.StockFormPage"]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

FORMS_RATE_LIMIT_STEPS = "100000000/60"
FORMS_RATE_LIMIT_SUBMITS = "100000000/60"
FORMS_RATE_LIMIT_STEPS_ADDRESS = "100000000/60"
FORMS_RATE_LIMIT_SUBMITS_ADDRESS = "100000000/60"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
