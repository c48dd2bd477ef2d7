"""Form requests one at a time: one client, one request in flight, no queueing.

    python bench/sequential.py --site http://127.0.0.1:8790 \
        --stock "stock project=http://127.0.0.1:8792" --stock http://127.0.0.1:8790 \
        [--journeys 150] [--stock-rounds 500] [--database-url URL]

Measures what a load test hides behind its queues: how long each form request
takes when it is the only one the server has. For every stock form server
(`--stock [LABEL=]URL`, Wagtail's stock form page of bench/stockform at
`--stock-path`), rounds of GET the form + POST every answer; on our site
(`--site URL`), complete complaint journeys (start, each step GET then POST, two
1 MB PDFs on the documents step, review, submit, confirmation with its protocol
number). The same answers, files and checks as bench/locustfile.py.

Each request gets a fresh connection (gunicorn's sync workers close it after each
answer anyway) and is timed by the client with time.perf_counter() from opening
the connection to the last byte of the answer, the request body included (bodies
are encoded before the clock starts). Each server is warmed with about 20
requests first, not counted; then the servers take turns in blocks so that a
change in the machine's load falls on all of them. Every unexpected answer
(status, redirect, missing thank-you page or protocol) is counted as an error
and its request left out of the times. With --database-url (the site's database,
as bench/site.py prepares it), the protocols shown are looked up as stored.

bench/site.py runs this against the servers it starts (`make bench`).
"""

import argparse
import contextlib
import http.client
import http.cookiejar
import re
import secrets
import sys
import time
import types
import urllib.parse
import urllib.request
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The locust users' answers, files and patterns, without importing locust itself
# (it patches the standard library for gevent on import).
_STUBBED = "locust" not in sys.modules
if _STUBBED:
    sys.modules["locust"] = types.SimpleNamespace(HttpUser=object, task=lambda f: f)
from bench.journey import ANSWERS, ATTACHMENTS, NAMES, PROBLEM, PROTOCOL, TOKEN  # noqa: E402

if _STUBBED:
    del sys.modules["locust"]

STOCK_PATH = "/formulario-padrao/"
JOURNEY_START = "/reclamacao/"
# As bench/locustfile.py's StockFormUser sends them.
STOCK_ANSWERS = {
    **ANSWERS,
    "data_compra": "2026-01-15",
    "valor": "1234.56",
    "problema": "Cobrança indevida",
    "declaracao": "on",
}
STOCK_SENT = re.compile("stock-form-sent")
WARMUP = 20
BLOCKS = 10
TIMEOUT = 60


def percentile(values, fraction):
    """Nearest rank; nan without values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


class Failed(Exception):
    """An answer other than the expected one: counted, and the round or journey ends."""


class Client:
    """One visitor: its cookies, a fresh connection per request, the times of the
    expected answers by request name and the errors."""

    def __init__(self, base, recorder):
        self.base = base.rstrip("/")
        self.recorder = recorder
        self.jar = http.cookiejar.CookieJar()

    def request(self, name, method, path, expected, body=None, content_type=None, require=None):
        """The answer's text (the path it redirects to when `expected` is 302); raises
        Failed on any other status or when `require` (a pattern) is not in the text."""
        url = urllib.parse.urljoin(self.base + "/", path)
        parts = urllib.parse.urlsplit(url)
        # Only to carry the cookies: the request itself goes through http.client.
        cookies = urllib.request.Request(url, method=method)  # noqa: S310
        self.jar.add_cookie_header(cookies)
        headers = dict(cookies.header_items())
        if content_type:
            headers["Content-Type"] = content_type
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        start = time.perf_counter()
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.recorder.fail(name, f"{type(error).__name__}: {error}")
            raise Failed from error
        finally:
            connection.close()
        elapsed = (time.perf_counter() - start) * 1000
        self.jar.extract_cookies(response, cookies)
        if response.status != expected:
            where = response.getheader("Location")
            self.recorder.fail(
                name, f"status {response.status}" + (f" to {where}" if where else "")
            )
            raise Failed
        text = content.decode("utf-8", errors="replace")
        if require is not None and not require.search(text):
            self.recorder.fail(name, f"no {require.pattern!r} in the answer")
            raise Failed
        self.recorder.times[name].append(elapsed)
        if expected == 302:
            return urllib.parse.urlsplit(response.getheader("Location") or "").path
        return text

    def get(self, name, path, require=None):
        return self.request(name, "GET", path, 200, require=require)

    def post(self, name, path, data, expected, files=None, require=None):
        if files:
            body, content_type = multipart(data, files)
        else:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(name, "POST", path, expected, body, content_type, require)

    def find(self, pattern, text, name):
        """The first group (or the match) of `pattern` in the answer to `name`."""
        found = pattern.search(text)
        if found is None:
            self.recorder.fail(name, f"no {pattern.pattern!r} in the answer")
            raise Failed
        return found[1] if pattern.groups else found[0]


class Recorder:
    def __init__(self):
        self.times = defaultdict(list)
        self.errors = Counter()
        self.examples = []

    def fail(self, name, message):
        self.errors[name] += 1
        if len(self.examples) < 5:
            self.examples.append(f"{name}: {message}")

    def clear(self):
        self.times.clear()
        self.errors.clear()
        self.examples.clear()

    def stats(self, name):
        values = self.times.get(name, [])
        return {
            "requests": len(values),
            "errors": self.errors.get(name, 0),
            "p50": percentile(values, 0.5),
            "p95": percentile(values, 0.95),
            "p99": percentile(values, 0.99),
        }

    def names(self):
        return list(dict.fromkeys([*self.times, *self.errors]))


def multipart(data, files):
    """multipart/form-data as requests (the locust client) encodes it."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, values in data.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
    for name, filename, content, kind in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
        )
        parts += [head.encode(), content, b"\r\n"]
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def stock_round(client, path=STOCK_PATH):
    """bench/locustfile.py's StockFormUser: GET the form, POST every answer."""
    client.jar.clear()
    try:
        html = client.get("GET stock form", path, require=TOKEN)
        data = {**STOCK_ANSWERS, "csrfmiddlewaretoken": TOKEN.search(html)[1]}
        client.post("POST stock form", path, data, 200, require=STOCK_SENT)
    except Failed:
        pass


