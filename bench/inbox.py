"""Inbox benchmark on PostgreSQL: fill N submissions, then measure the inbox and
Wagtail's stock submissions views side by side.

    python bench/inbox.py fill [--rows N]      # default 1,000,000
    python bench/inbox.py measure [--write-docs]
    python bench/inbox.py all [--rows N]       # both; what `make bench-inbox` runs

Needs DATABASE_URL pointing at a PostgreSQL database used only for this (e.g.
postgres://postgres@127.0.0.1:5432/procon_bench): `fill` empties its submissions.
"""

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
# Production settings, as served: DEBUG off, manifest static files (collected below).
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "procon.settings.production",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
    # The benchmark signs its supervisor in with force_login, which asks no code:
    # production would send a staff member without an authenticator to enrol one.
    "TWOFACTOR_REQUIRED_FOR_STAFF": "false",
}
for _key, _value in BENCH_ENV.items():
    os.environ.setdefault(_key, _value)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

SERVER = "127.0.0.1"
PORT = 8765
REPEAT = 20


def ensure_postgres():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (e.g. .../procon_bench).")


def bench_form():
    from forms.demo import field, step
    from forms.models import FormKind, FormPage
    from home.demo import default_site

    page = FormPage.objects.filter(slug="bench-reclamacao").first()
    if page:
        return page
    home = default_site()[0].root_page
    fields = [
        field("singleline", "Nome", "nome", role="consumer_name"),
        field("cpf", "CPF", "cpf", role="consumer_cpf"),
        field("email", "E-mail", "email", role="consumer_email"),
        field("singleline", "Telefone", "telefone", role="consumer_phone"),
        field("municipality", "Município", "municipio", role="consumer_municipality"),
        field("singleline", "Empresa", "empresa", role="supplier_name"),
        field("singleline", "CNPJ", "cnpj", role="supplier_cnpj"),
        field("date", "Data da compra", "data_compra", role="purchase_date"),
        field("money", "Valor", "valor", role="amount"),
        field("multiline", "O que aconteceu?", "relato", role="description"),
    ]
    page = home.add_child(
        instance=FormPage(
            title="Reclamação (benchmark)",
            slug="bench-reclamacao",
            kind=FormKind.COMPLAINT,
            steps=[step("Identificação", fields[:5]), step("Reclamação", fields[5:])],
        )
    )
    page.save_revision().publish()
    return page


TABLES = ("procon_forms_submission", "inbox_case")


def protocol_digit_sql(column, year=2026):
    """The protocol's mod-11 check digit (forms.protocol.check_digit) as one SQL
    expression of an integer sequence column: no function call per row."""
    # Weights 2..9 cycle from the rightmost digit; the sequence is zero-padded to
    # six digits (more when it is longer) and the year's digits come after it.
    sequence = " + ".join(f"(({column} / {10**i}) %% 10) * {2 + i % 8}" for i in range(10))
    year_digits = [int(d) for d in reversed(f"{year:04d}")]

    def year_sum(width):
        return sum(d * (2 + (width + i) % 8) for i, d in enumerate(year_digits))

    widths = " ".join(f"WHEN {w} THEN {year_sum(w)}" for w in range(6, 11))
    remainder = f"(({sequence}) + CASE greatest(6, length({column}::text)) {widths} END) %% 11"
    return f"(CASE WHEN {remainder} < 2 THEN 0 ELSE 11 - {remainder} END)"


def drop_indexes_and_foreign_keys(cursor):
    """Drop the secondary indexes and constraints of the filled tables (primary
    keys stay); return the statements that recreate them (indexes, constraints). Building an index
    once over a million rows is much cheaper than updating it a million times,
    and one validating query replaces a million foreign-key checks."""
    cursor.execute(
        """
        SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
        FROM pg_constraint c
        WHERE c.conrelid = ANY(%s::regclass[]) AND c.contype IN ('f', 'u')
        """,
        [list(TABLES)],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        """
        SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
        """,
        [list(TABLES)],
    )
    indexes = cursor.fetchall()
    for table, name, _definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _definition in indexes:
        cursor.execute(f"DROP INDEX {name}")
    # Unique constraints first (they build their own index), foreign keys last.
    constraints.sort(key=lambda row: row[2].startswith("FOREIGN"))
    return [definition for _name, definition in indexes], [
        f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}'
        for table, name, definition in constraints
    ]


