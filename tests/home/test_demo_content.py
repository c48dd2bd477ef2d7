import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page, PageLogEntry, Revision

from home.models import AgencySettings


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "title", "live")),
        "revisions": Revision.objects.count(),
        "log_entries": PageLogEntry.objects.count(),
        "settings": list(AgencySettings.objects.values()),
        "users": list(get_user_model().objects.values_list("username", flat=True)),
    }


@pytest.mark.django_db
def test_demo_content_is_idempotent():
    call_command("load_demo_content", stdout=io.StringIO())
    first = snapshot()
    call_command("load_demo_content", stdout=io.StringIO())
    assert snapshot() == first
    assert first["revisions"] >= 1
    assert AgencySettings.objects.get().state == "MT"


@pytest.mark.django_db
def test_demo_admin_only_in_development():
    with override_settings(DEBUG=False):
        call_command("load_demo_content", stdout=io.StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    with override_settings(DEBUG=True):
        out = io.StringIO()
        call_command("load_demo_content", stdout=out)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("procon-demo")
    assert "admin" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_demo_content_builds_a_site_on_an_empty_database():
    """A flushed database (as browser tests see it) still gets a working site."""
    Page.objects.all().delete()
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    from django.test import Client

    assert Client().get("/").status_code == 200


@pytest.mark.django_db
def test_under_production_settings_the_command_says_how_to_make_the_first_admin():
    out = io.StringIO()
    with override_settings(DEBUG=False):
        call_command("load_demo_content", stdout=out)
    assert not get_user_model().objects.exists()
    assert "No demo admin account was created" in out.getvalue()
    assert "python manage.py createsuperuser" in out.getvalue()

    get_user_model().objects.create_superuser("chefe", "chefe@example.com", "x" * 16)
    out = io.StringIO()
    with override_settings(DEBUG=False):
        call_command("load_demo_content", stdout=out)
    assert "An administrator already exists" in out.getvalue()
    assert "createsuperuser" not in out.getvalue()

    out = io.StringIO()
    with override_settings(DEBUG=False):
        call_command("load_demo_content", "--no-admin", stdout=out)
    assert "demo admin" not in out.getvalue()
