"""What a simulated citizen answers on the demo complaint form, shared by every
benchmark that files complaints (locust, one request at a time, in process, the
cluster) and checked against the demo form by `tests/test_bench_journey.py`, so a
change to the form that the benchmarks no longer answer fails the suite."""

import io
import re

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
    # What the attached files are, where the form asks (a receipt and a contract).
    "tipo-documentos": "purchase_proof",
}
MB = 1024 * 1024


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


def step_answers(html):
    """What a citizen sends on the step in `html`: (the posted values, whether the
    step takes the attached files). The caller adds `ATTACHMENTS` in its client's
    form when the step takes them."""
    names = set(NAMES.findall(html))
    data = {"csrfmiddlewaretoken": TOKEN.search(html)[1]}
    data.update({key: value for key, value in ANSWERS.items() if key in names})
    if "problema" in names:
        data["problema"] = PROBLEM.search(html)[1]
    return data, "documentos" in names
