"""A reference client of the Procon's API for apps (/api/v1/), over HTTP only.

What the state's citizen app does, in a few lines each: read a form's
definition, start a draft, answer it step by step, attach files, review, send
with an Idempotency-Key (retried safely), then follow the case: status,
timeline, reply with a file, evaluate. Errors arrive as problem details
(RFC 9457) and are raised as `Problem`.

    python examples/api_client.py --site http://127.0.0.1:8000 --key pcn_... forms
    python examples/api_client.py --site ... --key ... case 2026000123-4 ABCDE-23456

Needs only `requests`. docs/api.md explains each call.
"""

import argparse
import json
import uuid

import requests


class Problem(Exception):
    """An error answer of the API: its problem details."""

    def __init__(self, details):
        super().__init__(details.get("detail") or details.get("title"))
        self.details = details
        self.status = details.get("status")
        self.errors = details.get("errors") or {}


class ProconClient:
    def __init__(self, site, key, token=None, timeout=30):
        self.base = site.rstrip("/") + "/api/v1"
        self.http = requests.Session()
        self.http.headers["X-Api-Key"] = key
        if token:  # the citizen's gov.br access token
            self.http.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout

    def _call(self, method, path, expected=(200,), **kwargs):
        response = self.http.request(method, self.base + path, timeout=self.timeout, **kwargs)
        if response.status_code not in expected:
            if response.headers.get("Content-Type", "").startswith("application/problem+json"):
                raise Problem(response.json())
            response.raise_for_status()
        return response.json() if response.content else None

    # --- filing ----------------------------------------------------------------------
    def forms(self):
        return self._call("GET", "/formularios")

    def form(self, form_id):
        return self._call("GET", f"/formularios/{form_id}")

    def start(self, form_id):
        return self._call("POST", f"/formularios/{form_id}/rascunhos", expected=(201,))

    def answer(self, draft_id, step, answers):
        return self._call(
            "PUT", f"/rascunhos/{draft_id}/etapas/{step}", json={"respostas": answers}
        )

    def attach(self, draft_id, field, name, content, kind=""):
        return self._call(
            "POST",
            f"/rascunhos/{draft_id}/anexos",
            expected=(201,),
            data={"campo": field, "tipo_documento": kind},
            files={"arquivo": (name, content)},
        )

    def review(self, draft_id):
        return self._call("GET", f"/rascunhos/{draft_id}/revisao")

    def send(self, draft_id, confirmed=True, attempts=3):
        """Send the draft. One Idempotency-Key for every attempt: a retry after a
        lost answer returns the same protocol, never a second case."""
        key = str(uuid.uuid4())
        for attempt in range(attempts):
            try:
                return self._call(
                    "POST",
                    f"/rascunhos/{draft_id}/envio",
                    expected=(201,),
                    json={"declaracao_confirmada": confirmed},
                    headers={"Idempotency-Key": key},
                )
            except requests.ConnectionError:
                if attempt == attempts - 1:
                    raise
        return None

    def fill(self, form_id, answers, files=()):
        """File a whole form: `answers` by field key (only the fields that apply
        are sent), `files` as (field key, name, bytes, kind). Returns the
        confirmation: protocol and access code."""
        definition = self.form(form_id)
        draft = self.start(form_id)
        while draft["proxima_etapa"] is not None:
            number = draft["proxima_etapa"]
            step = definition["etapas"][number - 1]
            keys = [item["chave"] for item in step["itens"] if item.get("chave")]
            # A step's files go onto the draft when that step is reached.
            for field, name, content, kind in files:
                if field in keys:
                    self.attach(draft["id"], field, name, content, kind)
            draft = self.answer(draft["id"], number, {k: answers[k] for k in keys if k in answers})
        self.review(draft["id"])
        return self.send(draft["id"], confirmed=bool(definition["declaracao"]))

    # --- tracking --------------------------------------------------------------------
    def _case_headers(self, code):
        return {"X-Codigo-Acesso": code} if code else {}

    def case(self, protocol, code=None):
        return self._call("GET", f"/casos/{protocol}", headers=self._case_headers(code))

    def my_cases(self):
        return self._call("GET", "/casos")

    def reply(self, protocol, code, text, files=()):
        return self._call(
            "POST",
            f"/casos/{protocol}/mensagens",
            headers=self._case_headers(code),
            data={"texto": text},
            files=[("arquivos", (name, content)) for name, content in files],
        )

    def evaluate(self, protocol, code, resolved, score, comment=""):
        return self._call(
            "POST",
            f"/casos/{protocol}/avaliacao",
            headers=self._case_headers(code),
            json={"resolvido": resolved, "nota": score, "comentario": comment},
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True)
    parser.add_argument("--key", required=True, help="the app's key (X-Api-Key)")
    parser.add_argument("--token", help="a citizen's gov.br access token")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("forms", help="the published forms")
    show = commands.add_parser("form", help="one form's whole definition")
    show.add_argument("form_id", type=int)
    case = commands.add_parser("case", help="a case, by protocol and access code")
    case.add_argument("protocol")
    case.add_argument("code", nargs="?")
    commands.add_parser("my-cases", help="the cases of the token's CPF")
    args = parser.parse_args()
    client = ProconClient(args.site, args.key, args.token)
    try:
        if args.command == "forms":
            result = client.forms()
        elif args.command == "form":
            result = client.form(args.form_id)
        elif args.command == "case":
            result = client.case(args.protocol, args.code)
        else:
            result = client.my_cases()
    except Problem as problem:
        result = problem.details
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
