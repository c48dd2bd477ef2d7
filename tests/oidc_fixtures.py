"""A real OpenID provider on loopback for the tests: the ``oidc_provider`` fixture.

The provider (tests/oidc_provider, django-oauth-toolkit) runs in a process of its
own, one per pytest process (each pytest-xdist worker starts its own), with two
citizens and two clients:

* the "web" client, confidential (client id and secret), as the website signs
  citizens in ("Entrar com gov.br");
* the "app" client, public (no secret), as the app gets the access tokens it
  sends to the JSON API.

Both use the authorization-code flow with PKCE (S256 is required, as gov.br
does) and get RS256-signed ID tokens whose ``sub`` is the citizen's CPF.

Import the fixture in a conftest.py::

    from tests.oidc_fixtures import oidc_provider  # noqa: F401
"""

import base64
import contextlib
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

REPO_ROOT = Path(__file__).resolve().parents[1]
SERVE = REPO_ROOT / "tests" / "oidc_provider" / "serve.py"
SETTINGS_MODULE = "tests.oidc_provider.settings"

START_TIMEOUT = 30  # seconds for the provider to migrate its database and answer
STOP_TIMEOUT = 10
HTTP_TIMEOUT = 10

PASSWORD = "senha-de-teste-1"
CITIZENS = (
    {"cpf": "52998224725", "name": "Maria da Silva", "email": "maria@example.com"},
    {"cpf": "11144477735", "name": "João Pereira", "email": "joao@example.com"},
)
WEB_CLIENT_ID = "procon-web"
APP_CLIENT_ID = "procon-app"
APP_REDIRECT_URI = "http://127.0.0.1/app-callback"
# Loopback redirect URIs (http://127.0.0.1/...) match whatever port the request
# names (RFC 8252, section 7.3), as django-oauth-toolkit applies it.
WEB_REDIRECT_URI = "http://127.0.0.1/contas/govbr/retorno/"
DEFAULT_SCOPE = "openid email profile"


class OIDCProviderError(RuntimeError):
    """The provider refused or failed a step of a flow the tests expected to work."""


