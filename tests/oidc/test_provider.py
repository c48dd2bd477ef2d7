"""The test OpenID provider is a real one and answers like gov.br where the
project depends on it: discovery, PKCE (S256) required, RS256 ID tokens whose
``sub`` is the CPF, userinfo, confidential and public clients."""

from urllib.parse import parse_qs, urlsplit

import pytest
from joserfc import jwt
from joserfc.errors import BadSignatureError
from joserfc.jwk import KeySet, RSAKey

from tests.oidc_fixtures import http_session, pkce_pair

MARIA = "52998224725"
JOAO = "11144477735"


@pytest.fixture(scope="module")
def discovery(oidc_provider):
    with http_session() as session:
        response = session.get(oidc_provider.discovery_url, timeout=10)
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="module")
def jwks(oidc_provider, discovery):
    with http_session() as session:
        response = session.get(discovery["jwks_uri"], timeout=10)
    assert response.status_code == 200
    return KeySet.import_key_set(response.json())


def decode_id_token(id_token, jwks, oidc_provider, audience):
    """The claims of an ID token (or of an access token: both are JWTs) once its
    RS256 signature verified against the JWKS."""
    claims = jwt.decode(id_token, jwks, algorithms=["RS256"]).claims
    jwt.JWTClaimsRegistry(
        iss={"essential": True, "value": oidc_provider.issuer},
        aud={"essential": True, "value": audience},
        sub={"essential": True},
        exp={"essential": True},
        iat={"essential": True},
    ).validate(claims)
    return claims


def userinfo(oidc_provider, access_token):
    with http_session() as session:
        return session.get(
            oidc_provider.userinfo_endpoint,
            headers={"Authorization": f"Bearer {access_token}"},
            timeout=10,
        )


def query_of(location):
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def test_discovery_names_the_issuer_and_the_endpoints(oidc_provider, discovery):
    assert oidc_provider.issuer.startswith("http://127.0.0.1:")
    assert discovery["issuer"] == oidc_provider.issuer
    assert discovery["authorization_endpoint"] == oidc_provider.authorization_endpoint
    assert discovery["token_endpoint"] == oidc_provider.token_endpoint
    assert discovery["userinfo_endpoint"] == oidc_provider.userinfo_endpoint
    assert discovery["jwks_uri"] == oidc_provider.jwks_uri
    assert discovery["code_challenge_methods_supported"] == ["S256"]
    assert "RS256" in discovery["id_token_signing_alg_values_supported"]
    assert {"openid", "profile", "email"} <= set(discovery["scopes_supported"])
    assert {"sub", "name", "email", "email_verified"} <= set(discovery["claims_supported"])


def test_the_app_gets_an_access_token_and_a_signed_id_token(oidc_provider, jwks):
    tokens = oidc_provider.token_for(MARIA, nonce="n-0S6_WzA2Mj")

    assert tokens["access_token"]
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 3600
    assert set(tokens["scope"].split()) == {"openid", "email", "profile"}
    claims = decode_id_token(tokens["id_token"], jwks, oidc_provider, oidc_provider.app_client_id)
    assert claims["sub"] == MARIA
    assert claims["iss"] == oidc_provider.issuer
    assert claims["nonce"] == "n-0S6_WzA2Mj"
    assert claims["name"] == "Maria da Silva"
    assert claims["email"] == "maria@example.com"


def test_the_access_token_is_a_jwt_signed_like_the_id_token(oidc_provider, jwks):
    """gov.br's access tokens are JWTs too: an API can check them against the JWKS."""
    tokens = oidc_provider.token_for(JOAO, scope="openid email")

    claims = decode_id_token(
        tokens["access_token"], jwks, oidc_provider, oidc_provider.app_client_id
    )
    assert claims["sub"] == JOAO
    assert claims["iss"] == oidc_provider.issuer
    assert claims["client_id"] == oidc_provider.app_client_id
    assert sorted(claims["scope"]) == ["email", "openid"]
    assert claims["exp"] - claims["iat"] == 3600
    assert tokens["refresh_token"].count(".") == 0  # refresh tokens stay opaque


def test_an_id_token_signed_by_another_key_does_not_verify(oidc_provider):
    tokens = oidc_provider.token_for(MARIA)
    other = RSAKey.generate_key(2048)

    with pytest.raises(BadSignatureError):
        jwt.decode(tokens["id_token"], other, algorithms=["RS256"])


def test_userinfo_answers_with_the_cpf_the_name_and_the_email(oidc_provider):
    tokens = oidc_provider.token_for(MARIA)

    response = userinfo(oidc_provider, tokens["access_token"])

    assert response.status_code == 200
    assert response.json() == {
        "sub": MARIA,
        "name": "Maria da Silva",
        "email": "maria@example.com",
        "email_verified": True,
    }


def test_userinfo_releases_only_the_granted_scopes(oidc_provider):
    tokens = oidc_provider.token_for(JOAO, scope="openid")

    assert userinfo(oidc_provider, tokens["access_token"]).json() == {"sub": JOAO}


def test_userinfo_refuses_an_unknown_token(oidc_provider):
    assert userinfo(oidc_provider, "nao-e-um-token").status_code == 401


