"""Site benchmark: one command, side-by-side figures, written to docs/performance.md.

    python bench/site.py [--write-docs]          # what `make bench` runs

1. prepares a PostgreSQL database used only for this (DATABASE_URL, default
   procon_sitebench): migrations, the demo content, Wagtail's stock form page
   with the complaint form's fields (bench/stockform), collected static files;
2. starts the site under gunicorn with deploy/gunicorn.conf.py and production
   settings (bench/settings.py adds a minimal "ok" view, the stock form and plain
   HTTP on loopback), on 127.0.0.1:--port;
3. generates Wagtail's stock project with the installed Wagtail's own template
   (`wagtail start`, in var/bench-stock/, nothing of it committed) on its own
   database (the same server, name + "_stock"), with the template's production
   settings and defaults (DEBUG off, no persistent database connections), plus
   the stock form page of bench/stockform (added in its local.py), and
   starts it twice under gunicorn with the same settings as our site: as the
   template has it on --port + 2, with CONN_MAX_AGE=60 (as our site) on --port + 3;
4. wrk, 10 connections: the minimal view, a guidance page and the home page,
   each from the page cache and rendered (a cookie keeps a request out of the
   cache), and the stock home page on both stock servers, in alternating rounds;
   medians of the rounds;
5. locust, 50 users: Wagtail's stock form (GET + one POST), then the complete
   complaint journey (start, every step, two 1 MB PDFs, review, submit,
   confirmation), then the same complaint filed by 50 apps through the API for
   apps (definition, draft, every step, the same two PDFs, review, submit with an
   Idempotency-Key, the case once); counts the submissions stored against the
   journeys finished, and fails (exit status 1, after writing the figures) when
   the API journey had errors or lost submissions or its submit's p95 is above
   API_SUBMIT_RATIO times the web submit's;
6. one request at a time (bench/sequential.py): --sequential-stock rounds of the
   stock form (GET + POST) on three servers, the stock project as the template has
   it and with CONN_MAX_AGE=60 (both with bench/stockform added) and our site, and
   --sequential-journeys complete complaint journeys on our site, taking turns;
7. bench/inbox.py fill + measure with --inbox-rows rows (bench/run_inbox.py).
"""

import argparse
import contextlib
import csv
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
GUIDANCE = "/orientacoes/direito-de-arrependimento/"
# Wagtail's stock project, generated at each run by the installed Wagtail's `wagtail start`.
STOCK_NAME = "benchstock"
STOCK_DIR = ROOT / "var" / "bench-stock"
STOCK_CONN_MAX_AGE = 60  # our site's default (DATABASE_CONN_MAX_AGE)
STOCK_HOME = "Stock Wagtail home page (wagtail start), uncached"
STOCK_HOME_PERSISTENT = (
    f"Stock Wagtail home page (wagtail start, CONN_MAX_AGE={STOCK_CONN_MAX_AGE}), uncached"
)
# The three servers of the stock form, as the form figures name them.
SEQUENTIAL_STOCK = "stock project"
SEQUENTIAL_STOCK_PERSISTENT = f"stock project, CONN_MAX_AGE={STOCK_CONN_MAX_AGE}"
SEQUENTIAL_STOCK_OURS = "our site"
sys.path.insert(0, str(ROOT))  # bench.results, bench.sequential

from bench import sequential  # noqa: E402
from bench.sequential import ms, percentile  # noqa: E402


def run(command, env, cwd=ROOT, **kwargs):
    print("$", " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, cwd=cwd, env=env, check=True, **kwargs)  # noqa: S603


def bench_env(args):
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
            "DATABASE_URL": args.database_url,
            "SECRET_KEY": "bench-only-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "PAGE_CACHE_GENERATION_FILE": str(ROOT / "var" / "bench-page-cache-generation"),
        }
    )
    return env


def create_database(env, database_url):
    """Creates the URL's database on its server when it does not exist yet."""
    exists = subprocess.run(  # noqa: S603
        ["psql", database_url, "-c", "SELECT 1"],  # noqa: S607
        capture_output=True,
    )
    if exists.returncode == 0:
        return
    url = urllib.parse.urlsplit(database_url)
    command = ["createdb", "-h", url.hostname or "127.0.0.1", "-p", str(url.port or 5432)]
    command += ["-U", url.username or "postgres", url.path.lstrip("/")]
    env = {**env, "PGPASSWORD": urllib.parse.unquote(url.password)} if url.password else env
    run(command, env)


def prepare(env, database_url):
    create_database(env, database_url)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "load_demo_content", "--no-admin"], env, stdout=subprocess.DEVNULL)
    run([*manage, "bench_site_setup"], env)
    run([*manage, "collectstatic", "--noinput", "-v", "0"], env)


def stock_database_url(database_url):
    """The stock project's database: on the same server, the name + "_stock"."""
    url = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(url._replace(path=url.path.rstrip("/") + "_stock"))


