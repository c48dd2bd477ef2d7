"""Locust users for bench/site.py: a citizen going through the whole complaint
form, and the same answers sent through Wagtail's stock single-page form.

    locust -f bench/locustfile.py --headless -u 50 -r 50 -t 60s --host URL ComplaintUser

Every request is checked (status, where a redirect goes, the protocol on the
confirmation page); anything else counts as an error.
"""

import io
import os
import re

from locust import HttpUser, task

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NAMES = re.compile(r'<(?:input|select|textarea)[^>]*name="([^"]+)"')
PROBLEM = re.compile(r'<option value="([^"]+/[^"]+)"')
PROTOCOL = re.compile(r"\d{4}\.\d{6,}-\d")
ANSWERS = {
    "nome": "Maria da Silva",
    "cpf": "529.982.247-25",
    "email_contato": "maria@example.com",
    "telefone": "(65) 99999-0000",
    "municipio": "5103403",  # Cuiabá (IBGE), on forms that ask only the municipality
    # The consumer's address: one value per input, in the order the form shows them
    # (CEP, street, number, complement, district, municipality, UF).
    "endereco": ["78005-000", "Rua Barão de Melgaço", "123", "", "Centro", "Cuiabá", "MT"],
    "empresa": "Loja Exemplo Ltda",
    "site_empresa": "https://loja.example.com",
    "data_compra": "15/01/2026",
    "valor": "1.234,56",
    "como_comprou": "Internet",
    "procurou_empresa": "Sim",
    "protocolo_sac": "SAC-998877",
    "descricao": "Comprei uma geladeira pela internet, paguei e ela nunca foi entregue. "
    "A empresa não responde aos e-mails.",
    "pedido": "Devolução do dinheiro",
}
MB = 1024 * 1024
# bench/site.py reads back what the users were told: a line per submission
# accepted (the protocol, or "?" when the confirmation did not show it).
RECEIPTS = os.environ.get("BENCH_RECEIPTS")


def receipt(kind, protocol):
    if RECEIPTS:
        with open(RECEIPTS, "a") as handle:
            handle.write(f"{kind} {protocol}\n")


def pdf(size):
    """A valid one-page PDF of about `size` bytes (a comment pads it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    out.write(b"%" + b"x" * max(size - 400, 0) + b"\n")
    xref = out.tell()
    out.write(b"xref\n0 4\n0000000000 65535 f \n")
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


ATTACHMENTS = [pdf(MB), pdf(MB)]


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
            names = set(NAMES.findall(html))
            data = {"csrfmiddlewaretoken": TOKEN.search(html)[1]}
            data.update({key: value for key, value in ANSWERS.items() if key in names})
            if "problema" in names:
                data["problema"] = PROBLEM.search(html)[1]
            files = None
            if "documentos" in names:
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
