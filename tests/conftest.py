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


@pytest.fixture(autouse=True)
def portuguese_first():
    """Each test starts in the site's language. A request to /en/ or /es/ leaves
    its language active in the thread (Django's LocaleMiddleware sets it per
    request), and a later test's `page.url`, read outside a request, would
    follow it. The locale ids home/i18n.py keeps are read again too."""
    from django.conf import settings
    from django.utils import translation

    from home import i18n

    translation.activate(settings.LANGUAGE_CODE)
    i18n.forget_locales()
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