def stock_env(conn_max_age=None):
    """The environment of the stock project: none of our site's paths or settings."""
    ours = ("PYTHONPATH", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "GUNICORN_CONTROL_SOCKET")
    env = {name: value for name, value in os.environ.items() if name not in ours}
    env["DJANGO_SETTINGS_MODULE"] = f"{STOCK_NAME}.settings.production"
    if conn_max_age is not None:
        env["BENCH_STOCK_CONN_MAX_AGE"] = str(conn_max_age)
    return env


def prepare_stock(args):
    """Wagtail's stock project as the installed Wagtail's `wagtail start` writes it,
    on its own PostgreSQL database, with the template's production settings, plus
    the stock form page of bench/stockform (the baseline of the form figures)."""
    import dj_database_url

    env = stock_env()
    # Written once the project is migrated, has its form page and its static files;
    # it names the database it was prepared on (another run may use another).
    marker = STOCK_DIR / "bench-prepared"
    database_url = stock_database_url(args.database_url)
    prepared_for = f"prepared on {database_url}\n"
    prepared = marker.exists() and marker.read_text() == prepared_for
    if not (args.skip_prepare and prepared):
        shutil.rmtree(STOCK_DIR, ignore_errors=True)
        STOCK_DIR.mkdir(parents=True)
        run([BIN / "wagtail", "start", STOCK_NAME, STOCK_DIR], env, cwd=STOCK_DIR)
    database = {
        key: value
        for key, value in dj_database_url.parse(database_url).items()
        if key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    }
    # The template's production settings end with `from .local import *`: only what
    # it cannot know is set here, and the stock form app; everything else,
    # CONN_MAX_AGE, middleware and templates included, is its own. The repository
    # root goes at the end of the path, not in front (gunicorn's --pythonpath
    # would put it there): its own `home` app must not hide the project's.
    (STOCK_DIR / STOCK_NAME / "settings" / "local.py").write_text(
        "# Written by bench/site.py at each run.\n"
        "import os\n"
        "import sys\n\n"
        "from .base import INSTALLED_APPS\n\n"
        f"DATABASES = {{'default': {database!r}}}\n"
        "if os.environ.get('BENCH_STOCK_CONN_MAX_AGE'):\n"
        "    DATABASES['default']['CONN_MAX_AGE'] = int(os.environ['BENCH_STOCK_CONN_MAX_AGE'])\n"
        f"SECRET_KEY = {secrets.token_urlsafe(50)!r}\n"
        "ALLOWED_HOSTS = ['127.0.0.1', 'localhost']\n\n"
        "# Wagtail's stock form page, as on our benchmark server (bench/stockform).\n"
        f"sys.path.append({str(ROOT)!r})\n"
        "INSTALLED_APPS = [*INSTALLED_APPS, 'bench.stockform']\n"
    )
    if args.skip_prepare and prepared:
        return
    marker.unlink(missing_ok=True)
    create_database(env, database_url)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env, cwd=STOCK_DIR)
    # The stock form page, under the template's home page (the default site's root).
    run([*manage, "bench_site_setup"], env, cwd=STOCK_DIR)
    # ManifestStaticFilesStorage (the template's production setting) needs the manifest.
    run([*manage, "collectstatic", "--noinput", "-v", "0"], env, cwd=STOCK_DIR)
    marker.write_text(prepared_for)


def start_server(command, env, port, path, log_name, cwd=ROOT):
    """Starts gunicorn; returns once `path` answers 200."""
    print("$", " ".join(str(part) for part in command), flush=True)
    log = open(ROOT / "var" / log_name, "w")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=log)  # noqa: S603
    for _ in range(300):
        if server.poll() is not None:
            break
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    sys.exit(f"gunicorn did not start or {path} did not answer 200; see var/{log_name}")


def stop_server(server):
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


ACCESS_LOG = ROOT / "var" / "bench-access.log"
STOCK_ACCESS_LOG = ROOT / "var" / "bench-stock-access.log"
# Method, path, status and the time gunicorn's worker spent on the request, from
# reading it to sending the answer, in microseconds.
ACCESS_FORMAT = "%(m)s %(U)s %(s)s %(D)s"
# The locust request names of each address (bench/locustfile.py).
SERVER_NAMES = [
    (re.compile(r"^(GET|POST) /formulario-padrao/$"), "{0} stock form"),
    (re.compile(r"^GET /reclamacao/$"), "GET start"),
    (re.compile(r"^(GET|POST) /reclamacao/etapa/(\d+)/$"), "{0} step {1}"),
    (re.compile(r"^GET /reclamacao/revisar/$"), "GET review"),
    (re.compile(r"^POST /reclamacao/revisar/$"), "POST review (submit)"),
    (re.compile(r"^GET /reclamacao/enviado/$"), "GET confirmation"),
    (re.compile(r"^GET /api/v1/formularios/\d+$"), "API GET form"),
    (re.compile(r"^POST /api/v1/formularios/\d+/rascunhos$"), "API POST draft"),
    (re.compile(r"^PUT /api/v1/rascunhos/[^/]+/etapas/(\d+)$"), "API PUT step {0}"),
    (re.compile(r"^POST /api/v1/rascunhos/[^/]+/anexos$"), "API POST attachment"),
    (re.compile(r"^GET /api/v1/rascunhos/[^/]+/revisao$"), "API GET review"),
    (re.compile(r"^POST /api/v1/rascunhos/[^/]+/envio$"), "API POST submit"),
    (re.compile(r"^GET /api/v1/casos/[^/]+$"), "API GET case"),
]
# The target of the API journey: its submit's p95 at most this many times the web
# submit's, measured by the client in the same run.
API_SUBMIT_RATIO = 1.2
WEB_SUBMIT, API_SUBMIT = "POST review (submit)", "API POST submit"
# The app the API journey files as (its key is made again at each run).
API_CLIENT_NAME = "Benchmark app"
# Far above what the run makes (50 users make about 4,000 calls a minute), so no
# call is refused for the rate limit; counted per gunicorn worker with the
# local-memory cache of the benchmark's settings.
API_REQUESTS_PER_MINUTE = 1_000_000


