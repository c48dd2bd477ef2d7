"""Settings shared by every environment.

Everything that differs between machines comes from the environment; see
README.md ("Configuration") for the list.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Repository root: site/procon/settings/base.py -> parents[3]
BASE_DIR = Path(__file__).resolve().parents[3]


def env(name, default=None):
    """A string from the environment, or `default` when unset or empty."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), not {value!r}.")


def env_int(name, default):
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}.") from exc


def env_list(name, default=()):
    value = env(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "core",
    "home",
    "services",
    "forms.apps.FormsConfig",
    "inbox",
    "tracking",
    "supplier_enrolment",
    "transparency",
    "privacy",
    "twofactor",
    "identity",
    "api",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # Translations of pages: editors translate from Portuguese and sync changes.
    "wagtail_localize",
    "wagtail_localize.locales",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # Bootstrap's CSS and JS as static files (django-bootstrap-static)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
    # The API's framework; listed so its docs page uses the site's static files.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "home.security.SecurityHeadersMiddleware",
    "home.security.ContentSecurityPolicyMiddleware",
    # Before anything reads the body (CSRF, uploads): a Portuguese 413.
    "home.errors.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address: /en/ and /es/; everything else Portuguese.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "forms.abuse.UploadLimitsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Inside the CSRF middleware: a cached page with a form gets the visitor's token.
    "home.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "home.security.SessionTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
    "twofactor.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "procon.urls"
WSGI_APPLICATION = "procon.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.fragment_cache",
                "home.admin_sidebar.context",
                "identity.context_processors.signed_in",
            ],
        },
    },
]

# Database: SQLite file by default, anything dj-database-url understands when
# DATABASE_URL is set (e.g. postgres://user@127.0.0.1:5432/procon).
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        # Persistent connections: a new PostgreSQL connection per request costs
        # more than rendering most pages. 0 closes them after each request.
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers queue for the lock instead of failing with "database is locked";
    # WAL lets pages be read while a submit is being written.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless REDIS_URL is set.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "procon",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2_000},
        }
    }

# Whole pages for anonymous visitors (home/page_cache.py), purged when an editor
# publishes, unpublishes or moves a page. 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# With the local-memory cache, the file whose change tells every worker on this
# machine that the cached pages are stale.
PAGE_CACHE_GENERATION_FILE = Path(
    env("PAGE_CACHE_GENERATION_FILE", BASE_DIR / "var" / "page-cache-generation")
)
# Rendered parts of pages (header, footer, page bodies: Django's {% cache %} with
# home/context_processors.py) kept between requests for everyone, purged with the
# page cache. 0 turns it off.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", 600)
# Which page answers which address (home/routing.py), kept between requests for
# everyone and purged with the page cache. 0 turns it off: Wagtail then walks the
# page tree for every request (8 queries for a guidance page).
ROUTE_CACHE_SECONDS = env_int("ROUTE_CACHE_SECONDS", 600)
# Wagtail's admin sidebar per user (home/admin_sidebar.py), rendered again at once
# when a permission, group, user or page changes. 0 turns it off.
ADMIN_SIDEBAR_CACHE_SECONDS = env_int("ADMIN_SIDEBAR_CACHE_SECONDS", 120)
# Never cached: form pages (their steps hold a citizen's answers) ...
PAGE_CACHE_EXCLUDED_PAGE_TYPES = ["procon_forms.FormPage"]
# ... and anything under these paths (staff, tracking, supplier area, files).
PAGE_CACHE_EXCLUDED_PATHS = [
    "/admin/",
    "/django-admin/",
    "/acompanhar/",
    "/fornecedor/",
    "/anexos/",
    "/documentos/",
]

