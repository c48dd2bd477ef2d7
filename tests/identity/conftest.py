import io

import pytest

from tests.oidc_fixtures import oidc_provider  # noqa: F401


@pytest.fixture
def govbr(settings, oidc_provider, live_server):  # noqa: F811
    """The site signs in against the local OpenID provider (as it would against
    gov.br), served by Django's live server."""
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_CLIENT_ID = oidc_provider.web_client_id
    settings.OIDC_CLIENT_SECRET = oidc_provider.web_client_secret
    settings.OIDC_SCOPES = "openid email profile"
    oidc_provider.allow_redirect_uri(f"{live_server.url}/contas/govbr/retorno/")
    return oidc_provider


@pytest.fixture
def demo_forms(transactional_db):
    from django.core.management import call_command

    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
