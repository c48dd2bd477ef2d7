"""CPU time and queries per request, in process, through Django's test client.

Runs the requests `bench/site.py` measures over HTTP (the uncached guidance
page, the complaint journey, the same complaint through the API for apps,
Wagtail's stock form) with the benchmark's
settings and database, and reports for each kind of request the CPU time the
handler took (``time.process_time()`` around the WSGI handler, so building the
test request is left out) and the number of queries. Much steadier than a load
test on a shared machine.

    DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=site:. DATABASE_URL=... \
        python bench/inprocess.py --rounds 50
    python bench/inprocess.py --profile "POST step 4"   # cProfile of one kind
    python bench/inprocess.py --profile "API POST submit"

Needs the database prepared as `bench/site.py` prepares it (migrations,
demo content, `bench_site_setup`, `collectstatic`).
"""

import argparse
import cProfile
import io
import json as json_module
import os
import pstats
import re
import statistics
import sys
import time
import types
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This folder holds scripts named like the site's apps (inbox.py): off the path.
sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != ROOT / "bench"]
for entry in (ROOT / "site", ROOT):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# The locust users' answers and files, without importing locust itself (it
# patches the standard library for gevent on import).
sys.modules.setdefault("locust", types.SimpleNamespace(HttpUser=object, task=lambda f: f))
from bench.journey import (  # noqa: E402
    ANSWERS,
    PROTOCOL,
    TOKEN,
    file_through_api,
    step_answers,
    track_through_api,
    uploads,
)

GUIDANCE = "/orientacoes/direito-de-arrependimento/"
HOST = "127.0.0.1"


class Recorder:
    """Wraps a test client's handler: CPU time (and optionally queries) per request."""

    def __init__(self, client, profile=None):
        self.client = client
        self.handler = client.handler
        self.times = defaultdict(list)
        self.queries = defaultdict(list)
        self.profile_name = profile
        self.profiler = cProfile.Profile() if profile else None
        self.name = None
        self.count_queries = False
        client.handler = self

    def __getattr__(self, name):
        return getattr(self.handler, name)

    def __call__(self, environ):
        profiling = self.profiler is not None and self.name == self.profile_name
        capture = CaptureQueriesContext(connection) if self.count_queries else None
        if capture is not None:
            capture.__enter__()
        if profiling:
            self.profiler.enable()
        start = time.process_time()
        response = self.handler(environ)
        elapsed = time.process_time() - start
        if profiling:
            self.profiler.disable()
        if capture is not None:
            capture.__exit__(None, None, None)
            self.queries[self.name].append(len(capture.captured_queries))
            if os.environ.get("BENCH_SHOW_QUERIES") == self.name:
                for query in capture.captured_queries:
                    print(f"  {query['sql'][:160]}")
        else:
            self.times[self.name].append(elapsed * 1000)
        return response

    def get(self, name, url, **extra):
        self.name = name
        return self.client.get(url, HTTP_HOST=HOST, **extra)

    def post(self, name, url, data, **extra):
        self.name = name
        return self.client.post(url, data, HTTP_HOST=HOST, **extra)

    def api_call(
        self,
        name,
        method,
        path,
        status=200,
        json=None,
        form=None,
        files=None,
        headers=None,
        check=None,
    ):
        """`call` of bench.journey.file_through_api, with the app's key."""
        self.name = f"API {name}"
        extra = {"HTTP_HOST": HOST, "HTTP_X_API_KEY": self.api_key}
        for header, value in (headers or {}).items():
            extra["HTTP_" + header.upper().replace("-", "_")] = value
        if files is not None:
            data = dict(form or {})
            for field, (file_name, content, content_type) in files:
                data[field] = SimpleUploadedFile(file_name, content, content_type)
            response = self.client.post(path, data, **extra)
        elif json is not None:
            body = json_module.dumps(json)
            response = getattr(self.client, method.lower())(
                path, body, content_type="application/json", **extra
            )
        else:
            response = getattr(self.client, method.lower())(path, **extra)
        if response.status_code != status:
            raise SystemExit(
                f"{self.name}: status {response.status_code}: {response.content[:300]}"
            )
        answer = response.json()
        if check and check(answer):
            raise SystemExit(f"{self.name}: {check(answer)}")
        return answer


