"""Two-step verification rules: enrolment, code checks, the session flag.

Views and the middleware call these functions; nothing here needs HTTP except
the session helpers, which take the request.
"""

import base64
import hashlib
import hmac
import logging
import secrets
import time

import pyotp
import segno
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Device, RecoveryCode

logger = logging.getLogger("twofactor")

SESSION_KEY = "twofactor_verified_user"
RECOVERY_CODE_COUNT = 10
# Recovery codes: 10 characters from an alphabet without look-alikes (0/O, 1/I/L).
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Codes of the previous and the next 30-second step are accepted too (clock drift).
DRIFT_STEPS = 1
# Code attempts (verification, confirmation, turning off) per user per window.
ATTEMPTS_PER_USER = 5
ATTEMPT_WINDOW_SECONDS = 5 * 60


# Secret storage -------------------------------------------------------------------


def _fernet():
    """Fernet keys derived from SECRET_KEY and its fallbacks: the newest encrypts,
    all decrypt, so rotating SECRET_KEY (with the old one kept as a fallback)
    does not lose the enrolled authenticators."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet(
        [
            Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"twofactor:{key}".encode()).digest()))
            for key in keys
        ]
    )


def encrypt(secret):
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(token):
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def secret_of(device):
    return decrypt(device.encrypted_secret)


# Enrolment --------------------------------------------------------------------------


def confirmed_device(user):
    """The user's confirmed authenticator, or None."""
    if not user.is_authenticated:
        return None
    return Device.objects.filter(user=user, confirmed=True).first()


def start_setup(user):
    """The user's pending (unconfirmed) authenticator, created with a new
    secret if there is none. Never call it for a user with a confirmed one."""
    device, _created = Device.objects.get_or_create(
        user=user, defaults={"encrypted_secret": encrypt(pyotp.random_base32())}
    )
    return device


def provisioning_uri(device):
    label = device.user.email or device.user.get_username()
    issuer = getattr(settings, "TWOFACTOR_ISSUER", "Procon")
    return pyotp.TOTP(secret_of(device)).provisioning_uri(name=label, issuer_name=issuer)


def qr_data_uri(device):
    """The otpauth:// URI as a QR code: an SVG `data:` URI for an <img> (the
    public CSP allows data: images; no inline style is needed)."""
    return segno.make(provisioning_uri(device), error="m").svg_data_uri(scale=5, border=4)


def grouped_secret(device):
    """The secret in groups of four letters, easier to type by hand."""
    secret = secret_of(device)
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm(device, code):
    """Confirm a pending authenticator with a current code. Returns the new
    recovery codes (shown once) or None when the code is not right."""
    if device.confirmed or not check_totp(device, code):
        return None
    with transaction.atomic():
        device.confirmed = True
        device.confirmed_at = timezone.now()
        device.save(update_fields=["confirmed", "confirmed_at"])
        return new_recovery_codes(device)


def disable(device):
    """Turn two-step verification off: the authenticator and its codes go."""
    device.delete()


# Codes ----------------------------------------------------------------------------------


def _digits(code):
    return "".join((code or "").split())


def check_totp(device, code):
    """True for a valid current code not used before. The accepted time step
    is claimed atomically, so the same code (or an older one) works only once,
    even for two requests at the same moment."""
    code = _digits(code)
    secret = secret_of(device)
    if not secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(secret)
    now = int(time.time()) // totp.interval
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * totp.interval), code):
            claimed = (
                Device.objects.filter(pk=device.pk)
                .filter(Q(last_used_step__isnull=True) | Q(last_used_step__lt=step))
                .update(last_used_step=step)
            )
            if claimed:
                device.last_used_step = step
            return bool(claimed)
    return False


def _normalise_recovery(code):
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _hash(code):
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def new_recovery_codes(device):
    """Replace the device's recovery codes with RECOVERY_CODE_COUNT new ones;
    returns them in clear (the only time they exist in clear)."""
    codes = []
    for _index in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    device.recovery_codes.all().delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=_hash(code)) for code in codes
    )
    return codes


def use_recovery_code(device, code):
    """True, once, for an unused recovery code of this device."""
    if len(_normalise_recovery(code)) != 10:
        return False
    return bool(
        RecoveryCode.objects.filter(
            device=device, code_hash=_hash(code), used_at__isnull=True
        ).update(used_at=timezone.now())
    )


def remaining_recovery_codes(device):
    return device.recovery_codes.filter(used_at__isnull=True).count()


def check_code(device, code):
    """ "totp" or "recovery" for an accepted code (an authenticator code or an
    unused recovery code), None otherwise."""
    if check_totp(device, code):
        return "totp"
    if use_recovery_code(device, code):
        return "recovery"
    return None


def log_failure(request, what):
    logger.warning("Two-step verification: wrong code (%s) for user %s", what, request.user.pk)


# The session ------------------------------------------------------------------------


def mark_verified(request):
    """The signed-in user proved a code: a new session key (the old one may
    have been seen before the second step) and the flag."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(request.user.pk)


def is_verified(request):
    return request.session.get(SESSION_KEY) == str(request.user.pk)


def forget_verification(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session.pop(SESSION_KEY, None)
