"""What production needs: its packages, its deployment checks, a client address
that a bad proxy header cannot turn into an error."""

import logging

import pytest
from django.core.cache.backends.redis import RedisCache
from django.test import RequestFactory, override_settings

from core.http import client_address
from home import checks

pytestmark = pytest.mark.django_db

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
LOCAL_FILES = {"private": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
S3_FILES = {"private": {"BACKEND": "storages.backends.s3.S3Storage"}}


def test_the_production_cache_and_object_store_clients_are_installed():
    """REDIS_URL selects Django's RedisCache, which needs the redis package; a
    missing package took every page down on the first deploy."""
    cache = RedisCache("redis://127.0.0.1:6379/15", {"KEY_PREFIX": "procon-test"})
    cache.set("deploy-check", "ok", 10)
    assert cache.get("deploy-check") == "ok"
    cache.delete("deploy-check")
    from storages.backends.s3 import S3Storage

    assert S3Storage(bucket_name="anexos", endpoint_url="http://127.0.0.1:1").bucket_name


def ids(errors):
    return [error.id for error in errors]


@pytest.mark.parametrize(
    ("header", "expected"),
    [(None, ["procon.E001"]), ("", ["procon.E001"]), ("HTTP_X_FORWARDED_FOR", []),
     ("REMOTE_ADDR", [])],
)  # fmt: skip
def test_a_proxy_needs_the_client_address_header(header, expected):
    with override_settings(CLIENT_IP_HEADER=header):
        assert ids(checks.client_address_header(None)) == expected


@pytest.mark.parametrize(
    ("socket", "host", "disabled", "expected"),
    [
        ("", "", False, ["procon.E002"]),
        ("/run/clamav/clamd.ctl", "", False, []),
        ("", "clamav", False, []),
        ("", "", True, []),
    ],
)
def test_the_antivirus_is_configured_or_declared_absent(socket, host, disabled, expected):
    with override_settings(CLAMD_SOCKET=socket, CLAMD_HOST=host, ANTIVIRUS_DISABLED=disabled):
        assert ids(checks.antivirus_configured(None)) == expected


@pytest.mark.parametrize(
    ("workers", "nodes", "caches", "expected"),
    [(1, 1, LOCMEM, []), (5, 1, LOCMEM, ["procon.E003"]), (1, 2, LOCMEM, ["procon.E003"]),
     (5, 2, REDIS, [])],
)  # fmt: skip
def test_several_processes_need_a_shared_cache(workers, nodes, caches, expected):
    with override_settings(WEB_WORKERS=workers, SITE_NODES=nodes, CACHES=caches):
        assert ids(checks.shared_cache_for_several_processes(None)) == expected


@pytest.mark.parametrize(
    ("nodes", "storages", "shared_disk", "expected"),
    [(1, LOCAL_FILES, False, []), (2, LOCAL_FILES, False, ["procon.E004"]),
     (2, LOCAL_FILES, True, []), (2, S3_FILES, False, [])],
)  # fmt: skip
def test_several_nodes_need_files_every_node_reaches(nodes, storages, shared_disk, expected):
    with override_settings(
        SITE_NODES=nodes, STORAGES=storages, PRIVATE_STORAGE_SHARED_DISK=shared_disk
    ):
        assert ids(checks.private_files_reach_every_node(None)) == expected


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
@pytest.mark.parametrize(
    ("header", "expected"),
    [("200.1.1.1", "200.1.1.1"), ("garbage, 200.1.1.1", "200.1.1.1"),
     ("2804:14c::1", "2804:14c::1"), ("200.1.1.1, not-an-ip", "10.0.0.9"),
     ("<script>", "10.0.0.9"), ("999.1.1.1", "10.0.0.9")],
)  # fmt: skip
def test_a_bad_client_address_header_falls_back_to_the_socket(header, expected, caplog):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=header)
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        assert client_address(request) == expected
    assert bool(caplog.records) == (expected == "10.0.0.9")


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
@pytest.mark.parametrize("header", ["not-an-ip", "1.2.3.4, <x>", "999.999.999.999"])
def test_admin_login_answers_normally_with_a_garbage_forwarded_header(client, site, header):
    page = client.get("/admin/login/", HTTP_X_FORWARDED_FOR=header)
    assert page.status_code == 200
    failed = client.post(
        "/admin/login/",
        {"username": "ninguem", "password": "errada-123456"},
        HTTP_X_FORWARDED_FOR=header,
    )
    assert failed.status_code == 200
    assert "errada" not in failed.content.decode()
