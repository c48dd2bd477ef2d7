"""What a simulated citizen answers on the demo complaint form, shared by every
benchmark that files complaints (locust, one request at a time, in process, the
cluster), on the web pages and through the API for apps, and checked against the
demo form by `tests/test_bench_journey.py`, so a change to the form that the
benchmarks no longer answer fails the suite."""

import io
import os
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


def uploads():
    """`ATTACHMENTS` as a web form posts them: named file objects."""
    files = []
    for index, content in enumerate(ATTACHMENTS):
        upload = io.BytesIO(content)
        upload.name = f"documento-{index}.pdf"
        files.append(upload)
    return files


def receipt(kind, protocol):
    """What a simulated user was told, for bench/site.py to look up as stored: a
    line per submission accepted (the kind of journey and the protocol, or "?"
    when the answer did not show one), in the file BENCH_RECEIPTS names."""
    path = os.environ.get("BENCH_RECEIPTS")
    if path:
        with open(path, "a") as handle:
            handle.write(f"{kind} {protocol}\n")


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


# --- the same complaint through the API for apps (/api/v1/) -----------------------
API = "/api/v1"
# The web journey's answers as an app sends them: the purchase date in ISO format
# and the value as a JSON number (the address goes as an object, see api_answers).
API_ANSWERS = {**ANSWERS, "data_compra": "2026-01-15", "valor": 1234.56}


def api_answers(step):
    """What an app sends for one step of the form's definition (an item of
    `etapas` in GET /api/v1/formularios/{id}): the web journey's answers to the
    same fields, the address as an object of its parts, the first problem offered."""
    answers = {}
    for item in step["itens"]:
        key, shape = item.get("chave"), item.get("formato_resposta")
        if not key or shape == "files":
            continue
        if key == "problema":
            answers[key] = item["opcoes"][0]["valor"]
        elif shape == "address":
            parts = [part["valor"] for part in item["partes"]]
            answers[key] = dict(zip(parts, API_ANSWERS[key], strict=True))
        elif key in API_ANSWERS:
            answers[key] = API_ANSWERS[key]
    return answers


def file_through_api(call, form_id, idempotency_key):
    """The demo complaint filed as an app files it (examples/api_client.py's
    `fill`): the form's definition, a new draft, each step in turn with the
    attached files (`ATTACHMENTS`, the web journey's two 1 MB PDFs, one call
    each) sent when their step is reached, the review, and the submit with an
    Idempotency-Key. Returns the submit's answer (protocol, access code...), or
    None as soon as a call failed.

    `call(name, method, path, status=200, json=None, form=None, files=None,
    headers=None, check=None)` makes one request with the app's key and returns
    the JSON answer, or None when the status was not `status` or `check(answer)`
    gave a reason to refuse it (reporting the failure itself); `files` is a list
    of (field, (file name, bytes, content type))."""
    definition = call("GET form", "GET", f"{API}/formularios/{form_id}")
    if definition is None:
        return None
    draft = call("POST draft", "POST", f"{API}/formularios/{form_id}/rascunhos", status=201)
    while draft is not None and draft["proxima_etapa"] is not None:
        number = draft["proxima_etapa"]
        step = definition["etapas"][number - 1]
        for item in step["itens"]:
            if item.get("formato_resposta") != "files":
                continue
            asks_kind = item["arquivos"]["pergunta_tipo_documento"]
            for index, content in enumerate(ATTACHMENTS):
                attached = call(
                    "POST attachment",
                    "POST",
                    f"{API}/rascunhos/{draft['id']}/anexos",
                    status=201,
                    form={
                        "campo": item["chave"],
                        "tipo_documento": ANSWERS["tipo-documentos"] if asks_kind else "",
                    },
                    files=[("arquivo", (f"documento-{index}.pdf", content, "application/pdf"))],
                )
                if attached is None:
                    return None
        draft = call(
            f"PUT step {number}",
            "PUT",
            f"{API}/rascunhos/{draft['id']}/etapas/{number}",
            json={"respostas": api_answers(step)},
        )
    if draft is None:
        return None
    if call("GET review", "GET", f"{API}/rascunhos/{draft['id']}/revisao") is None:
        return None
    return call(
        "POST submit",
        "POST",
        f"{API}/rascunhos/{draft['id']}/envio",
        status=201,
        json={"declaracao_confirmada": bool(definition["declaracao"])},
        headers={"Idempotency-Key": idempotency_key},
    )


def track_through_api(call, sent):
    """The tracking call an app makes after the submit: the case, opened with the
    access code the submit gave. True when it answered with that case."""
    protocol = sent["protocolo"]
    case = call(
        "GET case",
        "GET",
        f"{API}/casos/{protocol}",
        headers={"X-Codigo-Acesso": sent["codigo_acesso"] or ""},
        check=lambda answer: None if answer.get("protocolo") == protocol else "another case",
    )
    return case is not None
