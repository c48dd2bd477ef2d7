"""HTTP hardening measured on real responses; login lockout; session rotation and timeouts."""

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.test import override_settings

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip() != ""}


def test_public_pages_forbid_inline_script_and_framing(client, site):
    response = client.get("/")
    assert response.status_code == 200
    csp = directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "geolocation", "microphone", "payment"):
        assert f"{feature}=()" in policy


def test_public_templates_have_no_inline_script_or_handlers(client, demo_content):
    """What the strict policy would block must not be in the pages at all."""
    for path in ["/", "/reclamacao/", "/reclamacao/etapa/1/", "/busca/?q=banco", "/privacidade/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path
        assert not re.search(r"<style|\sstyle=", html), path
        assert "javascript:" not in html, path


def test_the_admin_gets_the_wider_policy_only_under_its_paths(client, site):
    response = client.get(LOGIN)
    csp = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]


def test_production_settings_harden_cookies_and_transport():
    from tests.test_settings import run_settings

    code = (
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_HTTPONLY, s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SAMESITE, "
        "s.X_FRAME_OPTIONS)"
    )
    result = run_settings("procon.settings.production", code, SECRET_KEY="x" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * 6 + ["Lax", "Lax", "DENY"]


@override_settings(SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=31_536_000)
def test_hsts_is_sent_on_https_responses(client, site):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_attachment_downloads_keep_their_own_sandbox_policy():
    """The download view sets its own header; the middleware must not replace it."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from home.security import ContentSecurityPolicyMiddleware

    def view(request):
        response = HttpResponse("file")
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    response = ContentSecurityPolicyMiddleware(view)(RequestFactory().get("/anexos/x/"))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


# Login lockout -------------------------------------------------------------------


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "servidora", "s@procon.example", "senha-certa-123", is_staff=True, is_superuser=True
    )


def login(client, password, username="servidora"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_repeated_failures_lock_the_account_from_that_address(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "errada").status_code == 200
    assert login(client, "errada").status_code == 429
    # Locked: even the right password is refused, and no session is opened.
    response = login(client, "senha-certa-123")
    assert response.status_code == 429
    assert "Entrada bloqueada por um tempo" in response.content.decode()
    assert "Tente novamente em 30 minutos" in response.content.decode()
    assert response["Retry-After"] == "1800"
    assert SESSION_KEY not in client.session
    assert AccessAttempt.objects.filter(username="servidora").exists()


def test_lockout_is_per_username_and_address(client, staff, django_user_model):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "errada")
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert login(other, "senha-certa-123").status_code == 302


def test_lockout_ends_after_the_cool_off(client, staff):
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login(client, "errada")
        assert login(client, "senha-certa-123").status_code == 429
        clock.shift(dt.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))
        assert login(client, "senha-certa-123").status_code == 302


def test_a_success_clears_earlier_failures(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "errada")
    assert login(client, "senha-certa-123").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "errada").status_code == 200


def test_authenticate_with_the_request_is_counted(rf, staff):
    """Any login form that passes the request (the supplier area's will) is covered."""
    from django.contrib.auth import authenticate

    request = rf.post("/fornecedor/entrar/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert authenticate(request, username="servidora", password="errada") is None
    request = rf.post("/fornecedor/entrar/")
    assert authenticate(request, username="servidora", password="senha-certa-123") is None
    assert authenticate(None, username="servidora", password="senha-certa-123") == staff


def test_force_login_is_not_counted(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    assert not AccessAttempt.objects.exists()


# Sessions ------------------------------------------------------------------------


def test_the_session_key_changes_at_login(client, staff):
    client.get(LOGIN)
    session = client.session
    session["before-login"] = True
    session.save()
    old_key = session.session_key
    assert login(client, "senha-certa-123").status_code == 302
    new_key = client.session.session_key
    assert new_key != old_key
    assert not SessionStore().exists(old_key)


def test_idle_sessions_are_signed_out(client, staff):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert login(client, "senha-certa-123").status_code == 302
        idle = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT)
        clock.shift(idle - dt.timedelta(minutes=1))
        assert client.get("/admin/").status_code == 200  # still in, and the clock restarts
        clock.shift(idle - dt.timedelta(minutes=1))
        assert client.get("/admin/").status_code == 200
        clock.shift(idle + dt.timedelta(seconds=1))
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)
        assert SESSION_KEY not in client.session


def test_sessions_end_at_the_absolute_limit_even_when_busy(client, staff):
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        assert login(client, "senha-certa-123").status_code == 302
        step = dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT - 60)
        elapsed = dt.timedelta()
        while elapsed + step < dt.timedelta(seconds=settings.SESSION_ABSOLUTE_TIMEOUT):
            clock.shift(step)
            elapsed += step
            assert client.get("/admin/").status_code == 200
        clock.shift(step)
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_session_cookie_lives_no_longer_than_the_absolute_limit():
    assert settings.SESSION_COOKIE_AGE <= settings.SESSION_ABSOLUTE_TIMEOUT


def test_public_templates_have_no_inline_script_style_or_handlers():
    """The public policy allows no inline script or style: a template that adds one
    would break in browsers. Admin screens (their own, wider policy) are skipped."""
    import re
    from pathlib import Path

    admin_only = {"inbox/dashboard_panel.html"}  # a panel on the admin home
    root = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for path in sorted(root.rglob("*.html")):
        name = path.relative_to(root).as_posix()
        text = path.read_text()
        if name in admin_only or name.startswith("wagtailadmin/") or "wagtailadmin/" in text[:400]:
            continue
        for label, pattern in (
            ("style attribute", r"\sstyle=\""),
            # A JSON data block is not run, so the policy does not apply to it.
            ("inline script", r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"),
            ("event handler", r"\son[a-z]+=\""),
        ):
            if re.search(pattern, text):
                offenders.append(f"{name}: {label}")
    assert offenders == []


# One username from many addresses ----------------------------------------------------


def from_address(client, number):
    return client.__class__(REMOTE_ADDR=f"200.10.0.{number}")


def test_one_username_from_thirty_addresses_is_locked_and_its_owner_told(
    client, staff, settings, django_capture_on_commit_callbacks
):
    from django.core import mail

    settings.LOGIN_USERNAME_FAILURE_LIMIT = 20
    with django_capture_on_commit_callbacks(execute=True):
        answers = [login(from_address(client, n), "chute-x1").status_code for n in range(30)]
    # Each address stays under django-axes' limit for its pair; the username's
    # own count locks it at the 20th failure, whatever the address.
    assert answers[:19] == [200] * 19
    assert set(answers[20:]) == {429}
    right = login(from_address(client, 99), "senha-certa-123")
    assert right.status_code == 429
    assert SESSION_KEY not in client.session
    told = [m for m in mail.outbox if m.to == ["s@procon.example"]]
    assert len(told) == 1  # once, however many failures follow
    assert "bloqueada por 30 minutos" in told[0].body
    assert "chute-x1" not in told[0].body


def test_the_username_lock_leaves_other_accounts_alone(client, staff, settings, django_user_model):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 3
    django_user_model.objects.create_user("outra", "o@procon.example", "outra-senha-123")
    for n in range(3):
        login(from_address(client, n), "errada")
    assert login(from_address(client, 50), "senha-certa-123").status_code == 429
    assert login(from_address(client, 50), "outra-senha-123", username="outra").status_code == 302


def test_the_username_lock_ends(client, staff, settings):
    settings.LOGIN_USERNAME_FAILURE_LIMIT = 3
    with time_machine.travel(dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC), tick=False) as clock:
        for n in range(3):
            login(from_address(client, n), "errada")
        assert login(from_address(client, 60), "senha-certa-123").status_code == 429
        clock.shift(dt.timedelta(minutes=settings.LOGIN_USERNAME_LOCK_MINUTES, seconds=1))
        assert login(from_address(client, 61), "senha-certa-123").status_code == 302


def test_an_unknown_username_is_locked_too_and_nobody_is_emailed(client, settings):
    from django.core import mail

    settings.LOGIN_USERNAME_FAILURE_LIMIT = 3
    for n in range(4):
        login(from_address(client, n), "errada", username="ninguem")
    assert login(from_address(client, 9), "x", username="ninguem").status_code == 429
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("password", "refused"),
    [("Curta-2026", True), ("password1234", True), ("uma-frase-longa-de-senha", False)],
)
def test_passwords_need_twelve_characters_and_not_a_common_one(password, refused):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password(password)
    except ValidationError:
        assert refused
    else:
        assert not refused
