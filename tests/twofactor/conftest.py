import pyotp
import pytest
from django.core.cache import cache

from tests.supplier_enrolment.conftest import CNPJ_X, PASSWORD, representative_of
from twofactor import devices
from twofactor.models import Device

STAFF_PASSWORD = "senha-da-equipe-2026"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff(db, django_user_model):
    return django_user_model.objects.create_superuser(
        "chefe", "chefe@procon.example", STAFF_PASSWORD
    )


@pytest.fixture
def representative(db):
    return representative_of(CNPJ_X, "rep@empresa.example")


def totp_for(user):
    return pyotp.TOTP(devices.secret_of(Device.objects.get(user=user)))


def enrol(user):
    """A confirmed authenticator for `user`; returns the recovery codes. The
    confirming code's step is forgotten, so the current code works again."""
    device = devices.start_setup(user)
    codes = devices.confirm(device, pyotp.TOTP(devices.secret_of(device)).now())
    assert codes is not None
    Device.objects.filter(pk=device.pk).update(last_used_step=None)
    return codes


__all__ = ["PASSWORD", "enrol", "totp_for"]