def server_name(method, path):
    """The locust request name of a request the server logged, or None."""
    for pattern, name in SERVER_NAMES:
        match = pattern.match(f"{method} {path}")
        if match:
            return name.format(*match.groups())
    return None


def start_site(env, port, access_log=False):
    """Our site; with `access_log`, gunicorn logs how long each request took (off
    for the page figures, where writing a line a request would weigh)."""
    command = [BIN / "gunicorn", "-c", "deploy/gunicorn.conf.py", "--pythonpath", "site,."]
    command += ["--bind", f"127.0.0.1:{port}"]
    if access_log:
        ACCESS_LOG.unlink(missing_ok=True)
        command += ["--access-logfile", ACCESS_LOG, "--access-logformat", ACCESS_FORMAT]
    return start_server(command, env, port, "/bench/ok/", "bench-gunicorn.log")


def start_stock(port, conn_max_age=None, access_log=None):
    """The stock project under our site's gunicorn settings (deploy/gunicorn.conf.py:
    the same workers, worker class, keep-alive, preload...), only its own application;
    with `access_log` (a path), gunicorn logs how long each request took, as for our
    site."""
    command = [BIN / "gunicorn", "-c", ROOT / "deploy" / "gunicorn.conf.py"]
    command += [
        "--pythonpath",
        ".",
        "--bind",
        f"127.0.0.1:{port}",
        f"{STOCK_NAME}.wsgi:application",
    ]
    if access_log:
        access_log.unlink(missing_ok=True)
        command += ["--access-logfile", access_log, "--access-logformat", ACCESS_FORMAT]
    log_name = (
        "bench-stock-gunicorn.log"
        if conn_max_age is None
        else "bench-stock-persistent-gunicorn.log"
    )
    # Ready once the stock form page answers (the home page's figures need it too).
    return start_server(
        command, stock_env(conn_max_age), port, sequential.STOCK_PATH, log_name, cwd=STOCK_DIR
    )