# One backend: the password check behind django-axes' lockout (home/security.py).
AUTHENTICATION_BACKENDS = ["home.security.LoginLockoutBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brazilian defaults. Source strings are English; pt-BR comes from locale/.
LANGUAGE_CODE = "pt-br"
# The public site also in English (/en/) and Spanish (/es/): the address says the
# language (procon/urls.py); Portuguese has none. The staff admin stays Portuguese.
LANGUAGES = [
    ("pt-br", _("Brazilian Portuguese")),
    ("en", _("English")),
    ("es", _("Spanish")),
]
TIME_ZONE = "America/Cuiaba"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pt-br", "Português")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = [("pt-br", "Português"), ("en", "English"), ("es", "Español")]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"


def private_storage_settings():
    """Where citizens' attachments go: never the public media storage.

    A local folder outside MEDIA_ROOT by default; an S3-compatible bucket (through
    django-storages, with boto3 installed) when PRIVATE_STORAGE_S3_BUCKET is set.
    The bucket's credentials come from boto3's usual environment variables
    (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).
    """
    bucket = env("PRIVATE_STORAGE_S3_BUCKET")
    if bucket:
        options = {
            "bucket_name": bucket,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "location": env("PRIVATE_STORAGE_S3_PREFIX", "anexos"),
        }
        if env("PRIVATE_STORAGE_S3_ENDPOINT_URL"):
            options["endpoint_url"] = env("PRIVATE_STORAGE_S3_ENDPOINT_URL")
        if env("PRIVATE_STORAGE_S3_REGION"):
            options["region_name"] = env("PRIVATE_STORAGE_S3_REGION")
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": str(env("PRIVATE_STORAGE_ROOT", BASE_DIR / "var" / "private")),
            "file_permissions_mode": 0o640,
            "directory_permissions_mode": 0o750,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": private_storage_settings(),
}

# Django's own two handlers (in memory up to 2.5 MB, then a temporary file), each
# also hashing the file as it arrives (forms/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "core.uploads.HashingMemoryFileUploadHandler",
    "core.uploads.HashingTemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
# Files in one request (Django's own check; more is refused with a clear page).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 100)

