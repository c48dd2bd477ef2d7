"""Transparency benchmark on PostgreSQL: the inbox benchmark's submissions, walked to
closed cases with events, evaluations and classifications, then the refresh command,
the supplier comparison page and the yearly register timed.

    python bench/transparency.py fill [--rows N]   # default 1,000,000
    python bench/transparency.py measure [--write-docs]
    python bench/transparency.py all [--rows N]    # both; what `make bench-transparency` runs

Needs DATABASE_URL pointing at a PostgreSQL database used only for this (e.g.
postgres://postgres@127.0.0.1:5432/procon_transp_bench): `fill` empties it.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "procon.settings.production",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "false",
    "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
}
for _key, _value in BENCH_ENV.items():
    os.environ.setdefault(_key, _value)

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

REPEAT = 20
TOPICS = {
    "telecomunicacoes": ("Telecomunicações", ["Telefonia móvel", "Internet fixa"]),
    "bancos": ("Bancos", ["Cartão de crédito", "Empréstimo"]),
    "varejo": ("Varejo", ["Eletrodomésticos", "Vestuário"]),
    "energia": ("Energia", ["Conta de luz", "Corte de fornecimento"]),
    "transporte-aereo": ("Transporte aéreo", ["Atraso de voo", "Bagagem"]),
}
PROBLEMS = ["Cobrança indevida", "Produto com defeito", "Não entrega", "Cancelamento negado"]
CHANNELS = ["Loja física", "Internet", "Telefone", "Em domicílio", "Outro"]


def ensure_postgres():
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (e.g. .../procon_transp_bench).")


def sql(statement, params=None):
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(statement, {} if params is None else params)
        count = cursor.rowcount
    return count, time.monotonic() - started


def taxonomy():
    """Topics > subjects > problems, and the bench form's problem and channel fields."""
    from forms.demo import field
    from forms.models import FormPage
    from services.models import Problem, Subject, Topic

    values = []
    for slug, (name, subjects) in TOPICS.items():
        topic, _ = Topic.objects.get_or_create(slug=slug, defaults={"name": name})
        for subject_name in subjects:
            subject, _ = Subject.objects.get_or_create(
                topic=topic, slug=subject_name.lower().replace(" ", "-"), name=subject_name
            )
            for problem_name in PROBLEMS:
                problem, _ = Problem.objects.get_or_create(
                    subject=subject, slug=problem_name.lower().replace(" ", "-"), name=problem_name
                )
                values.append((topic, subject, problem))
    page = FormPage.objects.get(slug="bench-reclamacao")
    keys = {spec.definition["key"] for spec in page.definition.fields.values()}
    if "problema" not in keys:
        steps = page.steps.raw_data
        steps[-1]["value"]["fields"] += [
            field("problem", "Problema", "problema", role="problem", topic=None),
            field(
                "radio", "Como comprou?", "como_comprou", role="purchase_channel", choices=CHANNELS
            ),
        ]
        page.steps = steps
        page.save_revision().publish()
    return values


def fill(rows, resume=False):
    """`resume`: keep the submissions (and answers) already filled; redo the events."""
    ensure_postgres()
    call_command("migrate", verbosity=0)
    if not resume:
        base(rows)
    enrich(resume)


def base(rows):
    subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "inbox.py"), "fill", "--rows", str(rows)],
        check=True,
        cwd=ROOT,
    )


