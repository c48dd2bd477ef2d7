"""Settings of the test OpenID provider (a process of its own, see serve.py).

serve.py fills the environment before Django reads this module: the issuer
(``http://127.0.0.1:PORT/o``), the SQLite file, the RSA key that signs the ID
tokens and the token that guards the test-only administration endpoint.
"""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent

ISSUER = os.environ["OIDC_PROVIDER_ISSUER"]
ADMIN_TOKEN = os.environ["OIDC_PROVIDER_ADMIN_TOKEN"]

SECRET_KEY = secrets.token_urlsafe(50)
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]

MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "tests.oidc_provider.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ["OIDC_PROVIDER_DB"],
        # The server answers each request in a thread: writers wait for one
        # another instead of failing with "database is locked".
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Each start has a new database: tables straight from the models
# (`migrate --run-syncdb`) in a tenth of a second instead of two running the
# migrations.
MIGRATION_MODULES = {app.rpartition(".")[2]: None for app in INSTALLED_APPS}

# A provider for tests: a fast hasher for the citizens' passwords and the
# client secrets (DOT hashes those with the first hasher).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The site under test runs on the same host (127.0.0.1, another port) and
# browsers do not separate cookies by port: names of its own keep the
# provider's session and CSRF cookies from replacing the site's.
SESSION_COOKIE_NAME = "govbr_teste_sessionid"
CSRF_COOKIE_NAME = "govbr_teste_csrftoken"

LOGIN_URL = "/entrar/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "pt-br"
TIME_ZONE = "America/Sao_Paulo"
USE_I18N = True
USE_TZ = True

OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": ISSUER,
    "OIDC_RSA_PRIVATE_KEY": os.environ["OIDC_PROVIDER_RSA_KEY"],
    "OAUTH2_VALIDATOR_CLASS": "tests.oidc_provider.validator.CitizenValidator",
    # gov.br's scopes; "govbr_confiabilidades" is accepted and adds no claim here.
    "SCOPES": {
        "openid": "Identificação (CPF)",
        "profile": "Nome",
        "email": "E-mail",
        "govbr_confiabilidades": "Níveis de confiabilidade da conta",
    },
    "DEFAULT_SCOPES": ["openid"],
    # Like gov.br: every authorization request carries an S256 code challenge.
    "PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    # Access tokens are JWTs, like gov.br's; refresh tokens stay opaque.
    "ACCESS_TOKEN_GENERATOR": "tests.oidc_provider.tokens.signed_access_token",
    "REFRESH_TOKEN_GENERATOR": "oauthlib.oauth2.rfc6749.tokens.random_token_generator",
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "INFO"},
}