# Security headers and sessions (see docs/security.md). production.py adds HTTPS-only
# cookies, HSTS and the redirect to HTTPS.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)
# The public site: nothing inline, nothing from other origins (Bootstrap and
# every script are our own static files).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The staff admin (Wagtail, Django admin) still has inline script and style in
# its own templates, and shows page previews in a same-origin frame: under these
# paths only, inline script and style and same-origin framing are allowed.
# Everything else (other origins, plugins, base, form targets) stays as strict.
CSP_RELAXED_PATH_PREFIXES = ["/admin/", "/django-admin/"]
CSP_RELAXED_DIRECTIVES = {
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-src": ["'self'"],
    "frame-ancestors": ["'self'"],
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Signed-in sessions end after this many seconds without a request (idle) and
# this many after login whatever happens (absolute); home.security enforces both.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_ABSOLUTE_TIMEOUT = env_int("SESSION_ABSOLUTE_TIMEOUT_HOURS", 10) * 3600
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# The admin talks to no other site: no staff email hash sent to Gravatar, no
# upgrade check against releases.wagtail.org (the CSP would block it anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Login lockout (django-axes): after AXES_FAILURE_LIMIT failed logins for one
# username from one address, that pair is refused for AXES_COOLOFF_TIME hours.
# Locking the pair, not the username alone, keeps an attacker from locking staff
# out from elsewhere; the client address is read as the rate limits read it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "home.security.client_ip"
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "home.security.lockout_response"
AXES_VERBOSE = False
# And one username from any number of addresses: locked for a while after this
# many failures (the account's owner gets an e-mail). 0 turns it off.
LOGIN_USERNAME_FAILURE_LIMIT = env_int("LOGIN_USERNAME_FAILURE_LIMIT", 20)
LOGIN_USERNAME_LOCK_MINUTES = env_int("LOGIN_USERNAME_LOCK_MINUTES", 30)

# Two-step verification (TOTP, optional): a user with a confirmed authenticator
# enters a code after the password before the admin or the supplier area opens.
# With TWOFACTOR_REQUIRED_FOR_STAFF every staff user must set it up first.
TWOFACTOR_REQUIRED_FOR_STAFF = env_bool("TWOFACTOR_REQUIRED_FOR_STAFF", False)
TWOFACTOR_ISSUER = env("TWOFACTOR_ISSUER", "Procon")

# Email
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Procon <nao-responda@localhost>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background tasks (django-tasks). Immediate by default; production uses the
# database queue worked by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The citizen's tracking page (the `tracking` app), linked from confirmations and
# e-mails; set it empty to leave the links out.
TRACKING_PATH = env("TRACKING_PATH", "/acompanhar/")
if TRACKING_PATH and TRACKING_PATH not in PAGE_CACHE_EXCLUDED_PATHS:
    PAGE_CACHE_EXCLUDED_PATHS.append(TRACKING_PATH)

# Sign-in with gov.br (OpenID Connect, authorization code with PKCE), offered on
# the tracking page and the form start pages when OIDC_ISSUER and OIDC_CLIENT_ID
# are set. gov.br: OIDC_ISSUER=https://sso.acesso.gov.br (staging:
# https://sso.staging.acesso.gov.br); the redirect URI to register with the
# provider is <site>/contas/govbr/retorno/. The CPF is read from the claim
# OIDC_CPF_CLAIM (gov.br's `sub`); another provider (the state's own) may name it
# differently. The API accepts this provider's access tokens (Authorization:
# Bearer) to identify the citizen.
OIDC_ISSUER = env("OIDC_ISSUER", "")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", "")
OIDC_SCOPES = env("OIDC_SCOPES", "openid email profile")
OIDC_CPF_CLAIM = env("OIDC_CPF_CLAIM", "sub")
OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10)
# How long a sign-in lasts on the site (seconds).
OIDC_SESSION_MAX_AGE = env_int("OIDC_SESSION_MAX_AGE", 2 * 60 * 60)
# The API: how long the provider's answer about an access token is kept
# (seconds), and the provider clients whose JWT access tokens it accepts (the
# apps' own gov.br clients; empty: any token the provider vouches for).
OIDC_API_TOKEN_CACHE_SECONDS = env_int("OIDC_API_TOKEN_CACHE_SECONDS", 300)
OIDC_API_CLIENT_IDS = env_list("OIDC_API_CLIENT_IDS", [])

# Forms: how long an unfinished form (draft) is kept, in days.
FORMS_DRAFT_LIFETIME_DAYS = env_int("FORMS_DRAFT_LIFETIME_DAYS", 7)
# Attachments: the limit of all files of one form together, in megabytes (each
# file field sets its own per-file limit and number of files).
FORMS_UPLOAD_TOTAL_MAX_MB = env_int("FORMS_UPLOAD_TOTAL_MAX_MB", 30)
# Any request: a declared body over this is refused (413) before it is read.
MAX_REQUEST_BODY_MB = env_int("MAX_REQUEST_BODY_MB", FORMS_UPLOAD_TOTAL_MAX_MB + 10)
# The database unreachable: a 503 asking to come back after this many seconds.
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 60)
CSRF_FAILURE_VIEW = "home.errors.csrf_failure"

# Optional antivirus: a ClamAV daemon on a Unix socket or host:port. When neither
# is set, uploads are not scanned, and `check --deploy` fails unless
# ANTIVIRUS_DISABLED says so on purpose. Fail closed: an upload is refused when the
# daemon cannot be reached, unless CLAMD_FAIL_OPEN is true.
ANTIVIRUS_DISABLED = env_bool("ANTIVIRUS_DISABLED", False)
CLAMD_SOCKET = env("CLAMD_SOCKET")
CLAMD_HOST = env("CLAMD_HOST")
CLAMD_PORT = env_int("CLAMD_PORT", 3310)
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 30)
CLAMD_FAIL_OPEN = env_bool("CLAMD_FAIL_OPEN", False)

