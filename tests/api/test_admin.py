"""Staff manage the apps' keys in the admin: the key is shown once, only its
hash is kept, a new key stops the old one."""

import re

import pytest

from api.models import ApiClient

pytestmark = pytest.mark.django_db


def shown_key(response):
    match = re.search(r'value="(pcn_[^"]+)"', response.content.decode())
    return match.group(1) if match else None


def test_creating_a_client_shows_its_key_once(admin_client, three_step_form, client):
    response = admin_client.post(
        "/admin/clientes-da-api/new/",
        {
            "name": "MT Cidadão",
            "contact": "ti@example.com",
            "requests_per_minute": "300",
            "is_active": "on",
        },
        follow=True,
    )
    assert response.status_code == 200
    key = shown_key(response)
    assert key is not None
    record = ApiClient.objects.get(name="MT Cidadão")
    assert record.requests_per_minute == 300 and record.created_by.is_superuser
    assert key not in record.key_hash
    # Shown once: the page again has no key.
    again = admin_client.get(f"/admin/clientes-da-api/chave/{record.pk}/")
    assert shown_key(again) is None and f"pcn_{record.key_id}_" in again.content.decode()
    # The key works.
    answer = client.get("/api/v1/formularios", HTTP_X_API_KEY=key)
    assert answer.status_code == 200


def test_a_new_key_stops_the_old_one(admin_client, client, api_client_record, three_step_form):
    old = api_client_record.plain_key
    response = admin_client.post(
        f"/admin/clientes-da-api/nova-chave/{api_client_record.pk}/", follow=True
    )
    new = shown_key(response)
    assert new and new != old
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=old).status_code == 401
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=new).status_code == 200
    # Asked with GET, nothing changes.
    assert (
        admin_client.get(f"/admin/clientes-da-api/nova-chave/{api_client_record.pk}/").status_code
        == 405
    )


def test_the_list_and_the_edit_page(admin_client, api_client_record):
    listing = admin_client.get("/admin/clientes-da-api/")
    assert "MT Cidadão" in listing.content.decode()
    edit = admin_client.get(f"/admin/clientes-da-api/edit/{api_client_record.pk}/")
    assert f"/admin/clientes-da-api/chave/{api_client_record.pk}/" in edit.content.decode()


def test_editors_cannot_see_or_make_keys(client, api_client_record, django_user_model):
    from django.contrib.auth.models import Group

    from inbox.permissions import EDITORS

    user = django_user_model.objects.create_user("editora", password="x")
    user.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(user)
    assert client.get("/admin/clientes-da-api/").status_code in (302, 403)
    response = client.post(f"/admin/clientes-da-api/nova-chave/{api_client_record.pk}/")
    assert response.status_code in (302, 403)
    api_client_record.refresh_from_db()
    assert ApiClient.for_key(api_client_record.plain_key) is not None


def test_a_kept_client_follows_its_changes(client, api_client_record, three_step_form):
    from django.core.cache import cache

    key = api_client_record.plain_key
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=key).status_code == 200
    assert cache.get(f"api-client:{api_client_record.key_id}")  # kept after the first call
    api_client_record.is_active = False
    api_client_record.save()
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=key).status_code == 401
    api_client_record.is_active = True
    new = api_client_record.new_key()
    api_client_record.save()
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=key).status_code == 401
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=new).status_code == 200
    api_client_record.delete()
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=new).status_code == 401


def test_last_used_is_written_once_per_period(client, api_client_record, three_step_form):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/api/v1/formularios", HTTP_X_API_KEY=api_client_record.plain_key)
    api_client_record.refresh_from_db()
    assert api_client_record.last_used_at is not None
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/formularios", HTTP_X_API_KEY=api_client_record.plain_key)
    assert not [q for q in queries if "api_apiclient" in q["sql"]]
