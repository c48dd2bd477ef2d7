"""Two-step verification: enrolment, the second step of signing in for staff
(/admin/) and supplier representatives (/fornecedor/), replay, recovery codes,
the rate limit and turning it off."""

import time

import pyotp
import pytest
from django.test import override_settings
from django.urls import reverse

from twofactor import devices
from twofactor.models import Device, RecoveryCode

from .conftest import PASSWORD, STAFF_PASSWORD, enrol, totp_for

pytestmark = pytest.mark.django_db

VERIFY = "/duas-etapas/verificar/"


def now_code(user, steps=0):
    totp = totp_for(user)
    return totp.at(int(time.time()) + steps * totp.interval)


def verified(client, user):
    return client.session.get(devices.SESSION_KEY) == str(user.pk)


# Enrolment -----------------------------------------------------------------------------


def test_setup_shows_qr_and_key_and_refuses_a_wrong_code(client, staff):
    client.force_login(staff)
    response = client.get(reverse("twofactor_admin:setup"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    device = Device.objects.get(user=staff)
    assert not device.confirmed
    assert devices.secret_of(device) not in device.encrypted_secret  # stored encrypted
    body = response.content.decode()
    assert 'src="data:image/svg+xml' in body
    assert devices.grouped_secret(device) in body

    wrong = "000000" if now_code(staff) != "000000" else "111111"
    response = client.post(reverse("twofactor_admin:setup"), {"code": wrong})
    assert response.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed


def test_setup_with_the_right_code_confirms_and_shows_recovery_codes_once(client, staff):
    client.force_login(staff)
    client.get(reverse("twofactor_admin:setup"))
    secret = devices.secret_of(Device.objects.get(user=staff))
    response = client.post(reverse("twofactor_admin:setup"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    device = Device.objects.get(user=staff)
    assert device.confirmed
    assert RecoveryCode.objects.filter(device=device).count() == devices.RECOVERY_CODE_COUNT
    codes = response.context["codes"]
    assert all(code in response.content.decode() for code in codes)
    assert verified(client, staff)  # the user who just proved a code stays in

    again = client.get(reverse("twofactor_admin:setup")).content.decode()
    assert secret not in again and pyotp.TOTP(secret).now() not in again
    assert not any(code in again for code in codes)
    assert not any(code in again for code in [secret[i : i + 4] for i in range(0, 32, 4)])


def test_the_public_setup_needs_a_signed_in_user(client):
    response = client.get(reverse("twofactor:setup"))
    assert response.status_code == 302
    assert response.url == reverse("supplier_area:login")


def test_nobody_is_asked_without_an_authenticator(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


# Staff sign-in ---------------------------------------------------------------------------


def test_enrolled_staff_must_enter_a_code_before_the_admin(client, staff):
    enrol(staff)
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2Fadmin%2Fpages%2F"
    assert client.get(reverse("twofactor_admin:setup")).status_code == 302
    assert client.get("/django-admin/").status_code == 302

    response = client.post(VERIFY, {"code": now_code(staff), "next": "/admin/pages/"})
    assert response.status_code == 302 and response.url == "/admin/pages/"
    assert verified(client, staff)
    assert client.get("/admin/pages/").status_code == 200


def test_a_real_admin_login_then_the_code(client, staff):
    enrol(staff)
    response = client.post(
        "/admin/login/", {"username": "chefe", "password": STAFF_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Fadmin%2F"
    assert response.status_code == 200
    assert "_auth_user_id" in client.session and not verified(client, staff)
    assert client.get("/admin/").status_code == 302
    session_key = client.session.session_key

    response = client.post(VERIFY, {"code": now_code(staff), "next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert response.status_code == 200
    assert client.session.session_key != session_key  # a new key after the second step


def test_signing_in_again_asks_again(client, staff):
    enrol(staff)
    client.force_login(staff)
    client.post(VERIFY, {"code": now_code(staff)})
    assert verified(client, staff)
    client.force_login(staff)
    assert not verified(client, staff)
    assert client.get("/admin/").status_code == 302


def test_the_login_and_logout_pages_stay_reachable(client, staff):
    enrol(staff)
    client.force_login(staff)
    assert client.get(VERIFY).status_code == 200
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_next_must_stay_on_this_site(client, staff):
    enrol(staff)
    client.force_login(staff)
    response = client.post(VERIFY, {"code": now_code(staff), "next": "https://evil.example/"})
    assert response.url == "/admin/"


def test_a_replayed_code_is_refused(client, staff):
    enrol(staff)
    code = now_code(staff)
    client.force_login(staff)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    client.force_login(staff)  # a second sign-in, e.g. by someone who saw the code
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 400
    assert not verified(client, staff)
    # The next step's code still works (clock drift of one step is accepted).
    assert client.post(VERIFY, {"code": now_code(staff, steps=1)}).status_code == 302


def test_a_recovery_code_works_once(client, staff):
    codes = enrol(staff)
    client.force_login(staff)
    response = client.post(VERIFY, {"code": codes[0].lower().replace("-", " ")})
    assert response.status_code == 302
    assert verified(client, staff)
    client.force_login(staff)
    assert client.post(VERIFY, {"code": codes[0]}).status_code == 400
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302
    device = Device.objects.get(user=staff)
    assert devices.remaining_recovery_codes(device) == devices.RECOVERY_CODE_COUNT - 2


def test_code_attempts_are_rate_limited_and_logged(client, staff, caplog):
    enrol(staff)
    client.force_login(staff)
    wrong = "000000" if now_code(staff) != "000000" else "111111"
    for _attempt in range(devices.ATTEMPTS_PER_USER):
        assert client.post(VERIFY, {"code": wrong}).status_code == 400
    response = client.post(VERIFY, {"code": now_code(staff)})
    assert response.status_code == 429
    assert not verified(client, staff)
    failures = [r for r in caplog.records if r.name == "twofactor" and "wrong code" in r.message]
    assert len(failures) == devices.ATTEMPTS_PER_USER


def test_turning_off_needs_a_code(client, staff):
    enrol(staff)
    client.force_login(staff)
    client.post(VERIFY, {"code": now_code(staff)})
    url = reverse("twofactor_admin:disable")
    assert client.get(url).status_code == 200
    wrong = "000000" if now_code(staff, 1) != "000000" else "111111"
    assert client.post(url, {"code": wrong}).status_code == 400
    assert client.post(url, {"code": ""}).status_code == 400
    assert Device.objects.filter(user=staff, confirmed=True).exists()
    response = client.post(url, {"code": now_code(staff, steps=1)})
    assert response.status_code == 302
    assert not Device.objects.filter(user=staff).exists()
    assert not RecoveryCode.objects.exists()


@override_settings(TWOFACTOR_REQUIRED_FOR_STAFF=True)
def test_staff_can_be_required_to_enrol(client, staff, representative):
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response.url == reverse("twofactor_admin:setup")
    assert client.get(reverse("twofactor_admin:setup")).status_code == 200
    client.force_login(representative.user)  # not staff: not required
    assert client.get(reverse("supplier_area:cases")).status_code == 200


def test_the_admin_account_page_links_to_the_setup(client, staff):
    client.force_login(staff)
    body = client.get(reverse("wagtailadmin_account")).content.decode()
    assert reverse("twofactor_admin:setup") in body


# Supplier representatives -------------------------------------------------------------------


def test_a_representative_sets_it_up_from_the_supplier_area(client, representative):
    client.force_login(representative.user)
    cases = client.get(reverse("supplier_area:cases")).content.decode()
    assert reverse("twofactor:setup") in cases
    response = client.get(reverse("twofactor:setup"))
    assert response.status_code == 200
    assert "wagtailadmin" not in response.content.decode()  # the public look
    secret = devices.secret_of(Device.objects.get(user=representative.user))
    response = client.post(reverse("twofactor:setup"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    assert Device.objects.get(user=representative.user).confirmed


# The supplier area signs in with Django's ModelBackend, which the project's
# AUTHENTICATION_BACKENDS (the lockout backend only) does not list; until the
# area uses the lockout backend, this test lists both.
@override_settings(
    AUTHENTICATION_BACKENDS=[
        "home.security.LoginLockoutBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
)
def test_an_enrolled_representative_signs_in_with_a_code(client, representative):
    enrol(representative.user)
    response = client.post(
        reverse("supplier_area:login"),
        {"entrar-email": "rep@empresa.example", "entrar-password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"{VERIFY}?next=%2Ffornecedor%2Fcasos%2F"
    assert client.get(reverse("supplier_area:cases")).status_code == 302
    # Signing out and the sign-in page stay reachable.
    assert client.get(reverse("supplier_area:login")).status_code == 302  # to the cases
    response = client.post(VERIFY, {"code": now_code(representative.user)})
    assert response.url == reverse("supplier_area:cases")
    assert client.get(reverse("supplier_area:cases")).status_code == 200
    assert client.post(reverse("supplier_area:logout")).status_code == 302


def test_a_representative_turns_it_off_with_a_recovery_code(client, representative):
    codes = enrol(representative.user)
    client.force_login(representative.user)
    client.post(VERIFY, {"code": codes[0]})
    url = reverse("twofactor:disable")
    assert client.post(url, {"code": codes[0]}).status_code == 400  # used already
    assert client.post(url, {"code": codes[1]}).status_code == 302
    assert not Device.objects.filter(user=representative.user).exists()


# Rules without HTTP --------------------------------------------------------------------------


def test_codes_of_other_shapes_are_refused(staff):
    enrol(staff)
    device = Device.objects.get(user=staff)
    for code in ["", "12345", "1234567", "abcdef", None]:
        assert devices.check_code(device, code) is None


def test_the_secret_survives_a_secret_key_rotation(staff, settings):
    enrol(staff)
    device = Device.objects.get(user=staff)
    secret = devices.secret_of(device)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key"
    assert devices.secret_of(device) == secret


def test_the_reset_command_turns_it_off(staff):
    from io import StringIO

    from django.core.management import call_command

    enrol(staff)
    call_command("twofactor_reset", "chefe", stdout=StringIO())
    assert not Device.objects.filter(user=staff).exists()
    assert not RecoveryCode.objects.exists()
