"""Settings come from the environment; production refuses to run unsafely."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Set by the browser-test harness for its own thread; a deployment never has it.
UNSAFE_FOR_DEPLOY = {"DJANGO_ALLOW_ASYNC_UNSAFE"}
STRONG_KEY = "k" * 10 + "9f3#Lq!zR@x7&Vb2%Nw^Jt5*Hy8(Gm1)Pd4-Cs6+Ea0=Ui"


def run_settings(module, code, **env):
    """Import a settings module in a fresh interpreter with a controlled environment."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "ALLOWED_HOSTS", "EMAIL_HOST"}
    }
    environment.update(env)
    environment["DJANGO_SETTINGS_MODULE"] = module
    environment["PYTHONPATH"] = f"{ROOT / 'site'}{os.pathsep}{ROOT}"
    script = f"import django; from django.conf import settings as s; django.setup(); {code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_sqlite_is_the_default_database():
    result = run_settings("procon.settings.dev", "print(s.DATABASES['default']['ENGINE'])")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_database_url_selects_postgresql():
    result = run_settings(
        "procon.settings.dev",
        "d = s.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])",
        DATABASE_URL="postgres://procon@db.example:5433/procon_db",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "procon_db",
        "db.example",
        "5433",
    ]


def test_redis_url_switches_the_cache():
    code = "c = s.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    result = run_settings("procon.settings.dev", code, REDIS_URL="redis://127.0.0.1:6379/3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/3",
    ]
    result = run_settings("procon.settings.dev", "print(s.CACHES['default']['BACKEND'])")
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"


def test_production_requires_secret_key():
    result = run_settings("procon.settings.production", "print('started')")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_reads_hosts_email_and_is_secure():
    code = (
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = run_settings(
        "procon.settings.production",
        code,
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="procon.mt.gov.br, www.procon.mt.gov.br",
        EMAIL_HOST="smtp.example",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="true",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "False ['procon.mt.gov.br', 'www.procon.mt.gov.br'] smtp.example 587 True True True True"
    )


def test_bad_boolean_is_refused_with_the_variable_name():
    result = run_settings(
        "procon.settings.production", "print(1)", SECRET_KEY=STRONG_KEY, EMAIL_USE_TLS="maybe"
    )
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr


@pytest.mark.parametrize("module", ["procon.settings.dev", "procon.settings.test"])
def test_brazilian_defaults(module):
    code = "print(s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_I18N, s.USE_TZ)"
    result = run_settings(module, code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "pt-br America/Cuiaba True True"


DEPLOYED_AS_DOCUMENTED = {
    "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ANTIVIRUS_DISABLED": "true",
}


def check_deploy(**env):
    environment = {
        **{k: v for k, v in os.environ.items() if k not in UNSAFE_FOR_DEPLOY},
        "DJANGO_SETTINGS_MODULE": "procon.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "procon.example",
        **env,
    }
    for name in ("DATABASE_URL", *DEPLOYED_AS_DOCUMENTED):
        if name not in env:
            environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_check_deploy_has_no_warnings():
    result = check_deploy(**DEPLOYED_AS_DOCUMENTED)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_refuses_a_proxy_without_client_header_antivirus_or_shared_cache():
    result = check_deploy()
    assert result.returncode != 0
    for check_id in ("procon.E001", "procon.E002", "procon.E003"):
        assert check_id in result.stderr


def test_production_requires_two_step_sign_in_for_staff_unless_turned_off():
    code = "print(s.TWOFACTOR_REQUIRED_FOR_STAFF)"
    result = run_settings("procon.settings.production", code, SECRET_KEY=STRONG_KEY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"
    result = run_settings(
        "procon.settings.production", code, SECRET_KEY=STRONG_KEY, TWOFACTOR_REQUIRED_FOR_STAFF="0"
    )
    assert result.stdout.strip() == "False"
    result = run_settings("procon.settings.dev", code)
    assert result.stdout.strip() == "False"