def check(response, status, name):
    if response.status_code != status:
        raise SystemExit(f"{name}: status {response.status_code}, expected {status}")


def journey(recorder):
    client = recorder.client
    client.cookies.clear()
    check(recorder.get("GET start", "/reclamacao/"), 200, "start")
    url, number = "/reclamacao/etapa/1/", 1
    while "/etapa/" in url:
        response = recorder.get(f"GET step {number}", url)
        check(response, 200, url)
        data, wants_files = step_answers(response.content.decode())
        if wants_files:
            data["documentos"] = uploads()
        response = recorder.post(f"POST step {number}", url, data)
        check(response, 302, url)
        url = response["Location"]
        number += 1
    response = recorder.get("GET review", url)
    check(response, 200, url)
    token = TOKEN.search(response.content.decode())[1]
    response = recorder.post(
        "POST review (submit)", url, {"csrfmiddlewaretoken": token, "declaration_confirmed": "on"}
    )
    check(response, 302, "submit")
    response = recorder.get("GET confirmation", response["Location"])
    check(response, 200, "confirmation")
    if not PROTOCOL.search(response.content.decode()):
        raise SystemExit("no protocol on the confirmation page")


def api_journey(recorder):
    recorder.client.cookies.clear()
    sent = file_through_api(recorder.api_call, recorder.api_form, str(uuid.uuid4()))
    track_through_api(recorder.api_call, sent)


def api_setup(recorder):
    """The benchmark's app (bench/site.py's, with a new key) and the complaint form."""
    from api.models import ApiClient
    from bench.site import API_CLIENT_NAME, API_REQUESTS_PER_MINUTE
    from forms.models import FormPage

    record = ApiClient.objects.filter(name=API_CLIENT_NAME).first()
    record = record or ApiClient(name=API_CLIENT_NAME)
    record.requests_per_minute, record.is_active = API_REQUESTS_PER_MINUTE, True
    recorder.api_key = record.new_key()
    record.save()
    recorder.api_form = FormPage.objects.live().get(slug="reclamacao").pk


def stock_form(recorder):
    client = recorder.client
    client.cookies.clear()
    response = recorder.get("GET stock form", "/formulario-padrao/")
    check(response, 200, "stock form")
    token = TOKEN.search(response.content.decode())[1]
    data = {
        **ANSWERS,
        "data_compra": "2026-01-15",
        "valor": "1234.56",
        "problema": "Cobrança indevida",
        "declaracao": "on",
        "csrfmiddlewaretoken": token,
    }
    response = recorder.post("POST stock form", "/formulario-padrao/", data)
    check(response, 200, "stock form post")
    assert b"stock-form-sent" in response.content


def guidance(recorder):
    recorder.client.cookies.clear()
    recorder.client.cookies["bench"] = "uncached"
    response = recorder.get("GET guidance, uncached", GUIDANCE)
    check(response, 200, "guidance")
    assert response.get("X-Page-Cache") is None, "served from the page cache"
    check(recorder.get("GET minimal view (ok)", "/bench/ok/"), 200, "minimal view")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--profile", help="request kind to profile with cProfile")
    parser.add_argument("--only", help="regular expression: request kinds to report")
    args = parser.parse_args()

    recorder = Recorder(Client(enforce_csrf_checks=True), profile=args.profile)
    api_setup(recorder)
    scenarios = (guidance, journey, api_journey, stock_form)
    for _ in range(args.warmup):
        for scenario in scenarios:
            scenario(recorder)
    recorder.times.clear()
    for _ in range(args.rounds):
        for scenario in scenarios:
            for _ in range(5 if scenario is guidance else 1):
                scenario(recorder)
    recorder.count_queries = True
    for scenario in scenarios:
        scenario(recorder)

    only = re.compile(args.only) if args.only else None
    print(f"{'request':<28} {'n':>4} {'mean ms':>8} {'median':>8} {'queries':>8}")
    for name, values in recorder.times.items():
        if only and not only.search(name):
            continue
        print(
            f"{name:<28} {len(values):>4} {statistics.mean(values):>8.2f} "
            f"{statistics.median(values):>8.2f} {recorder.queries[name][-1]:>8}"
        )
    if recorder.profiler:
        out = io.StringIO()
        stats = pstats.Stats(recorder.profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(60)
        print(out.getvalue())


if __name__ == "__main__":
    main()
