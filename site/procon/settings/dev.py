"""Local development: debug on, emails printed to the console."""

from .base import *  # noqa: F403
from .base import env, env_int

DEBUG = True
# A development-only key; production refuses to start without SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
INTERNAL_IPS = ["127.0.0.1"]
# Static files come from the finders; there is no collected STATIC_ROOT here.
STATIC_ROOT = None
# Template edits show at once: no rendered fragments kept (Django's {% cache %},
# see home/context_processors.py); FRAGMENT_CACHE_SECONDS=600 to try them.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 0)
