"""WSGI entry point. Run with `gunicorn --pythonpath site procon.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procon.settings.production")

application = get_wsgi_application()
