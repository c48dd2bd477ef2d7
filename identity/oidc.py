"""The OpenID Connect client (authlib), configured from settings: issuer,
client, secret and scopes. gov.br in production; the state's own identity
provider, or the tests' provider, work the same (discovery document at
<issuer>/.well-known/openid-configuration; authorization code with PKCE S256).
"""

from authlib.integrations.django_client import OAuth
from django.conf import settings

_CLIENTS = {}


def client():
    """The provider's client, built once per configuration."""
    config = (
        settings.OIDC_ISSUER.rstrip("/"),
        settings.OIDC_CLIENT_ID,
        settings.OIDC_CLIENT_SECRET,
        settings.OIDC_SCOPES,
    )
    if config not in _CLIENTS:
        issuer, client_id, secret, scopes = config
        oauth = OAuth()
        oauth.register(
            name="govbr",
            client_id=client_id,
            client_secret=secret or None,
            server_metadata_url=f"{issuer}/.well-known/openid-configuration",
            client_kwargs={
                "scope": scopes,
                "code_challenge_method": "S256",
                "timeout": settings.OIDC_TIMEOUT_SECONDS,
            },
        )
        _CLIENTS.clear()
        _CLIENTS[config] = oauth.govbr
    return _CLIENTS[config]


def userinfo(access_token):
    """The claims the provider's userinfo endpoint gives for an access token
    (raises on a refused token or an unreachable provider)."""
    import requests

    govbr = client()
    metadata = govbr.load_server_metadata()
    response = requests.get(
        metadata["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {access_token}"},
        timeout=settings.OIDC_TIMEOUT_SECONDS,
    )
    response.raise_for_status()
    return response.json()
