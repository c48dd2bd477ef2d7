"""Test runs: fast hashing, in-memory email, immediate tasks."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, STORAGES, env

SECRET_KEY = "test-only-key"  # noqa: S105 - tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# One marker per test process: parallel workers do not purge each other's pages.
PAGE_CACHE_GENERATION_FILE = BASE_DIR / "var" / f"page-cache-generation-{os.getpid()}"
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(BASE_DIR / "var" / "test-private")},
    },
}
# Generous limits: the suite posts many steps from one address; tests of the
# limits themselves set their own.
FORMS_RATE_LIMIT_STEPS = "100000/60"
FORMS_RATE_LIMIT_SUBMITS = "100000/60"
FORMS_RATE_LIMIT_STEPS_ADDRESS = "100000/60"
FORMS_RATE_LIMIT_SUBMITS_ADDRESS = "100000/60"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the finders; there is no collected STATIC_ROOT here.
STATIC_ROOT = None

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not shared-cache memory: concurrent submits and the browser tests'
    # live server need real SQLite locking.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test-db.sqlite3")}
elif env("TEST_DATABASE_NAME"):
    # A fixed name for the PostgreSQL test database (default: "test_" + NAME).
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME")}
