"""Locust users for bench/site.py: a citizen going through the whole complaint
form, and the same answers sent through Wagtail's stock single-page form.

    locust -f bench/locustfile.py --headless -u 50 -r 50 -t 60s --host URL ComplaintUser

Every request is checked (status, where a redirect goes, the protocol on the
confirmation page); anything else counts as an error.
"""

import os

from locust import HttpUser, task

from bench.journey import ANSWERS, ATTACHMENTS, PROTOCOL, TOKEN, step_answers

# bench/site.py reads back what the users were told: a line per submission
# accepted (the protocol, or "?" when the confirmation did not show it).
RECEIPTS = os.environ.get("BENCH_RECEIPTS")


def receipt(kind, protocol):
    if RECEIPTS:
        with open(RECEIPTS, "a") as handle:
            handle.write(f"{kind} {protocol}\n")


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
