"""Private storage for citizens' attachments.

A storage of its own (`STORAGES["private"]`), never the public media storage:
a local folder outside MEDIA_ROOT by default, an S3-compatible bucket through
django-storages when configured (see README, "Configuration"). Files are
stored under random names; nothing about the citizen or the original name
reaches the storage.
"""

import secrets

from django.core.files.storage import storages
from django.utils import timezone

ALIAS = "private"


def private_storage():
    return storages[ALIAS]


def random_name() -> str:
    """A fresh storage name: month folder (so one folder never grows huge) + 128 random bits."""
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}"


def save(file) -> str:
    """Store `file` under a random name and return the name the storage used."""
    return private_storage().save(random_name(), file)


def delete(name: str):
    private_storage().delete(name)


def open_file(name: str):
    return private_storage().open(name, "rb")