def journey(client, protocols):
    """bench/locustfile.py's ComplaintUser: start, every step (GET and POST, two 1 MB
    PDFs on the documents step), review, submit, confirmation with its protocol."""
    client.jar.clear()
    with contextlib.suppress(Failed):  # as the locust user: the steps are tried anyway
        client.get("GET start", JOURNEY_START)
    try:
        path, number = f"{JOURNEY_START}etapa/1/", 1
        while "/etapa/" in path:
            name = f"GET step {number}"
            html = client.get(name, path, require=TOKEN)
            names = set(NAMES.findall(html))
            data = {"csrfmiddlewaretoken": TOKEN.search(html)[1]}
            data.update({key: value for key, value in ANSWERS.items() if key in names})
            if "problema" in names:
                data["problema"] = client.find(PROBLEM, html, name)
            files = None
            if "documentos" in names:
                files = [
                    ("documentos", f"documento-{i}.pdf", content, "application/pdf")
                    for i, content in enumerate(ATTACHMENTS)
                ]
            path = client.post(f"POST step {number}", path, data, 302, files)
            number += 1
        html = client.get("GET review", path, require=TOKEN)
        data = {"csrfmiddlewaretoken": TOKEN.search(html)[1], "declaration_confirmed": "on"}
        path = client.post("POST review (submit)", path, data, 302)
        # As the locust user: the confirmation page shows a protocol number.
        html = client.get("GET confirmation", path, require=PROTOCOL)
    except Failed:
        return
    protocols.append(PROTOCOL.search(html)[0])


def share(total, parts, index):
    """The index-th of `parts` nearly equal shares of `total`."""
    return total * (index + 1) // parts - total * index // parts


