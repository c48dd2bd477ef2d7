"""Locust users for bench/site.py: a citizen going through the whole complaint
form, the same complaint filed by an app through the API, and the same answers
sent through Wagtail's stock single-page form.

    locust -f bench/locustfile.py --headless -u 50 -r 50 -t 60s --host URL ComplaintUser
    BENCH_API_KEY=pcn_... BENCH_API_FORM=ID locust -f bench/locustfile.py ... ApiUser

Every request is checked (status, where a redirect goes, the protocol on the
confirmation page or in the submit's answer); anything else counts as an error.
bench/site.py reads back what the users were told (bench.journey.receipt) and,
with BENCH_TIMES set, every request's time in milliseconds, unrounded (locust
rounds its percentiles to two significant figures above a second).
"""

import os
import uuid

from locust import HttpUser, events, task

from bench.journey import (
    ANSWERS,
    ATTACHMENTS,
    PROTOCOL,
    TOKEN,
    file_through_api,
    receipt,
    step_answers,
    track_through_api,
)

TIMES = os.environ.get("BENCH_TIMES")


@events.request.add_listener
def record_time(name, response_time, exception, **kwargs):
    if TIMES:
        with open(TIMES, "a") as handle:
            handle.write(f"{name}\t{response_time:.3f}\t{'error' if exception else 'ok'}\n")


class ComplaintUser(HttpUser):
    """Start page, every step (GET and POST), review, submit, confirmation."""

    @task
    def complain(self):
        self.client.cookies.clear()
        self.get("/reclamacao/", "GET start")
        url, number = "/reclamacao/etapa/1/", 1
        while "/etapa/" in url:
            html = self.get(url, f"GET step {number}")
            if html is None:
                return
            data, wants_files = step_answers(html)
            files = None
            if wants_files:
                files = [
                    ("documentos", (f"documento-{i}.pdf", content, "application/pdf"))
                    for i, content in enumerate(ATTACHMENTS)
                ]
            url = self.post_redirect(url, f"POST step {number}", data, files)
            if url is None:
                return
            number += 1
        html = self.get(url, "GET review")
        if html is None:
            return
        data = {"csrfmiddlewaretoken": TOKEN.search(html)[1], "declaration_confirmed": "on"}
        url = self.post_redirect(url, "POST review (submit)", data)
        if url is None:
            return
        with self.client.get(url, name="GET confirmation", catch_response=True) as response:
            found = PROTOCOL.search(response.text) if response.status_code == 200 else None
            receipt("complaint", found[0] if found else "?")
            if not found:
                response.failure("no protocol number on the confirmation page")

    def get(self, url, name):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return None
            return response.text

    def post_redirect(self, url, name, data, files=None):
        with self.client.post(
            url, data=data, files=files, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code} (answers refused?)")
                return None
            return response.headers["Location"]


class StockFormUser(HttpUser):
    """Wagtail's stock form page: GET the form, POST every answer at once."""

    @task
    def send(self):
        self.client.cookies.clear()
        url = "/formulario-padrao/"
        with self.client.get(url, name="GET stock form", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            token = TOKEN.search(response.text)[1]
        data = {
            **ANSWERS,
            "data_compra": "2026-01-15",
            "valor": "1234.56",
            "problema": "Cobrança indevida",
            "declaracao": "on",
            "csrfmiddlewaretoken": token,
        }
        with self.client.post(url, data=data, name="POST stock form", catch_response=True) as r:
            if r.status_code != 200 or "stock-form-sent" not in r.text:
                r.failure(f"status {r.status_code}, not the landing page")
            else:
                receipt("stock", "-")


class ApiUser(HttpUser):
    """The complaint filed by an app through the API for apps (bench.journey.
    file_through_api): the form's definition, a draft, each step, the two files,
    the review, the submit with an Idempotency-Key, then the case once with its
    access code. The app's key (BENCH_API_KEY) and the form (BENCH_API_FORM) come
    from bench/site.py."""

    def on_start(self):
        self.client.headers["X-Api-Key"] = os.environ["BENCH_API_KEY"]
        self.form_id = int(os.environ["BENCH_API_FORM"])

    @task
    def file(self):
        sent = file_through_api(self.call, self.form_id, str(uuid.uuid4()))
        if sent is None:
            return
        receipt("api", sent.get("protocolo") or "?")
        track_through_api(self.call, sent)

    def call(
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
        with self.client.request(
            method,
            path,
            name=f"API {name}",
            json=json,
            data=form,
            files=files,
            headers=headers,
            catch_response=True,
        ) as response:
            if response.status_code != status:
                response.failure(f"status {response.status_code}: {response.text[:200]}")
                return None
            try:
                answer = response.json()
            except ValueError:
                response.failure("the answer is not JSON")
                return None
            refused = check(answer) if check else None
            if refused:
                response.failure(refused)
                return None
            return answer