def wrk(url, seconds, connections=10, cookie=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", "bench/wrk_report.lua"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(  # noqa: S603
        [*command, url], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    figures = dict(part.split("=") for part in line.split()[1:])
    return {
        "rps": int(figures["requests"]) / float(figures["seconds"]),
        "p50": float(figures["p50"]),
        "p95": float(figures["p95"]),
        "p99": float(figures["p99"]),
        "errors": int(figures["errors"]),
        "requests": int(figures["requests"]),
    }


def pages(port, stock_port, stock_persistent_port, seconds, rounds):
    base = f"http://127.0.0.1:{port}"
    targets = {
        "Minimal Django view (ok)": (base + "/bench/ok/", None),
        "Guidance page, cached": (base + GUIDANCE, None),
        "Guidance page, uncached": (base + GUIDANCE, "bench=uncached"),
        STOCK_HOME: (f"http://127.0.0.1:{stock_port}/", None),
        STOCK_HOME_PERSISTENT: (f"http://127.0.0.1:{stock_persistent_port}/", None),
        "Home page, cached": (base + "/", None),
        "Home page, uncached": (base + "/", "bench=uncached"),
    }
    for url in (base + GUIDANCE, base + "/"):
        # Each worker has its own local-memory cache: fill them all. One request at
        # a time often reaches the same idle worker, so ask until 20 answers in a
        # row came from the cache.
        seen = []
        while seen[-20:] != ["hit"] * 20:
            if len(seen) == 300:
                sys.exit(f"{url} is not served from the page cache ({seen[-40:]})")
            answer = urllib.request.urlopen(url, timeout=10)  # noqa: S310
            seen.append(answer.headers.get("X-Page-Cache"))
    for name in (STOCK_HOME, STOCK_HOME_PERSISTENT):
        # As many first requests as our pages had: every worker has loaded its templates.
        for _ in range(30):
            urllib.request.urlopen(targets[name][0], timeout=10).read()  # noqa: S310
    runs = {name: [] for name in targets}
    for number in range(rounds):
        for name, (url, cookie) in targets.items():
            runs[name].append(wrk(url, seconds, cookie=cookie))
            print(f"round {number + 1} {name}: {runs[name][-1]['rps']:.0f} req/s", flush=True)
    results = {}
    for name, figures in runs.items():
        results[name] = {
            key: statistics.median(run[key] for run in figures)
            for key in ("rps", "p50", "p95", "p99")
        }
        results[name]["errors"] = sum(run["errors"] for run in figures)
        results[name]["requests"] = sum(run["requests"] for run in figures)
    return results


def count(env, model):
    code = f"from django.apps import apps; print(apps.get_model('{model}').objects.count())"
    return int(shell(env, code).strip().splitlines()[-1])


def stored_protocols(env, protocols):
    """How many of these protocol numbers are stored as submissions."""
    code = (
        "import sys; from forms.models import Submission; "
        "wanted = sys.stdin.read().split(); "
        "print(Submission.objects.filter(protocol__in=wanted).count())"
    )
    return int(shell(env, code, "\n".join(protocols)).strip().splitlines()[-1])


def shell(env, code, stdin=""):
    return subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def api_setup(env):
    """The benchmark's API client with a new key and API_REQUESTS_PER_MINUTE, and
    the demo complaint form's id: (key, form id)."""
    code = (
        "from api.models import ApiClient; from forms.models import FormPage; "
        f"record = ApiClient.objects.filter(name={API_CLIENT_NAME!r}).first() "
        f"or ApiClient(name={API_CLIENT_NAME!r}); "
        f"record.requests_per_minute = {API_REQUESTS_PER_MINUTE}; "
        "record.is_active = True; key = record.new_key(); record.save(); "
        "form = FormPage.objects.live().get(slug='reclamacao'); "
        "print(key, form.pk)"
    )
    key, form_id = shell(env, code).strip().splitlines()[-1].split()
    return key, form_id


def told_protocols(told, kind):
    """The protocols the users of one kind were told ("?" when not shown), from
    the lines bench.journey.receipt wrote."""
    return [line.split()[1] for line in told if line.startswith(f"{kind} ")]


class LoadSampler:
    """The machine's 1-minute load average every `every` seconds while running."""

    def __init__(self, every=5):
        import threading

        self.every, self.samples = every, []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def sample(self):
        while True:
            self.samples.append(os.getloadavg()[0])
            if self.stopped.wait(self.every):
                return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()
        self.samples.append(os.getloadavg()[0])

    def figures(self):
        return {"min": min(self.samples), "max": max(self.samples)}


def forget_submissions(env):
    """Earlier runs (and bench/inbox.py's fill, which writes protocol numbers without
    the counter) leave submissions behind; this database is the benchmark's own."""
    code = (
        "from django.db import connection; "
        "connection.cursor().execute('TRUNCATE procon_forms_submission CASCADE')"
    )
    shell(env, code)


def locust(env, port, user_class, users, seconds, folder, access_log=ACCESS_LOG):
    """Runs one user class; returns its figures per request name, with the times the
    server's `access_log` gave for them."""
    prefix = Path(folder) / f"{user_class}-{port}"
    command = [
        str(BIN / "locust"),
        "-f",
        "bench/locustfile.py",
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "60",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        user_class,
    ]
    print("$", " ".join(command), flush=True)
    offset = access_log.stat().st_size if access_log.exists() else 0
    times = Path(f"{prefix}_times.tsv")
    env = {**env, "BENCH_TIMES": str(times)}
    # Locust exits with 1 when any request failed: the failures are in the figures.
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)  # noqa: S603
    served = server_times(access_log, offset)
    client = client_times(times)
    rows = {}
    with open(f"{prefix}_stats.csv") as handle:
        for row in csv.DictReader(handle):
            if row["Name"] == "Aggregated":
                continue
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
                "server": served.get(row["Name"], []),
                "client": client.get(row["Name"], []),
            }
    return rows


def client_times(path):
    """Milliseconds locust took for each request by name, unrounded (its own
    percentiles keep two significant figures), errors included as locust counts
    them."""
    times = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, millis, _outcome = line.split("\t")
            times.setdefault(name, []).append(float(millis))
    return times


def server_times(access_log, offset):
    """Milliseconds gunicorn's workers spent on each kind of request, from the
    access log lines written after `offset`."""
    times = {}
    if not access_log.exists():
        return times
    with open(access_log) as handle:
        handle.seek(offset)
        for line in handle:
            parts = line.split()
            if len(parts) != 4:
                continue
            method, path, _status, micros = parts
            name = server_name(method, path)
            if name:
                times.setdefault(name, []).append(int(micros) / 1000)
    return times


