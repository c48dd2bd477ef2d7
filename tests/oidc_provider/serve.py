"""Runs the test OpenID provider on 127.0.0.1 until it is killed.

    python tests/oidc_provider/serve.py --port P --db PATH --config JSON_PATH

Creates the tables of a new SQLite database at PATH, creates the citizens and the client
applications of the JSON configuration, signs ID tokens (RS256) with an RSA key
made at start, and serves ``http://127.0.0.1:P`` with a threaded WSGI server:
the issuer is ``http://127.0.0.1:P/o``. Prints ``ready <issuer>`` once it
accepts connections.

The configuration::

    {
      "admin_token": "...",
      "citizens": [{"cpf": "52998224725", "name": "...", "email": "...", "password": "..."}],
      "clients": [
        {"name": "web", "client_id": "...", "client_secret": "...",
         "client_type": "confidential", "redirect_uris": ["http://127.0.0.1/cb"]},
        {"name": "app", "client_id": "...", "client_type": "public",
         "redirect_uris": ["http://127.0.0.1/app-callback"]}
      ]
    }

With ``--watch-stdin`` the provider also stops when its standard input closes,
so it does not outlive a test run that was killed.
"""

import argparse
import json
import os
import sys
import threading
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", type=Path, required=True, help="a new SQLite file")
    parser.add_argument("--config", type=Path, required=True, help="JSON: citizens and clients")
    parser.add_argument("--watch-stdin", action="store_true", help="stop when stdin closes")
    return parser.parse_args(argv)


def rsa_private_key_pem():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    ).decode("ascii")


def load(config):
    from django.contrib.auth import get_user_model
    from oauth2_provider.models import get_application_model

    User = get_user_model()
    Application = get_application_model()
    for citizen in config["citizens"]:
        cpf = citizen["cpf"]
        if not (len(cpf) == 11 and cpf.isdigit()):
            raise ValueError(f"a CPF has 11 digits: {cpf!r}")
        first_name, _, last_name = citizen["name"].partition(" ")
        User.objects.create_user(
            username=cpf,
            email=citizen.get("email", ""),
            password=citizen["password"],
            first_name=first_name,
            last_name=last_name,
        )
    for client in config["clients"]:
        application = Application(
            name=client["name"],
            client_id=client["client_id"],
            client_type=client["client_type"],
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            redirect_uris=" ".join(client["redirect_uris"]),
            post_logout_redirect_uris=" ".join(client.get("post_logout_redirect_uris", [])),
            skip_authorization=True,
            algorithm=Application.RS256_ALGORITHM,
        )
        if "client_secret" in client:
            # Stored hashed (hash_client_secret): the plain secret stays with
            # whoever wrote the configuration.
            application.client_secret = client["client_secret"]
        application.full_clean()
        application.save()


def watch_stdin():
    # os.read on the descriptor, not sys.stdin: a daemon thread blocked in a
    # buffered read aborts the interpreter's shutdown.
    fd = sys.stdin.fileno()

    def wait_for_eof():
        while os.read(fd, 4096):
            pass
        os._exit(0)

    threading.Thread(target=wait_for_eof, name="stdin-watch", daemon=True).start()


def main(argv=None):
    args = parse_args(argv)
    # Run as a script, Python puts this folder first on sys.path; the provider
    # is imported as tests.oidc_provider from the repository's root instead.
    if sys.path and Path(sys.path[0] or ".").resolve() == HERE:
        sys.path.pop(0)
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))

    config = json.loads(args.config.read_text(encoding="utf-8"))
    issuer = f"http://127.0.0.1:{args.port}/o"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    os.environ["OIDC_PROVIDER_ISSUER"] = issuer
    os.environ["OIDC_PROVIDER_DB"] = str(args.db.resolve())
    os.environ["OIDC_PROVIDER_ADMIN_TOKEN"] = config["admin_token"]
    os.environ["OIDC_PROVIDER_RSA_KEY"] = rsa_private_key_pem()
    if args.watch_stdin:
        watch_stdin()

    import django

    django.setup()

    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class RequestHandler(WSGIRequestHandler):
        # Answers on a kept-alive connection leave at once instead of waiting
        # for the client's delayed ACK (Nagle's algorithm).
        disable_nagle_algorithm = True

    # Bound first: a port taken by another process fails the start at once.
    # Connections made meanwhile wait in the backlog until the server serves.
    server = ThreadedWSGIServer(("127.0.0.1", args.port), RequestHandler)
    call_command("migrate", interactive=False, run_syncdb=True, verbosity=0)
    load(config)
    server.set_app(get_wsgi_application())
    print(f"ready {issuer}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