def in_parallel(jobs, workers):
    """Run `jobs` (callables that use the database) on `workers` threads, each
    with its own connection; re-raise the first failure."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections

    def run(job):
        try:
            return job()
        finally:
            connections.close_all()  # this thread's connection

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return [future.result() for future in [pool.submit(run, job) for job in jobs]]


def execute(sql, params=None):
    def job():
        with connection.cursor() as cursor:
            cursor.execute("SET maintenance_work_mem = '256MB'")
            cursor.execute(sql, params)

    return job


def fill(rows, workers=None):
    """Fill with generate_series in the database: no Python loop per row. The
    secondary indexes and constraints are dropped during the load and rebuilt
    after it; the rows and then the indexes are written by one connection per
    CPU."""
    ensure_postgres()
    call_command("migrate", verbosity=0)
    call_command("load_municipalities", "--state", "MT", verbosity=0)
    page = bench_form()
    import json

    from django.db import transaction

    workers = workers or os.cpu_count() or 1
    schema = json.dumps(page.definition.schema())
    started = time.monotonic()
    steps = []

    def step(name):
        steps.append((name, time.monotonic()))

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE procon_forms_submission CASCADE")
        indexes, constraints = drop_indexes_and_foreign_keys(cursor)
        cursor.execute(
            "SELECT array_agg(ibge_code ORDER BY ibge_code) FROM procon_forms_municipality"
        )
        codes = cursor.fetchone()[0]
    step("truncate, drop indexes")
    # One statement per slice writes the submissions and, from what it
    # returns, their cases.
    insert = f"""
            WITH submissions AS (
            INSERT INTO procon_forms_submission
              (id, page_id, form_data, submit_time, protocol, year, sequence, kind, status,
               schema, access_code_hash, consumer_name, consumer_cpf, consumer_email,
               consumer_municipality, supplier_name, supplier_cnpj)
            SELECT g, %(page)s,
              jsonb_build_object('nome', 'Consumidor ' || g, 'cpf', lpad((g * 7919 %% 99999999999)::text, 11, '0'),
                'email', 'c' || g || '@example.com', 'telefone', '65999' || lpad((g %% 100000)::text, 5, '0'),
                'municipio', jsonb_build_object('ibge_code', (%(codes)s::text[])[1 + g %% %(ncodes)s]),
                'empresa', 'Empresa ' || (g %% 5000), 'cnpj', lpad((g %% 5000)::text, 14, '0'),
                'data_compra', '2025-06-01', 'valor', (g %% 100000)::text || '.00',
                'relato', 'Produto com defeito, a loja não resolveu. Caso ' || g),
              now() - (%(rows)s - g) * interval '30 seconds',
              '2026.' || lpad(g::text, greatest(6, length(g::text)), '0') || '-' || {protocol_digit_sql("g")}, 2026, g,
              'complaint',
              (ARRAY['received','in_analysis','notified_supplier','supplier_answered',
                     'awaiting_evaluation','resolved','not_resolved','closed','rejected',
                     'deadline_expired'])[1 + (g * 31) %% 10],
              %(schema)s::jsonb, 'x', 'Consumidor ' || g, lpad((g * 7919 %% 99999999999)::text, 11, '0'),
              'c' || g || '@example.com', (%(codes)s::text[])[1 + g %% %(ncodes)s],
              'Empresa ' || (g %% 5000), lpad((g %% 5000)::text, 14, '0')
            FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
            RETURNING id, status, submit_time
            )
            INSERT INTO inbox_case (submission_id, deadline, deadline_kind, classification,
                                    updated_at)
            SELECT id, CASE WHEN status = 'notified_supplier'
                            THEN (submit_time + interval '10 days')::date END,
                   CASE WHEN status = 'notified_supplier' THEN 'supplier_answer' ELSE '' END,
                   '', now()
            FROM submissions
        """  # noqa: S608 - the check-digit expression is built from constants
    params = {"page": page.pk, "rows": rows, "codes": codes, "ncodes": len(codes), "schema": schema}
    size = -(-rows // workers)
    slices = [(first, min(first + size - 1, rows)) for first in range(1, rows + 1, size)]
    try:
        in_parallel(
            [execute(insert, {**params, "first": a, "last": b}) for a, b in slices], workers
        )
        step(f"insert submissions and cases ({workers} connections)")
    finally:
        # The indexes side by side; the constraints, which lock whole tables, in turn.
        in_parallel([execute(sql) for sql in indexes], workers)
        in_parallel([execute(sql) for sql in constraints], 1)
        step(f"rebuild {len(indexes)} indexes and {len(constraints)} constraints")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('procon_forms_submission', 'id'), %s)", [rows]
        )
    # As autovacuum would after a load: statistics, and the visibility map that
    # lets index-only scans skip the table.
    in_parallel([execute(f"VACUUM ANALYZE {table}") for table in TABLES], workers)
    step("vacuum analyze")
    elapsed = time.monotonic() - started
    previous = started
    for name, at in steps:
        print(f"  {name}: {at - previous:.1f} s")
        previous = at
    print(f"filled {rows:,} submissions (with cases) in {elapsed:.1f} s")
    return elapsed


def timed(client, url, repeat=REPEAT, **params):
    client.get(url, params)  # warm up
    samples, cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        if hasattr(response, "streaming_content"):
            for _chunk in response.streaming_content:
                pass
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return {
        "median": statistics.median(samples),
        "p95": samples[int(0.95 * (len(samples) - 1))],
        # CPU time of this process (not PostgreSQL's): what the code costs,
        # whatever else the machine is doing.
        "cpu": statistics.median(cpu),
    }


def users():
    User = get_user_model()
    admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_superuser": True})
    admin.is_superuser = admin.is_staff = True
    admin.save()
    return admin


def in_process(admin):
    from forms.models import Submission

    client = Client(HTTP_HOST="localhost", secure=True)
    client.force_login(admin)
    index = reverse("inbox:index")
    from forms.protocol import ProtocolNumber

    candidates = Submission.objects.order_by("-pk").values("pk", "protocol", "consumer_cpf")
    sample = next(c for c in candidates[100:120] if ProtocolNumber.parse(c["protocol"]))
    page_id = Submission.objects.values_list("page_id", flat=True).first()
    stock = reverse("wagtailforms:list_submissions", args=[page_id])
    return {
        "Inbox listing, first page": timed(client, index),
        "Inbox listing, status + municipality": timed(
            client, index, status="notified_supplier", municipality="5103403"
        ),
        "Inbox search by protocol": timed(client, index, q=sample["protocol"]),
        "Inbox search by CPF": timed(client, index, q=sample["consumer_cpf"]),
        "Inbox case view": timed(client, reverse("inbox:case", args=[sample["pk"]])),
        "Stock Wagtail submissions listing, first page": timed(client, stock, repeat=5),
    }


def session_cookie(user):
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def worker_peak_mib(master_pid):
    peaks = []
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                peaks.append(int(line.split()[1]) / 1024)
    return max(peaks)


def over_http(path, cookie, timeout):
    """Download `path` from a fresh gunicorn (production settings, one worker)."""
    env = dict(os.environ)
    server = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--pythonpath",
            "site",
            "procon.wsgi",
            "--bind",
            f"{SERVER}:{PORT}",
            "--workers",
            "1",
            "--timeout",
            str(timeout),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, so it can be ended whole
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://{SERVER}:{PORT}/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        request = urllib.request.Request(
            f"http://{SERVER}:{PORT}{path}", headers={"Cookie": cookie}
        )
        started = time.monotonic()
        first = None
        size = 0
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                while chunk := response.read(65536):
                    first = first or time.monotonic() - started
                    size += len(chunk)
            outcome = "ok"
        except (OSError, http.client.HTTPException) as error:
            outcome = f"failed ({type(error).__name__})"
        total = time.monotonic() - started
        return {
            "seconds": total,
            "first_byte": first,
            "bytes": size,
            "peak_mib": worker_peak_mib(server.pid),
            "outcome": outcome,
        }
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # A worker deep in the stock export may not stop in time: end the group.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def measure(write_docs=False, timeout=180):
    ensure_postgres()
    from forms.models import Submission

    rows = Submission.objects.count()
    call_command("collectstatic", "--noinput", verbosity=0)
    admin = users()
    # The machine may be shared: the load says how far to trust the figures.
    load = [os.getloadavg()[0]]
    results = in_process(admin)
    for name, figures in results.items():
        print(
            f"{name}: median {figures['median']:.1f} ms, p95 {figures['p95']:.1f} ms, "
            f"CPU median {figures['cpu']:.1f} ms"
        )
    cookie = session_cookie(admin)
    page_id = Submission.objects.values_list("page_id", flat=True).first()
    exports = {
        "Inbox CSV export": over_http(reverse("inbox:export", args=["csv"]), cookie, timeout),
        # The stock export runs under the same gunicorn timeout; it may not finish.
        "Stock Wagtail CSV export": over_http(
            reverse("wagtailforms:list_submissions", args=[page_id]) + "?export=csv",
            cookie,
            timeout,
        ),
    }
    for name, figures in exports.items():
        print(
            f"{name}: {figures['outcome']}, {figures['seconds']:.1f} s, first byte "
            f"{figures['first_byte'] or 0:.2f} s, {figures['bytes'] / 2**20:.0f} MiB, "
            f"worker peak {figures['peak_mib']:.0f} MiB"
        )
    load.append(os.getloadavg()[0])
    print(f"1-minute load average: {load[0]:.1f} at the start, {load[1]:.1f} at the end")
    if write_docs:
        write_report(rows, results, exports, load)


def write_report(rows, results, exports, load):
    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')} with {rows:,} submissions (PostgreSQL, "
        f"{os.cpu_count()} CPUs, 1-minute load average {load[0]:.1f} at the start and "
        f"{load[1]:.1f} at the end); `make bench-inbox` to reproduce.",
        "",
        "| View (in process, supervisor) | median | p95 | median CPU of the process |",
        "|---|---|---|---|",
    ]
    for name, f in results.items():
        lines.append(f"| {name} | {f['median']:.1f} ms | {f['p95']:.1f} ms | {f['cpu']:.1f} ms |")
    lines += [
        "",
        "| Export over HTTP (gunicorn, production settings, 1 worker) | outcome | total | "
        "first byte | size | worker peak RSS |",
        "|---|---|---|---|---|---|",
    ]
    for name, f in exports.items():
        lines.append(
            f"| {name} | {f['outcome']} | {f['seconds']:.1f} s | {f['first_byte'] or 0:.2f} s | "
            f"{f['bytes'] / 2**20:.0f} MiB | {f['peak_mib']:.0f} MiB |"
        )
    from bench.results import write_results

    write_results("inbox", lines, "Inbox")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["fill", "measure", "all"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--timeout", type=int, default=180, help="seconds per export")
    args = parser.parse_args()
    if args.command in ("fill", "all"):
        fill(args.rows)
    if args.command in ("measure", "all"):
        measure(write_docs=args.write_docs or args.command == "all", timeout=args.timeout)


if __name__ == "__main__":
    main()
