"""Site benchmark: one command, side-by-side figures, written to docs/performance.md.

    python bench/site.py [--write-docs]          # what `make bench` runs

1. prepares a PostgreSQL database used only for this (DATABASE_URL, default
   procon_sitebench): migrations, the demo content, Wagtail's stock form page
   with the complaint form's fields (bench/stockform), collected static files;
2. starts the site under gunicorn with deploy/gunicorn.conf.py and production
   settings (bench/settings.py adds a minimal "ok" view, the stock form and plain
   HTTP on loopback), on 127.0.0.1:--port;
3. wrk, 10 connections: the minimal view, a guidance page and the home page,
   each from the page cache and rendered (a cookie keeps a request out of the
   cache), in alternating rounds; medians of the rounds;
4. locust, 50 users: Wagtail's stock form (GET + one POST), then the complete
   complaint journey (start, every step, two 1 MB PDFs, review, submit,
   confirmation); counts the submissions stored against the journeys finished;
5. bench/inbox.py fill + measure with --inbox-rows rows (bench/run_inbox.py).
"""

import argparse
import csv
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
GUIDANCE = "/orientacoes/direito-de-arrependimento/"
STOCK_HOME_ANCHOR = 175  # req/s, the stock `wagtail start` home page, uncached
sys.path.insert(0, str(ROOT))  # bench.results


def run(command, env, **kwargs):
    print("$", " ".join(str(part) for part in command), flush=True)
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)  # noqa: S603


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


def prepare(env, database_url):
    name = database_url.rsplit("/", 1)[-1]
    exists = subprocess.run(  # noqa: S603
        ["psql", database_url, "-c", "SELECT 1"],  # noqa: S607
        capture_output=True,
    )
    if exists.returncode != 0:
        run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], env)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env)
    run([*manage, "load_demo_content", "--no-admin"], env, stdout=subprocess.DEVNULL)
    run([*manage, "bench_site_setup"], env)
    run([*manage, "collectstatic", "--noinput", "-v", "0"], env)


def start_server(env, port):
    command = [
        str(BIN / "gunicorn"),
        "-c",
        "deploy/gunicorn.conf.py",
        "--pythonpath",
        "site,.",
        "--bind",
        f"127.0.0.1:{port}",
    ]
    print("$", " ".join(command), flush=True)
    log = open(ROOT / "var" / "bench-gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)  # noqa: S603
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/ok/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("gunicorn did not start; see var/bench-gunicorn.log")


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


def pages(port, seconds, rounds):
    base = f"http://127.0.0.1:{port}"
    targets = {
        "Minimal Django view (ok)": (base + "/bench/ok/", None),
        "Guidance page, cached": (base + GUIDANCE, None),
        "Guidance page, uncached": (base + GUIDANCE, "bench=uncached"),
        "Home page, cached": (base + "/", None),
        "Home page, uncached": (base + "/", "bench=uncached"),
    }
    for url in (base + GUIDANCE, base + "/"):
        # Each worker has its own local-memory cache: fill them all.
        seen = [
            urllib.request.urlopen(url, timeout=10).headers.get("X-Page-Cache")  # noqa: S310
            for _ in range(30)
        ]
        if seen[-5:] != ["hit"] * 5:
            sys.exit(f"{url} is not served from the page cache ({seen})")
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


def forget_submissions(env):
    """Earlier runs (and bench/inbox.py's fill, which writes protocol numbers without
    the counter) leave submissions behind; this database is the benchmark's own."""
    code = (
        "from django.db import connection; "
        "connection.cursor().execute('TRUNCATE procon_forms_submission CASCADE')"
    )
    shell(env, code)


def locust(env, port, user_class, users, seconds, folder):
    """Runs one user class; returns its figures per request name."""
    prefix = Path(folder) / user_class
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
    # Locust exits with 1 when any request failed: the failures are in the figures.
    subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, check=False)  # noqa: S603
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
            }
    return rows