def pkce_pair():
    """A code verifier and its S256 code challenge (RFC 7636)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")
    return verifier, challenge


def http_session():
    """A requests session that talks to loopback directly, whatever proxy the
    environment names."""
    session = requests.Session()
    session.trust_env = False
    return session


@dataclass
class OIDCProvider:
    """The running provider, as the ``oidc_provider`` fixture yields it."""

    base_url: str  # http://127.0.0.1:PORT
    web_client_id: str
    web_client_secret: str
    app_client_id: str
    app_redirect_uri: str
    web_redirect_uri: str
    citizens: list[dict]  # cpf, name, email, password
    admin_token: str = field(repr=False)
    log_path: Path | None = None

    @property
    def issuer(self):
        return f"{self.base_url}/o"

    @property
    def discovery_url(self):
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def login_url(self):
        return f"{self.base_url}/entrar/"

    @property
    def authorization_endpoint(self):
        return f"{self.issuer}/authorize/"

    @property
    def token_endpoint(self):
        return f"{self.issuer}/token/"

    @property
    def userinfo_endpoint(self):
        return f"{self.issuer}/userinfo/"

    @property
    def jwks_uri(self):
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def end_session_endpoint(self):
        return f"{self.issuer}/logout/"

    def citizen(self, cpf):
        for citizen in self.citizens:
            if citizen["cpf"] == cpf:
                return citizen
        raise KeyError(cpf)

    # Registration at run time -------------------------------------------------

    def allow_redirect_uri(self, uri, client_id=None):
        """Adds ``uri`` to the redirect URIs of the web client (or ``client_id``)."""
        return self._allow(uri, "redirect", client_id)

    def allow_post_logout_redirect_uri(self, uri, client_id=None):
        """Adds ``uri`` to where the web client (or ``client_id``) may send a
        citizen after logging out at ``end_session_endpoint``."""
        return self._allow(uri, "post_logout", client_id)

    def _allow(self, uri, kind, client_id):
        with http_session() as session:
            response = session.post(
                f"{self.base_url}/_teste/uris/",
                data={"client_id": client_id or self.web_client_id, "uri": uri, "kind": kind},
                headers={"Authorization": f"Bearer {self.admin_token}"},
                timeout=HTTP_TIMEOUT,
            )
        if response.status_code != 200:
            raise OIDCProviderError(f"adding {uri!r}: {response.status_code} {response.text}")
        return response.json()

    # Flows over HTTP ---------------------------------------------------------

    def login(self, session, cpf, password=None):
        """Logs ``session`` (requests) in on the provider's login page; True when
        the provider accepted the CPF and password."""
        if password is None:
            password = self.citizen(cpf)["password"]
        page = session.get(self.login_url, timeout=HTTP_TIMEOUT)
        page.raise_for_status()
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if match is None:
            raise OIDCProviderError("the login page has no CSRF token")
        response = session.post(
            self.login_url,
            data={"csrfmiddlewaretoken": match[1], "username": cpf, "password": password},
            headers={"Referer": self.login_url},
            allow_redirects=False,
            timeout=HTTP_TIMEOUT,
        )
        if response.status_code not in (200, 302):
            raise OIDCProviderError(f"login page answered {response.status_code}")
        return response.status_code == 302

    def session_for(self, cpf):
        """A requests session logged in on the provider as the citizen ``cpf``:
        following the site's redirects with it completes "Entrar com gov.br"."""
        session = http_session()
        if not self.login(session, cpf):
            session.close()
            raise OIDCProviderError(f"the provider refused the login of {cpf}")
        return session

    def authorize(self, session, client_id, redirect_uri, **params):
        """GET the authorization endpoint without following the redirect."""
        query = {"response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri}
        query.update(params)
        return session.get(
            self.authorization_endpoint, params=query, allow_redirects=False, timeout=HTTP_TIMEOUT
        )

    def code_flow(
        self, cpf, client_id, redirect_uri, client_secret=None, scope=DEFAULT_SCOPE, nonce=None
    ):
        """The authorization-code flow with PKCE for ``client_id``, as the citizen
        ``cpf``: returns the token endpoint's answer (access_token, id_token, ...).
        With ``client_secret`` the client authenticates with HTTP Basic."""
        verifier, challenge = pkce_pair()
        state = secrets.token_urlsafe(16)
        params = {
            "scope": scope,
            "state": state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
        if nonce is not None:
            params["nonce"] = nonce
        with self.session_for(cpf) as session:
            response = self.authorize(session, client_id, redirect_uri, **params)
            location = response.headers.get("Location", "")
            if response.status_code != 302 or not location.startswith(redirect_uri):
                raise OIDCProviderError(
                    f"authorization: {response.status_code} {location or response.text[:500]}"
                )
            answer = {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}
            if "code" not in answer or answer.get("state") != state:
                raise OIDCProviderError(f"authorization: {location}")
            data = {
                "grant_type": "authorization_code",
                "code": answer["code"],
                "redirect_uri": redirect_uri,
                "code_verifier": verifier,
            }
            auth = None
            if client_secret is None:
                data["client_id"] = client_id
            else:
                auth = (client_id, client_secret)
            token = session.post(self.token_endpoint, data=data, auth=auth, timeout=HTTP_TIMEOUT)
        if token.status_code != 200:
            raise OIDCProviderError(f"token endpoint: {token.status_code} {token.text}")
        return token.json()

    def token_for(self, cpf, scope=DEFAULT_SCOPE, nonce=None):
        """Tokens for the citizen ``cpf`` as the app (public client) gets them:
        the token endpoint's answer, a dict with access_token, id_token,
        refresh_token, token_type, expires_in and scope."""
        return self.code_flow(
            cpf, self.app_client_id, self.app_redirect_uri, scope=scope, nonce=nonce
        )

    def web_token_for(self, cpf, redirect_uri=None, scope=DEFAULT_SCOPE, nonce=None):
        """The same as the website (confidential client, with its secret) gets them."""
        return self.code_flow(
            cpf,
            self.web_client_id,
            redirect_uri or self.web_redirect_uri,
            client_secret=self.web_client_secret,
            scope=scope,
            nonce=nonce,
        )


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def log_tail(path, lines=40):
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


class ProviderProcess:
    """serve.py in a process group of its own, its output in a log file."""

    def __init__(self, workdir, port, config):
        self.port = port
        self.log_path = workdir / f"provider-{port}.log"
        config_path = workdir / f"config-{port}.json"
        config_path.write_text(json.dumps(config), encoding="utf-8")
        env = dict(os.environ)
        env["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO_ROOT), env.get("PYTHONPATH", "")) if p
        )
        env["PYTHONUNBUFFERED"] = "1"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    str(SERVE),
                    "--port",
                    str(port),
                    "--db",
                    str(workdir / f"provider-{port}.sqlite3"),
                    "--config",
                    str(config_path),
                    "--watch-stdin",
                ],
                cwd=REPO_ROOT,
                env=env,
                # Kept open: the provider stops when it closes, should this
                # process die without tearing the fixture down.
                stdin=subprocess.PIPE,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_ready(self, issuer, deadline):
        """Polls discovery until it names ``issuer``. False when the process
        exited first (e.g. the port was taken); raises after the deadline."""
        url = f"{issuer}/.well-known/openid-configuration"
        with http_session() as session:
            while True:
                if self.process.poll() is not None:
                    return False
                try:
                    response = session.get(url, timeout=2)
                    if response.status_code == 200 and response.json().get("issuer") == issuer:
                        return True
                except (requests.ConnectionError, requests.Timeout, ValueError):
                    pass
                if time.monotonic() > deadline:
                    raise OIDCProviderError(
                        f"the OpenID provider did not answer at {url} within "
                        f"{START_TIMEOUT} s; its log:\n{log_tail(self.log_path)}"
                    )
                time.sleep(0.05)

    def stop(self):
        process = self.process
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        if process.stdin:
            process.stdin.close()


def start_provider(workdir, attempts=3):
    """Starts the provider on a free loopback port: (OIDCProvider, ProviderProcess)."""
    citizens = [{**citizen, "password": PASSWORD} for citizen in CITIZENS]
    web_client_secret = secrets.token_urlsafe(32)
    admin_token = secrets.token_urlsafe(32)
    config = {
        "admin_token": admin_token,
        "citizens": citizens,
        "clients": [
            {
                "name": "web",
                "client_id": WEB_CLIENT_ID,
                "client_secret": web_client_secret,
                "client_type": "confidential",
                "redirect_uris": [WEB_REDIRECT_URI],
            },
            {
                "name": "app",
                "client_id": APP_CLIENT_ID,
                "client_type": "public",
                "redirect_uris": [APP_REDIRECT_URI],
            },
        ],
    }
    deadline = time.monotonic() + START_TIMEOUT
    for _ in range(attempts):
        port = free_port()
        process = ProviderProcess(workdir, port, config)
        base_url = f"http://127.0.0.1:{port}"
        try:
            ready = process.wait_until_ready(f"{base_url}/o", deadline)
        except BaseException:
            process.stop()
            raise
        if ready:
            provider = OIDCProvider(
                base_url=base_url,
                web_client_id=WEB_CLIENT_ID,
                web_client_secret=web_client_secret,
                app_client_id=APP_CLIENT_ID,
                app_redirect_uri=APP_REDIRECT_URI,
                web_redirect_uri=WEB_REDIRECT_URI,
                citizens=citizens,
                admin_token=admin_token,
                log_path=process.log_path,
            )
            return provider, process
        process.stop()
        tail = log_tail(process.log_path)
        # Another process took the port between free_port() and the bind: retry.
        if "Address already in use" not in tail:
            break
    raise OIDCProviderError(
        f"the OpenID provider exited with {process.process.returncode}; its log:\n{tail}"
    )


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID provider (gov.br-like) on 127.0.0.1, for the whole session."""
    provider, process = start_provider(tmp_path_factory.mktemp("oidc-provider"))
    try:
        yield provider
    finally:
        process.stop()