def enrich(resume):
    import json

    started = time.monotonic()
    answers = [
        {
            "topic": t.name,
            "topic_slug": t.slug,
            "subject": s.name,
            "subject_slug": s.slug,
            "problem": p.name,
            "problem_slug": p.slug,
        }
        for t, s, p in taxonomy()
    ]
    steps = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT form_data ? 'problema' FROM procon_forms_submission LIMIT 1")
        answered = cursor.fetchone()[0]
    if resume and answered:
        sql("DELETE FROM inbox_caseevent WHERE kind = 'transition'")
    else:
        steps["answers"] = sql(
            """
            UPDATE procon_forms_submission SET form_data = form_data || jsonb_build_object(
              'problema', (%(answers)s::jsonb) -> ((id * 7) %% %(n)s)::int,
              'como_comprou', (%(channels)s::text[])[1 + id %% 5])
            """,
            {"answers": json.dumps(answers), "n": len(answers), "channels": CHANNELS},
        )
    steps |= {
        # Set-based events for the closed cases the inbox fill made (resolved,
        # not_resolved, closed): forwarded a day after submission with a 10-day
        # deadline; 85 % answered after 1-14 days (so some late); evaluated; closed.
        "forwarded": sql(
            """
            INSERT INTO inbox_caseevent (case_id, kind, action, party, created_at, from_status,
              to_status, reason, body, visibility, data)
            SELECT id, 'transition', 'forward_to_supplier', 'staff', submit_time + interval '1 day',
              'in_analysis', 'notified_supplier', '', '', 'citizen',
              jsonb_build_object('deadline', to_char(submit_time + interval '11 days', 'YYYY-MM-DD'))
            FROM procon_forms_submission WHERE status IN ('resolved', 'not_resolved', 'closed')
            """
        ),
        "answered": sql(
            """
            INSERT INTO inbox_caseevent (case_id, kind, action, party, created_at, from_status,
              to_status, reason, body, visibility, data)
            SELECT id, 'transition', 'record_supplier_answer', 'supplier',
              submit_time + (1 + id %% 14) * interval '1 day' + interval '2 hours',
              'notified_supplier', 'supplier_answered', 'Resposta', '', 'citizen', '{}'::jsonb
            FROM procon_forms_submission
            WHERE status IN ('resolved', 'not_resolved', 'closed') AND id %% 20 < 17
            """
        ),
        "evaluated": sql(
            """
            INSERT INTO inbox_caseevent (case_id, kind, action, party, created_at, from_status,
              to_status, reason, body, visibility, data)
            SELECT s.id, 'transition',
              CASE WHEN e.resolved THEN 'record_resolved' ELSE 'record_not_resolved' END,
              'citizen', s.submit_time + interval '17 days', 'awaiting_evaluation',
              CASE WHEN e.resolved THEN 'resolved' ELSE 'not_resolved' END, '', '', 'citizen',
              jsonb_build_object('score', 1 + s.id %% 5)
            FROM procon_forms_submission s,
              LATERAL (SELECT s.status = 'resolved' OR (s.status = 'closed' AND s.id %% 3 > 0)
                       AS resolved) e
            WHERE s.status IN ('resolved', 'not_resolved', 'closed')
            """
        ),
        "closed": sql(
            """
            INSERT INTO inbox_caseevent (case_id, kind, action, party, created_at, from_status,
              to_status, reason, body, visibility, data)
            SELECT id, 'transition', 'close', 'staff', submit_time + interval '20 days',
              'resolved', 'closed', '', '', 'citizen', '{}'::jsonb
            FROM procon_forms_submission WHERE status = 'closed'
            """
        ),
        "scored and classified": sql(
            """
            UPDATE inbox_case c SET evaluation_score = 1 + c.submission_id %% 5,
              classification = CASE WHEN s.status <> 'closed' THEN ''
                ELSE (ARRAY['founded_attended', 'founded_not_attended', 'unfounded', ''])[1 + c.submission_id %% 4] END
            FROM procon_forms_submission s
            WHERE s.id = c.submission_id AND s.status IN ('resolved', 'not_resolved', 'closed')
            """
        ),
    }
    sql("ANALYZE procon_forms_submission; ANALYZE inbox_case; ANALYZE inbox_caseevent")
    for name, (count, seconds) in steps.items():
        print(f"{name}: {count:,} rows in {seconds:.1f} s")
    print(f"transparency data added in {time.monotonic() - started:.1f} s")


def timed(client, url, repeat=REPEAT, **params):
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params)
        if response.streaming:
            for _chunk in response.streaming_content:
                pass
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return {"median": statistics.median(samples), "p95": samples[int(0.95 * (len(samples) - 1))]}


