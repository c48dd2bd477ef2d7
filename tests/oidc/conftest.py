from tests.oidc_fixtures import oidc_provider  # noqa: F401