def test_two_citizens_get_different_subjects(oidc_provider, jwks):
    maria = oidc_provider.token_for(MARIA)
    joao = oidc_provider.token_for(JOAO)

    audience = oidc_provider.app_client_id
    assert decode_id_token(maria["id_token"], jwks, oidc_provider, audience)["sub"] == MARIA
    assert decode_id_token(joao["id_token"], jwks, oidc_provider, audience)["sub"] == JOAO
    assert userinfo(oidc_provider, joao["access_token"]).json()["name"] == "João Pereira"
    assert maria["access_token"] != joao["access_token"]


def test_an_authorization_request_without_code_challenge_is_refused(oidc_provider):
    with oidc_provider.session_for(MARIA) as session:
        response = oidc_provider.authorize(
            session,
            oidc_provider.app_client_id,
            oidc_provider.app_redirect_uri,
            scope="openid",
            state="s1",
        )

    assert response.status_code == 302
    answer = query_of(response.headers["Location"])
    assert answer["error"] == "invalid_request"
    assert answer["state"] == "s1"
    assert "code" not in answer


def test_the_plain_code_challenge_method_is_refused(oidc_provider):
    verifier, _ = pkce_pair()
    with oidc_provider.session_for(MARIA) as session:
        response = oidc_provider.authorize(
            session,
            oidc_provider.app_client_id,
            oidc_provider.app_redirect_uri,
            scope="openid",
            state="s2",
            code_challenge=verifier,
            code_challenge_method="plain",
        )

    assert response.status_code == 302
    assert "code" not in query_of(response.headers["Location"])


def test_a_code_is_not_exchanged_without_its_verifier(oidc_provider):
    _, challenge = pkce_pair()
    other_verifier, _ = pkce_pair()
    with oidc_provider.session_for(MARIA) as session:
        response = oidc_provider.authorize(
            session,
            oidc_provider.app_client_id,
            oidc_provider.app_redirect_uri,
            scope="openid",
            state="s3",
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        code = query_of(response.headers["Location"])["code"]
        token = session.post(
            oidc_provider.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": oidc_provider.app_redirect_uri,
                "client_id": oidc_provider.app_client_id,
                "code_verifier": other_verifier,
            },
            timeout=10,
        )

    assert token.status_code == 400
    assert token.json()["error"] == "invalid_grant"


def test_a_wrong_password_does_not_log_in(oidc_provider):
    with http_session() as session:
        assert not oidc_provider.login(session, MARIA, "senha-errada")
        # Not logged in: the authorization endpoint sends the citizen to the login page.
        _, challenge = pkce_pair()
        response = oidc_provider.authorize(
            session,
            oidc_provider.app_client_id,
            oidc_provider.app_redirect_uri,
            scope="openid",
            state="s4",
            code_challenge=challenge,
            code_challenge_method="S256",
        )

    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == urlsplit(oidc_provider.login_url).path


def test_the_web_client_signs_in_with_its_secret_at_an_added_redirect_uri(oidc_provider, jwks):
    redirect_uri = "http://localhost:8123/contas/govbr/retorno/"
    oidc_provider.allow_redirect_uri(redirect_uri)

    tokens = oidc_provider.web_token_for(JOAO, redirect_uri=redirect_uri, nonce="abc")

    claims = decode_id_token(tokens["id_token"], jwks, oidc_provider, oidc_provider.web_client_id)
    assert claims["sub"] == JOAO
    assert claims["nonce"] == "abc"


def test_the_web_client_needs_its_secret(oidc_provider):
    _, challenge = pkce_pair()
    with oidc_provider.session_for(JOAO) as session:
        response = oidc_provider.authorize(
            session,
            oidc_provider.web_client_id,
            oidc_provider.web_redirect_uri,
            scope="openid",
            state="s5",
            code_challenge=challenge,
            code_challenge_method="S256",
        )
        code = query_of(response.headers["Location"])["code"]
        token = session.post(
            oidc_provider.token_endpoint,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": oidc_provider.web_redirect_uri,
                "code_verifier": "x" * 43,
            },
            auth=(oidc_provider.web_client_id, "segredo-errado"),
            timeout=10,
        )

    assert token.status_code == 401
    assert token.json()["error"] == "invalid_client"


def test_an_unregistered_redirect_uri_is_refused(oidc_provider):
    _, challenge = pkce_pair()
    with oidc_provider.session_for(MARIA) as session:
        response = oidc_provider.authorize(
            session,
            oidc_provider.web_client_id,
            "http://localhost:9/nao-registrado/",
            scope="openid",
            state="s6",
            code_challenge=challenge,
            code_challenge_method="S256",
        )

    assert response.status_code == 400
    assert "Location" not in response.headers


def test_adding_a_redirect_uri_needs_the_administration_token(oidc_provider):
    with http_session() as session:
        response = session.post(
            f"{oidc_provider.base_url}/_teste/uris/",
            data={"client_id": oidc_provider.web_client_id, "uri": "http://localhost:1/x/"},
            headers={"Authorization": "Bearer outro"},
            timeout=10,
        )

    assert response.status_code == 403
