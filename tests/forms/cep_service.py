"""A ViaCEP-compatible service on 127.0.0.1, started by the tests that need one
(no network): GET /ws/<cep>/json/ answers by the CEP."""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SE = {
    "cep": "01001-000",
    "logradouro": "Praça da Sé",
    "complemento": "lado ímpar",
    "bairro": "Sé",
    "localidade": "São Paulo",
    "uf": "SP",
    "ibge": "3550308",
}
CUIABA_CENTRO = {
    "cep": "78005-000",
    "logradouro": "Rua Barão de Melgaço",
    "complemento": "",
    "bairro": "Centro Sul",
    "localidade": "Cuiabá",
    "uf": "MT",
    "ibge": "5103403",
}
# CEP -> (status, body) or a number of seconds to wait before answering.
ANSWERS = {
    "01001000": (200, SE),
    "78005000": (200, CUIABA_CENTRO),
    "78000999": (200, {"erro": "true"}),
    "78000998": (500, {"oops": True}),
    "78000997": (200, "not json"),
    "78000996": 3,  # slower than any timeout the tests set
    "78000995": (200, {**CUIABA_CENTRO, "uf": "XX"}),
    "78000994": (200, {**CUIABA_CENTRO, "logradouro": "R" * 500}),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        parts = self.path.strip("/").split("/")
        cep = parts[1] if len(parts) == 3 and parts[0] == "ws" else ""
        answer = ANSWERS.get(cep, (200, {"erro": True}))
        if isinstance(answer, int):
            time.sleep(answer)
            answer = (200, CUIABA_CENTRO)
        status, body = answer
        data = (body if isinstance(body, str) else json.dumps(body)).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout case)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def cep_service():
    """Yields (URL template for CEP_LOOKUP_URL, list of paths requested)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address
        yield f"http://{host}:{port}/ws/{{cep}}/json/", server.requests
    finally:
        server.shutdown()
        server.server_close()