def forms(env, port, users, stock_seconds, journey_seconds, api_seconds):
    """Both forms under load on our site, then the complaint through the API (for
    `api_seconds`, 0 skips it), then the stock form on the stock project (as the
    template has it, then with persistent connections); then what the users were
    told against what is stored."""
    folder = tempfile.mkdtemp(prefix="procon-bench-")
    receipts = Path(folder) / "receipts.txt"
    env = {**env, "BENCH_RECEIPTS": str(receipts)}
    api, api_stored, loads = {}, 0, {}
    try:
        with contextlib.ExitStack() as servers:
            servers.callback(stop_server, start_site(env, port, access_log=True))
            stock_before = count(env, "wagtailforms.FormSubmission")
            stock = locust(env, port, "StockFormUser", users, stock_seconds, folder)
            stock_stored = count(env, "wagtailforms.FormSubmission") - stock_before
            forget_submissions(env)
            journey_before = count(env, "procon_forms.Submission")
            with LoadSampler() as load:
                journey = locust(env, port, "ComplaintUser", users, journey_seconds, folder)
            loads["web"] = load.figures()
            journey_stored = count(env, "procon_forms.Submission") - journey_before
            if api_seconds:
                key, form_id = api_setup(env)
                api_env = {**env, "BENCH_API_KEY": key, "BENCH_API_FORM": form_id}
                api_before = count(env, "procon_forms.Submission")
                with LoadSampler() as load:
                    api = locust(api_env, port, "ApiUser", users, api_seconds, folder)
                loads["api"] = load.figures()
                api_stored = count(env, "procon_forms.Submission") - api_before
        told = receipts.read_text().split("\n") if receipts.exists() else []
        projects = {
            label: stock_project_under_load(env, offset, conn_max_age, users, stock_seconds, port)
            for label, offset, conn_max_age in (
                (SEQUENTIAL_STOCK, 2, None),
                (SEQUENTIAL_STOCK_PERSISTENT, 3, STOCK_CONN_MAX_AGE),
            )
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stock_told = sum(1 for line in told if line.startswith("stock "))
    protocols = told_protocols(told, "complaint")
    found = stored_protocols(env, [p for p in protocols if p != "?"])
    api_protocols = told_protocols(told, "api")
    api_found = stored_protocols(env, [p for p in api_protocols if p != "?"])
    return {
        "api": api,
        "api_journeys": len(api_protocols),
        "api_stored": api_stored,
        "api_lost": len(api_protocols) - api_found,
        "loads": loads,
        "stock": stock,
        "journey": journey,
        "stock_told": stock_told,
        "stock_stored": stock_stored,
        "journeys": len(protocols),
        "journey_stored": journey_stored,
        # Told "sent" (a protocol on the confirmation page) but not in the database.
        "journey_lost": len(protocols) - found,
        "projects": projects,
    }


def stock_project_under_load(env, port_offset, conn_max_age, users, seconds, port):
    """The stock form on the stock project (port + `port_offset`) with locust, as on
    our site: figures, server times, thank-you pages shown and submissions stored."""
    folder = tempfile.mkdtemp(prefix="procon-bench-stock-")
    receipts = Path(folder) / "receipts.txt"
    stock_port = port + port_offset
    try:
        with contextlib.ExitStack() as servers:
            servers.callback(
                stop_server, start_stock(stock_port, conn_max_age, access_log=STOCK_ACCESS_LOG)
            )
            before = stock_project_submissions()
            rows = locust(
                {**env, "BENCH_RECEIPTS": str(receipts)},
                stock_port,
                "StockFormUser",
                users,
                seconds,
                folder,
                access_log=STOCK_ACCESS_LOG,
            )
            stored = stock_project_submissions() - before
        told = receipts.read_text().split("\n") if receipts.exists() else []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "rows": rows,
        "told": sum(1 for line in told if line.startswith("stock ")),
        "stored": stored,
    }


def stock_project_submissions():
    code = "from wagtail.contrib.forms.models import FormSubmission as F; print(F.objects.count())"
    output = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=STOCK_DIR,
        env=stock_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(output.strip().splitlines()[-1])


def one_at_a_time(env, args):
    """bench/sequential.py against freshly started servers: our site (no access
    log) and the stock project twice, as for the pages; then the protocols shown
    are looked up as stored."""
    started = time.monotonic()
    port, stock_port, stock_persistent_port = args.port, args.port + 2, args.port + 3
    stocks = {}
    with contextlib.ExitStack() as servers:
        servers.callback(stop_server, start_site(env, port))
        if args.sequential_stock:
            servers.callback(stop_server, start_stock(stock_port))
            servers.callback(stop_server, start_stock(stock_persistent_port, STOCK_CONN_MAX_AGE))
            stocks = {
                SEQUENTIAL_STOCK: f"http://127.0.0.1:{stock_port}",
                SEQUENTIAL_STOCK_PERSISTENT: f"http://127.0.0.1:{stock_persistent_port}",
                SEQUENTIAL_STOCK_OURS: f"http://127.0.0.1:{port}",
            }
        results = sequential.measure(
            f"http://127.0.0.1:{port}" if args.sequential_journeys else None,
            stocks,
            journeys=args.sequential_journeys,
            stock_rounds=args.sequential_stock,
        )
    protocols = results["protocols"]
    results["lost"] = len(protocols) - stored_protocols(env, protocols) if protocols else 0
    results["seconds"] = time.monotonic() - started
    print("\n".join(sequential.report(results)), flush=True)
    print(f"sequential part took {results['seconds']:.0f} s", flush=True)
    return results