def cold(client, url, **params):
    cache.clear()
    started = time.perf_counter()
    response = client.get(url, params)
    content = b"".join(response) if response.streaming else response.content
    assert response.status_code == 200, (url, response.status_code)
    return (time.perf_counter() - started) * 1000, len(content)


def measure(write_docs=False):
    ensure_postgres()
    from transparency.indicators import register_rows
    from transparency.models import ClosedComplaint, SupplierIndicator

    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.monotonic()
    call_command("refresh_transparency")
    refresh_seconds = time.monotonic() - started
    closed = ClosedComplaint.objects.count()
    indicators = SupplierIndicator.objects.count()
    from transparency.opendata import months

    busiest = max(months(), key=lambda row: row["complaints"])
    year, month = busiest["year"], busiest["month"]
    print(
        f"refresh: {refresh_seconds:.1f} s ({closed:,} closed complaints, {indicators:,} indicator rows)"
    )

    started = time.monotonic()
    register = register_rows(year)
    register_seconds = time.monotonic() - started
    print(f"register {year}: {len(register):,} suppliers in {register_seconds:.2f} s")

    client = Client(HTTP_HOST="localhost", secure=True)
    comparison = reverse("transparency:suppliers")
    supplier = reverse("transparency:supplier", args=[register[0]["supplier_cnpj"]])
    pages = {
        "Supplier comparison, default": (comparison, {}),
        "Supplier comparison, year + topic, by % on time": (
            comparison,
            {"ano": year, "tema": "bancos", "ordem": "-no_prazo"},
        ),
        "Supplier comparison, municipality": (comparison, {"municipio": "5103403"}),
        "Supplier page": (supplier, {}),
        f"Register {year}": (reverse("transparency:register", args=[year]), {}),
        f"Register {year}, CSV": (reverse("transparency:register_csv", args=[year]), {}),
        f"Register {year}, PDF": (reverse("transparency:register_pdf", args=[year]), {}),
        f"Open data {year}-{month:02d}, CSV": (
            reverse("transparency:month_csv", args=[year, month]),
            {},
        ),
    }
    results = {}
    for name, (url, params) in pages.items():
        first, size = cold(client, url, **params)
        cached = timed(client, url, repeat=3 if url.endswith(".csv") else REPEAT, **params)
        results[name] = {"cold": first, "size": size, **cached}
        print(
            f"{name}: cold {first:.0f} ms, cached median {cached['median']:.1f} ms, "
            f"p95 {cached['p95']:.1f} ms, {size / 1024:.0f} KiB"
        )
    if write_docs:
        write_report(closed, indicators, refresh_seconds, year, register, register_seconds, results)


def write_report(closed, indicators, refresh_seconds, year, register, register_seconds, results):
    from forms.models import Submission

    rows = Submission.objects.count()
    lines = [
        f"Measured on {time.strftime('%Y-%m-%d')} with {rows:,} submissions, {closed:,} of them "
        f"closed complaints (PostgreSQL, {os.cpu_count()} CPUs); `make bench-transparency` "
        "to reproduce.",
        "",
        f"- `refresh_transparency`: **{refresh_seconds:.1f} s** ({closed:,} public rows, "
        f"{indicators:,} indicator rows)",
        f"- register {year} computed (uncached): **{register_seconds:.2f} s** "
        f"({len(register):,} suppliers)",
        "",
        "| Page (in process, anonymous) | cold (cache empty) | cached median | cached p95 | size |",
        "|---|---|---|---|---|",
    ]
    for name, f in results.items():
        lines.append(
            f"| {name} | {f['cold']:.0f} ms | {f['median']:.1f} ms | {f['p95']:.1f} ms | "
            f"{f['size'] / 1024:.0f} KiB |"
        )
    from bench.results import write_results

    write_results("transparency", lines, "Transparency")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["fill", "measure", "all"])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument(
        "--resume", action="store_true", help="fill: keep the submissions, redo the events"
    )
    args = parser.parse_args()
    if args.command in ("fill", "all"):
        fill(args.rows, resume=args.resume)
    if args.command in ("measure", "all"):
        measure(write_docs=args.write_docs or args.command == "all")


if __name__ == "__main__":
    main()
