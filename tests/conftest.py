import pytest
from wagtail.models import Site


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate limits and cached pages must not leak from one test into another."""
    from django.core.cache import cache

    from forms import engine

    def forget():
        cache.clear()
        # Kept per page-cache generation, which a rolled-back test does not change.
        engine._BUILT.clear()

    forget()
    yield
    forget()


@pytest.fixture
def site(db):
    """The default site with its HomePage, as the migrations leave it (rebuilt
    when an earlier transactional test flushed the database)."""
    from home.demo import default_site

    return default_site()[0]


@pytest.fixture
def home_page(site):
    return site.root_page.specific


@pytest.fixture
def demo_content(db):
    from django.core.management import call_command

    call_command("load_demo_content", "--no-admin", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("chefe", "chefe@example.com", "senha-123")
    client.force_login(user)
    return client
