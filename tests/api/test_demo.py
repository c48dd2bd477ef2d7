"""The demo API client make run prints, and the API's answer to unknown addresses."""

import io

import pytest
from django.core.management import call_command

from api.management.commands.demo_api_client import DEMO_KEY
from api.models import ApiClient

pytestmark = pytest.mark.django_db


def test_the_demo_key_works_in_development(client, settings, site):
    settings.DEBUG = True
    call_command("demo_api_client", stdout=io.StringIO())
    call_command("demo_api_client", stdout=io.StringIO())  # again: reset, not duplicated
    assert ApiClient.objects.count() == 1
    assert client.get("/api/v1/formularios", HTTP_X_API_KEY=DEMO_KEY).status_code == 200


def test_no_demo_key_without_debug(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("demo_api_client", stdout=out)
    assert not ApiClient.objects.exists()
    assert "DEBUG" in out.getvalue()


def test_unknown_api_addresses_are_problems(client):
    for path in ("/api/v1/naoexiste", "/api/v2/formularios", "/api/"):
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"
