"""Gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py`.

Run from the repository root. Every value can be overridden from the
environment (GUNICORN_*) or on the command line; see docs/deployment.md.
"""

import multiprocessing
import os


def _int(name, default):
    value = os.environ.get(name, "")
    return int(value) if value else default


# The Django project package lives in site/ (not a package itself: `site` is a
# standard-library module name).
pythonpath = "site"
wsgi_app = "procon.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: pages are CPU-bound (templates) with short database waits, and the
# page cache answers most anonymous requests in well under a millisecond. One
# worker per core plus one keeps the CPUs busy while a worker waits on PostgreSQL.
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1)
worker_class = "sync"
# A worker that takes longer than this on one request is restarted; uploads of up
# to 30 MB on a slow phone are buffered by the reverse proxy (nginx), not here.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
keepalive = 5
# Restart workers now and then so a slow leak never grows; the jitter keeps them
# from restarting together.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 500)
# Load the application before forking: workers share its memory and a broken
# deployment fails at start, not on the first request.
preload_app = True
# Request bodies are limited by Django and the proxy; headers here.
limit_request_line = 8190
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None  # "-" for stdout
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Gunicorn's control socket has one default path per user; several servers on one
# machine would share it. Off unless a path is given.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