def inbox(args):
    env = dict(os.environ)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DATABASE_URL"] = args.database_url
    # Gunicorn's shared control socket is not needed for the inbox's server either.
    env["GUNICORN_CMD_ARGS"] = "--no-control-socket"
    command = [PYTHON, "bench/run_inbox.py", "--rows", str(args.inbox_rows)]
    command += ["--port", str(args.port + 1)]
    print("$", " ".join(command), flush=True)
    output = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    print(output.stdout, output.stderr[-2000:], flush=True)
    wanted = re.compile(r"^(filled|Inbox|Stock)")
    lines = [line for line in output.stdout.splitlines() if wanted.match(line)]
    if output.returncode != 0:
        error = (output.stderr.strip().splitlines() or ["no output"])[-1]
        lines.append(f"bench/inbox.py failed (exit {output.returncode}): {error}")
    return lines


def table(results):
    page, form = results["pages"], results["forms"]
    ceiling = page["Minimal Django view (ok)"]["rps"]
    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs with "
        f"`make bench` ({results['seconds']} s per wrk run, {results['rounds']} rounds, "
        f"medians; gunicorn {results['workers']} sync workers for our site and the stock "
        "project alike, PostgreSQL, production settings). The machine was shared with "
        "other work: figures move between runs.",
        "",
        "| Page (wrk, 10 connections) | req/s | vs. minimal view | p50 | p95 | p99 | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f in page.items():
        lines.append(
            f"| {name} | {f['rps']:.0f} | {f['rps'] / ceiling:.0%} | {f['p50']:.1f} ms | "
            f"{f['p95']:.1f} ms | {f['p99']:.1f} ms | {f['errors']} |"
        )
    uncached = page["Guidance page, uncached"]["rps"]
    stock = page[STOCK_HOME]["rps"]
    persistent = page[STOCK_HOME_PERSISTENT]["rps"]
    lines += [
        "",
        "Uncached guidance page against the stock `wagtail start` home page measured in "
        f"the same run: {uncached / stock:.1f}x the template's defaults (no persistent "
        f"database connections; the target is 3x), {uncached / persistent:.1f}x the stock "
        f"page with persistent connections (CONN_MAX_AGE={STOCK_CONN_MAX_AGE}, as our site).",
        "",
        f"| Form, {results['users']} users (locust) | requests | errors | req/s | p50 | p95 | "
        "p99 | server p50 | server p95 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    groups = [(SEQUENTIAL_STOCK_OURS, form["stock"]), ("", form["journey"]), ("", form["api"])]
    groups += [(label, project["rows"]) for label, project in form["projects"].items()]
    for label, rows in groups:
        for name, f in rows.items():
            if label:
                name = f"{name} ({label})"
            lines.append(
                f"| {name} | {f['requests']} | {f['failures']} | {f['rps']:.1f} | "
                f"{f['p50']:.0f} ms | {f['p95']:.0f} ms | {f['p99']:.0f} ms | "
                f"{percentile(f['server'], 0.5):.1f} ms | "
                f"{percentile(f['server'], 0.95):.1f} ms |"
            )
    baselines = {SEQUENTIAL_STOCK_OURS: form["stock"]}
    baselines.update({label: project["rows"] for label, project in form["projects"].items()})
    lines += [
        "",
        f"Each POST's p95 at {results['users']} users against the stock form's POST on each "
        "server (locust's p95 / the server's own p95):",
        "",
        "| POST | " + " | ".join(f"vs. stock POST, {label}" for label in baselines) + " |",
        "|---|" + "---|" * len(baselines),
    ]
    for name, f in form["journey"].items():
        if not name.startswith("POST"):
            continue
        cells = []
        for rows in baselines.values():
            stock_post = rows.get("POST stock form", {})
            client = f["p95"] / (stock_post.get("p95") or float("nan"))
            server = percentile(f["server"], 0.95) / percentile(stock_post.get("server", []), 0.95)
            cells.append(f"{client:.2f}x / {server:.2f}x")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Complaint journeys finished (protocol shown): {form['journeys']}; submissions "
        f"stored: {form['journey_stored']}; protocols shown but not stored (lost): "
        f"{form['journey_lost']}. Stock form on our site: {form['stock_told']} thank-you "
        f"pages, {form['stock_stored']} submissions stored"
        + "".join(
            f"; on the {label}: {project['told']} thank-you pages, {project['stored']} stored"
            for label, project in form["projects"].items()
        )
        + ".",
    ]
    if form["api"]:
        lines += [
            "",
            f"The same complaint through the API (the API rows): journeys finished (protocol "
            f"answered): {form['api_journeys']}; submissions stored: {form['api_stored']}; "
            f"lost: {form['api_lost']}. See [API journey](#api-journey).",
        ]
    if results.get("sequential"):
        lines += ["", *sequential_table(results["sequential"])]
    if results["inbox"]:
        lines += ["", f"Inbox (`bench/inbox.py`, {results['inbox_rows']:,} rows):", ""]
        lines += [f"    {line}" for line in results["inbox"]]
    return lines