def measure(
    site=None,
    stocks=None,
    journeys=150,
    stock_rounds=500,
    stock_path=STOCK_PATH,
    warmup=WARMUP,
    blocks=BLOCKS,
    progress=print,
):
    """`stocks`: label -> base URL of a server with the stock form. Returns the
    recorders ("stock": label -> Recorder, "journey": Recorder) and the protocols."""
    stocks = stocks or {}
    started = time.monotonic()
    stock = {label: Recorder() for label in stocks}
    ours = Recorder()
    protocols = []
    # Warm-up: every worker of every server has loaded its code and templates.
    for label, base in stocks.items():
        client = Client(base, stock[label])
        for _ in range(warmup // 2 if stock_rounds else 0):
            stock_round(client, stock_path)
    for _ in range(-(-warmup // 12) if site and journeys else 0):  # 12 requests a journey
        journey(Client(site, ours), [])
    for recorder in (*stock.values(), ours):
        recorder.clear()
    blocks = max(1, min(blocks, max(stock_rounds, journeys)))
    for index in range(blocks):
        for label, base in stocks.items():
            client = Client(base, stock[label])
            for _ in range(share(stock_rounds, blocks, index)):
                stock_round(client, stock_path)
        if site:
            for _ in range(share(journeys, blocks, index)):
                journey(Client(site, ours), protocols)
        progress(
            f"sequential block {index + 1}/{blocks}: {len(protocols)} journeys, "
            f"{time.monotonic() - started:.0f} s",
        )
    return {
        "stock": stock,
        "journey": ours,
        "protocols": protocols,
        "journeys": journeys if site else 0,
        "stock_rounds": stock_rounds if stocks else 0,
        "seconds": time.monotonic() - started,
    }


def ms(value):
    return f"{value:.1f} ms" if value == value else "-"  # nan: no value


def post_table(results, title="POST, one at a time"):
    """Markdown: each POST of the journey and of each stock form, p50/p95/p99 and
    the p95 against each stock form's POST."""
    stock, ours = results["stock"], results["journey"]
    baselines = {
        label: recorder.stats("POST stock form")["p95"] for label, recorder in stock.items()
    }
    header = f"| {title} | requests | errors | p50 | p95 | p99 |"
    header += "".join(f" p95 vs. stock POST, {label} |" for label in baselines)
    lines = [header, "|---" * (6 + len(baselines)) + "|"]
    rows = [(name, ours.stats(name)) for name in ours.names() if name.startswith("POST")]
    rows += [
        (f"POST stock form, {label}", r.stats("POST stock form")) for label, r in stock.items()
    ]
    for name, f in rows:
        line = (
            f"| {name} | {f['requests']} | {f['errors']} | {ms(f['p50'])} | {ms(f['p95'])} | "
            f"{ms(f['p99'])} |"
        )
        for baseline in baselines.values():
            ratio = f["p95"] / baseline if baseline else float("nan")
            line += f" {ratio:.2f}x |" if ratio == ratio else " - |"
        lines.append(line)
    return lines


def report(results):
    """Plain text: every request kind measured, errors and examples."""
    lines = [f"{'request':<44} {'n':>5} {'errors':>6} {'p50':>9} {'p95':>9} {'p99':>9}"]
    groups = [(f"{label}: ", r) for label, r in results["stock"].items()]
    groups.append(("our site: ", results["journey"]))
    for prefix, recorder in groups:
        for name in recorder.names():
            f = recorder.stats(name)
            lines.append(
                f"{prefix + name:<44} {f['requests']:>5} {f['errors']:>6} {ms(f['p50']):>9} "
                f"{ms(f['p95']):>9} {ms(f['p99']):>9}"
            )
    for _prefix, recorder in groups:
        lines += [f"error: {example}" for example in recorder.examples]
    lines.append(
        f"{len(results['protocols'])} of {results['journeys']} journeys showed a protocol; "
        f"took {results['seconds']:.0f} s"
    )
    return lines


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site", help="our site's base URL (the complaint journeys)")
    parser.add_argument(
        "--stock",
        action="append",
        default=[],
        metavar="[LABEL=]URL",
        help="base URL of a server with the stock form page; repeatable",
    )
    parser.add_argument("--stock-path", default=STOCK_PATH)
    parser.add_argument("--journeys", type=int, default=150)
    parser.add_argument("--stock-rounds", type=int, default=500, help="GET + POST each")
    parser.add_argument("--warmup", type=int, default=WARMUP, help="requests per server")
    parser.add_argument("--blocks", type=int, default=BLOCKS, help="turns the servers take")
    parser.add_argument(
        "--database-url", help="the site's database: look the protocols shown up as stored"
    )
    args = parser.parse_args()
    stocks = {}
    for value in args.stock:
        label, sep, url = value.partition("=")
        if not sep or "://" in label:
            label, url = value, value
        stocks[label] = url
    if not args.site and not stocks:
        parser.error("nothing to measure: give --site and/or --stock")
    results = measure(
        args.site,
        stocks,
        args.journeys,
        args.stock_rounds,
        args.stock_path,
        args.warmup,
        args.blocks,
    )
    print("\n".join(report(results)))
    print()
    print("\n".join(post_table(results)))
    errors = sum(sum(r.errors.values()) for r in (*results["stock"].values(), results["journey"]))
    if args.database_url and results["protocols"]:
        from bench.site import bench_env, stored_protocols

        env = bench_env(types.SimpleNamespace(database_url=args.database_url))
        found = stored_protocols(env, results["protocols"])
        lost = len(results["protocols"]) - found
        print(f"protocols shown but not stored (lost): {lost}")
        errors += lost
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