# Abuse protection. Behind a reverse proxy, the request header (as in
# request.META, e.g. HTTP_X_REAL_IP or HTTP_X_FORWARDED_FOR) that carries the
# client's address; only set it when the proxy always overwrites that header.
# "REMOTE_ADDR": clients connect directly. `check --deploy` requires one.
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER")

# The deployment's shape, for `check --deploy` (home/checks.py): how many machines
# serve the site, how many web processes each runs, and whether PRIVATE_STORAGE_ROOT
# is a disk every machine mounts.
SITE_NODES = env_int("SITE_NODES", 1)
WEB_WORKERS = 1  # runserver; production reads GUNICORN_WORKERS like gunicorn does
PRIVATE_STORAGE_SHARED_DISK = env_bool("PRIVATE_STORAGE_SHARED_DISK", False)
# "hits/seconds" per client address.
# Per browser (the CSRF cookie of a form post): one person's pace.
FORMS_RATE_LIMIT_STEPS = env("FORMS_RATE_LIMIT_STEPS", "60/600")
FORMS_RATE_LIMIT_SUBMITS = env("FORMS_RATE_LIMIT_SUBMITS", "10/3600")
# Per client address: many people share one behind a mobile carrier's NAT, so
# these only stop a flood from one machine (docs/security.md, "Rate limits").
FORMS_RATE_LIMIT_STEPS_ADDRESS = env("FORMS_RATE_LIMIT_STEPS_ADDRESS", "1200/600")
FORMS_RATE_LIMIT_SUBMITS_ADDRESS = env("FORMS_RATE_LIMIT_SUBMITS_ADDRESS", "100/3600")

# Optional CEP lookup for the address field: a ViaCEP-compatible URL template
# with "{cep}" (8 digits), e.g. "https://viacep.com.br/ws/{cep}/json/". Empty:
# off (the citizen types the whole address). Browsers ask our /cep/ endpoint,
# never the service; answers are cached, and a service slower than the timeout
# (seconds) is given up on. Lookups per client address per minute are limited.
CEP_LOOKUP_URL = env("CEP_LOOKUP_URL", "")
CEP_LOOKUP_TIMEOUT = env_int("CEP_LOOKUP_TIMEOUT", 2)
CEP_LOOKUP_PER_MINUTE = env_int("CEP_LOOKUP_PER_MINUTE", 30)
CEP_LOOKUP_CACHE_SECONDS = env_int("CEP_LOOKUP_CACHE_DAYS", 7) * 24 * 3600

# LGPD retention: closed cases are anonymised and their files deleted this many
# days after their last activity (`manage.py apply_retention`, run daily).
RETENTION_DAYS = env_int("RETENTION_DAYS", 5 * 365)

# Emails are delivered by tasks with retries; after this many failed attempts an
# email is shown to staff as failed ("Envios de e-mail com falha").
FORMS_EMAIL_MAX_ATTEMPTS = env_int("FORMS_EMAIL_MAX_ATTEMPTS", 5)
# Addresses told of each new submission (comma-separated; empty: nobody).
FORMS_STAFF_NOTIFICATION_EMAILS = env_list("FORMS_STAFF_NOTIFICATION_EMAILS")
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "Procon")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The database backend picks PostgreSQL full-text search or SQLite FTS5 by the
# database in use; SEARCH_CONFIG is PostgreSQL's text search configuration
# (Portuguese stemming and stop words) and is ignored on SQLite.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "portuguese",
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "xlsx", "ods", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # Task runs and page-publishing notices are routine; keep them out of the console.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # One line per login otherwise; lockouts are logged as warnings.
        "axes": {"level": "WARNING"},
    },
}

# Transparency: a municipality with fewer closed complaints than this in a published
# file or listing is shown blank, so a small town's complaint cannot point to a person.
TRANSPARENCY_MIN_COUNT = env_int("TRANSPARENCY_MIN_COUNT", 5)
# Seconds a public transparency page stays cached (a refresh starts new entries at once).
TRANSPARENCY_CACHE_SECONDS = env_int("TRANSPARENCY_CACHE_SECONDS", 6 * 60 * 60)