def api_submit_ratio(form):
    """The API submit's p95 against the web submit's, by the client (unrounded
    times) and by the server's own times."""
    web, api = form["journey"].get(WEB_SUBMIT, {}), form["api"].get(API_SUBMIT, {})
    return {
        "client": percentile(api.get("client", []), 0.95) / percentile(web.get("client", []), 0.95),
        "server": percentile(api.get("server", []), 0.95) / percentile(web.get("server", []), 0.95),
    }


def api_check(form):
    """Why the API journey misses its target (nothing when it meets it): errors,
    lost submissions, no journey finished, or its submit's p95 above
    API_SUBMIT_RATIO times the web submit's in the same run."""
    failures = []
    errors = sum(f["failures"] for f in form["api"].values())
    if errors:
        failures.append(f"{errors} errors")
    if form["api_lost"]:
        failures.append(f"{form['api_lost']} submissions lost")
    if not form["api_journeys"]:
        failures.append("no journey finished")
    ratio = api_submit_ratio(form)["client"]
    if not ratio <= API_SUBMIT_RATIO:  # nan (no submit measured) fails too
        failures.append(f"submit p95 {ratio:.2f}x the web submit's (target {API_SUBMIT_RATIO}x)")
    return failures


def api_table(results):
    """The "API journey" section: both journeys of the run side by side."""
    form, users = results["forms"], results["users"]
    web, api = form["journey"], form["api"]
    ratio = api_submit_ratio(form)
    failures = api_check(form)
    loads = form["loads"]

    def journey_row(label, rows, submit, finished, stored, lost):
        client = rows.get(submit, {}).get("client", [])
        server = rows.get(submit, {}).get("server", [])
        return (
            f"| {label} | {finished} | {stored} | {lost} | "
            f"{sum(f['requests'] for f in rows.values())} | "
            f"{sum(f['failures'] for f in rows.values())} | "
            f"{ms(percentile(client, 0.5))} | {ms(percentile(client, 0.95))} | "
            f"{ms(percentile(server, 0.5))} | {ms(percentile(server, 0.95))} |"
        )

    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')} in the run of `make bench` whose figures "
        f"are under [Site](#site): the same gunicorn server (production settings, "
        f"{results['workers']} sync workers, {os.cpu_count()} CPUs), {users} locust users "
        f"for {results['journey_seconds']} s each, the web journey first, then the API "
        f"journey. The app's key was made by the benchmark with a limit of "
        f"{API_REQUESTS_PER_MINUTE:,} calls a minute, so no call was refused for the "
        "rate limit.",
        "",
        f"| Journey, {users} users | journeys finished | stored | lost | requests | errors | "
        "submit p50 | submit p95 | submit p50, server | submit p95, server |",
        "|---|---|---|---|---|---|---|---|---|---|",
        journey_row(
            "Web (pages and form posts)",
            web,
            WEB_SUBMIT,
            form["journeys"],
            form["journey_stored"],
            form["journey_lost"],
        ),
        journey_row(
            "API for apps",
            api,
            API_SUBMIT,
            form["api_journeys"],
            form["api_stored"],
            form["api_lost"],
        ),
        "",
        f"API submit p95 against the web submit's: **{ratio['client']:.2f}x** as the "
        f"clients measured it (target {API_SUBMIT_RATIO}x), {ratio['server']:.2f}x by the "
        "server's own times. Check: "
        + ("**met**." if not failures else "**not met**: " + "; ".join(failures) + "."),
        "",
        f"1-minute load average of the machine: {results['load_before']:.2f} before the "
        "benchmark started (other work)"
        + "".join(
            f"; {figures['min']:.2f}-{figures['max']:.2f} during the {label} journey"
            for label, figures in (("web", loads.get("web")), ("API", loads.get("api")))
            if figures
        )
        + " (the benchmark's own gunicorn workers, locust and PostgreSQL included).",
        "",
        f"| API request, {users} users | requests | errors | p50 | p95 | server p50 | server p95 |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f in api.items():
        lines.append(
            f"| {name} | {f['requests']} | {f['failures']} | "
            f"{ms(percentile(f['client'], 0.5))} | {ms(percentile(f['client'], 0.95))} | "
            f"{ms(percentile(f['server'], 0.5))} | {ms(percentile(f['server'], 0.95))} |"
        )
    return lines