def forms(env, port, users, stock_seconds, journey_seconds):
    """Both forms under load, then what the users were told against what is stored."""
    folder = tempfile.mkdtemp(prefix="procon-bench-")
    receipts = Path(folder) / "receipts.txt"
    env = {**env, "BENCH_RECEIPTS": str(receipts)}
    try:
        stock_before = count(env, "wagtailforms.FormSubmission")
        stock = locust(env, port, "StockFormUser", users, stock_seconds, folder)
        stock_stored = count(env, "wagtailforms.FormSubmission") - stock_before
        forget_submissions(env)
        journey_before = count(env, "procon_forms.Submission")
        journey = locust(env, port, "ComplaintUser", users, journey_seconds, folder)
        journey_stored = count(env, "procon_forms.Submission") - journey_before
        told = receipts.read_text().split("\n") if receipts.exists() else []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    stock_told = sum(1 for line in told if line.startswith("stock "))
    protocols = [line.split()[1] for line in told if line.startswith("complaint ")]
    found = stored_protocols(env, [p for p in protocols if p != "?"])
    return {
        "stock": stock,
        "journey": journey,
        "stock_told": stock_told,
        "stock_stored": stock_stored,
        "journeys": len(protocols),
        "journey_stored": journey_stored,
        # Told "sent" (a protocol on the confirmation page) but not in the database.
        "journey_lost": len(protocols) - found,
    }


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
        f"medians; gunicorn {results['workers']} sync workers, PostgreSQL, production "
        "settings). The machine was shared with other work: figures move between runs.",
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
    lines += [
        "",
        f"Uncached guidance page against the stock `wagtail start` home page (the issue's "
        f"anchor, {STOCK_HOME_ANCHOR} req/s on this machine size): "
        f"{uncached / STOCK_HOME_ANCHOR:.1f}x.",
        "",
        f"| Form, {results['users']} users (locust) | requests | errors | req/s | p50 | p95 | "
        "p99 | p95 vs. stock POST |",
        "|---|---|---|---|---|---|---|---|",
    ]
    stock_post = form["stock"].get("POST stock form", {}).get("p95") or float("nan")
    for group in ("stock", "journey"):
        for name, f in form[group].items():
            ratio = f"{f['p95'] / stock_post:.2f}x" if name.startswith("POST") else ""
            lines.append(
                f"| {name} | {f['requests']} | {f['failures']} | {f['rps']:.1f} | "
                f"{f['p50']:.0f} ms | {f['p95']:.0f} ms | {f['p99']:.0f} ms | {ratio} |"
            )
    lines += [
        "",
        f"Complaint journeys finished (protocol shown): {form['journeys']}; submissions "
        f"stored: {form['journey_stored']}; protocols shown but not stored (lost): "
        f"{form['journey_lost']}. Stock form: {form['stock_told']} thank-you pages, "
        f"{form['stock_stored']} submissions stored.",
    ]
    if results["inbox"]:
        lines += ["", f"Inbox (`bench/inbox.py`, {results['inbox_rows']:,} rows):", ""]
        lines += [f"    {line}" for line in results["inbox"]]
    return lines


def write_docs(lines):
    from bench.results import write_results

    write_results("site", lines, "Site")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/procon_sitebench"
    )
    parser.add_argument("--port", type=int, default=8790, help="the inbox uses port + 1")
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--stock-seconds", type=int, default=40)
    parser.add_argument("--journey-seconds", type=int, default=90)
    parser.add_argument("--inbox-rows", type=int, default=20_000, help="0 skips the inbox")
    parser.add_argument("--skip-prepare", action="store_true")
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    started = time.monotonic()
    env = bench_env(args)
    (ROOT / "var").mkdir(exist_ok=True)
    if not args.skip_prepare:
        prepare(env, args.database_url)
    server = start_server(env, args.port)
    try:
        results = {
            "seconds": args.seconds,
            "rounds": args.rounds,
            "users": args.users,
            "workers": os.cpu_count() + 1,
            "inbox_rows": args.inbox_rows,
            "pages": pages(args.port, args.seconds, args.rounds),
            "forms": forms(env, args.port, args.users, args.stock_seconds, args.journey_seconds),
        }
    finally:
        server.terminate()
        server.wait(timeout=60)
    results["inbox"] = inbox(args) if args.inbox_rows else []
    lines = table(results)
    print("\n".join(lines))
    print(f"benchmark took {time.monotonic() - started:.0f} s")
    if args.write_docs:
        write_docs(lines)


if __name__ == "__main__":
    main()