def sequential_table(seq):
    stock, journeys, rounds = seq["stock"], seq["journeys"], seq["stock_rounds"]
    measured = []
    if journeys:
        measured.append(f"{journeys} complete complaint journeys on our site")
    if stock:
        measured.append(
            f"{rounds} rounds of Wagtail's stock form (GET, then POST every answer) on each "
            f"of three servers: *{SEQUENTIAL_STOCK}* is the `wagtail start` project with the "
            "stock form page added, as the template has it (no persistent database "
            f"connections), *{SEQUENTIAL_STOCK_PERSISTENT}* the same with persistent "
            f"connections, *{SEQUENTIAL_STOCK_OURS}* the same page served by our site"
        )
    title = f"Form POSTs, one at a time ({journeys} journeys"
    title += f", {rounds} stock POSTs)" if stock else ")"
    lines = [
        "One client, one request at a time, a new connection for each "
        "(`bench/sequential.py`; the servers take turns), timed by the client from "
        "connecting to the last byte of the answer, request body included: "
        + "; ".join(measured)
        + ". The target: each step's POST p95 within 1.5x of the stock form's POST.",
        "",
        *sequential.post_table(seq, title),
        "",
    ]
    if stock:
        gets = [
            f"{label} {ms(recorder.stats('GET stock form')['p50'])} / "
            f"{ms(recorder.stats('GET stock form')['p95'])}"
            for label, recorder in stock.items()
        ]
        lines.append("Stock form GET one at a time, p50 / p95: " + "; ".join(gets) + ".")
    errors = sum(sum(r.errors.values()) for r in (*stock.values(), seq["journey"]))
    summary = f"Errors (any unexpected answer): {errors}."
    if journeys:
        summary += (
            f" Journeys finished (protocol shown): {len(seq['protocols'])} of {journeys}; "
            f"protocols shown but not stored (lost): {seq['lost']}."
        )
    lines.append(summary + f" This part took {seq['seconds']:.0f} s.")
    return lines


def write_docs(lines, api_lines):
    from bench.results import write_results

    write_results("site", lines, "Site")
    if api_lines:
        write_results("api", api_lines, "API journey")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/procon_sitebench"
    )
    parser.add_argument(
        "--port", type=int, default=8790, help="the inbox uses port + 1, the stock project + 2, + 3"
    )
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--stock-seconds", type=int, default=40)
    parser.add_argument("--journey-seconds", type=int, default=90)
    parser.add_argument(
        "--api-seconds",
        type=int,
        default=None,
        help="the API journey (as long as the web journey unless given); 0 skips it",
    )
    parser.add_argument("--inbox-rows", type=int, default=20_000, help="0 skips the inbox")
    parser.add_argument(
        "--sequential-journeys",
        type=int,
        default=150,
        help="complaint journeys one request at a time (bench/sequential.py); 0 skips them",
    )
    parser.add_argument(
        "--sequential-stock",
        type=int,
        default=500,
        help="stock form rounds one request at a time, on each of its 3 servers; 0 skips them",
    )
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    if args.api_seconds is None:
        args.api_seconds = args.journey_seconds
    env = bench_env(args)
    (ROOT / "var").mkdir(exist_ok=True)
    if not args.skip_prepare:
        prepare(env, args.database_url)
    prepare_stock(args)
    results = {
        "seconds": args.seconds,
        "rounds": args.rounds,
        "users": args.users,
        # As deploy/gunicorn.conf.py counts them.
        "workers": int(os.environ.get("GUNICORN_WORKERS") or os.cpu_count() + 1),
        "inbox_rows": args.inbox_rows,
        "journey_seconds": args.journey_seconds,
        "load_before": load_before,
    }
    stock_port, stock_persistent_port = args.port + 2, args.port + 3
    # Every server started is stopped on the way out, also when something fails.
    with contextlib.ExitStack() as servers:
        servers.callback(stop_server, start_site(env, args.port))
        servers.callback(stop_server, start_stock(stock_port))
        servers.callback(stop_server, start_stock(stock_persistent_port, STOCK_CONN_MAX_AGE))
        results["pages"] = pages(
            args.port, stock_port, stock_persistent_port, args.seconds, args.rounds
        )
    results["forms"] = forms(
        env, args.port, args.users, args.stock_seconds, args.journey_seconds, args.api_seconds
    )
    if args.sequential_journeys or args.sequential_stock:
        results["sequential"] = one_at_a_time(env, args)
    results["inbox"] = inbox(args) if args.inbox_rows else []
    lines = table(results)
    api_lines = api_table(results) if results["forms"]["api"] else []
    print("\n".join([*lines, "", *api_lines]))
    print(f"benchmark took {time.monotonic() - started:.0f} s")
    if args.write_docs:
        write_docs(lines, api_lines)
    failures = api_check(results["forms"]) if api_lines else []
    if failures:
        sys.exit("API journey check failed: " + "; ".join(failures))


if __name__ == "__main__":
    main()
