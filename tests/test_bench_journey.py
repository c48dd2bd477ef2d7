"""The benchmarks file complaints with the answers in `bench/journey.py`: they must
still get through the demo complaint form, step by step, to a protocol. (A new
required question on the form once made every benchmark journey stop at step 4.)"""

import json as json_module

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from api.models import ApiClient
from bench.journey import (
    NAMES,
    PROTOCOL,
    TOKEN,
    file_through_api,
    receipt,
    step_answers,
    track_through_api,
    uploads,
)
from forms.models import FormPage, Submission

pytestmark = pytest.mark.django_db


def test_the_benchmark_answers_get_through_the_demo_complaint_form(demo_content, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    assert client.get("/reclamacao/").status_code == 200
    url, steps = "/reclamacao/etapa/1/", 0
    while "/etapa/" in url:
        html = client.get(url).content.decode()
        data, wants_files = step_answers(html)
        if wants_files:
            data["documentos"] = uploads()
        response = client.post(url, data)
        unanswered = set(NAMES.findall(html)) - set(data)
        assert response.status_code == 302, (url, sorted(unanswered))
        url, steps = response["Location"], steps + 1
    assert steps == 4
    html = client.get(url).content.decode()
    response = client.post(
        url, {"csrfmiddlewaretoken": TOKEN.search(html)[1], "declaration_confirmed": "on"}
    )
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    protocol = PROTOCOL.search(confirmation)[0]
    stored = Submission.objects.get(protocol=protocol)
    assert {a.kind for a in stored.attachments.all()} == {"purchase_proof"}


class ApiCaller:
    """`call` of bench.journey.file_through_api over Django's test client, with the
    app's key; keeps what was asked for, to check that bench/site.py names each
    request in the server's log as locust names it."""

    def __init__(self, key):
        self.client = Client(headers={"X-Api-Key": key})
        self.calls = []

    def __call__(
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
        self.calls.append((name, method, path))
        if files is not None:
            data = dict(form or {})
            for field, (file_name, content, content_type) in files:
                data[field] = SimpleUploadedFile(file_name, content, content_type)
            kwargs = {"data": data}
        elif json is not None:
            kwargs = {"data": json_module.dumps(json), "content_type": "application/json"}
        else:
            kwargs = {}
        response = getattr(self.client, method.lower())(path, headers=headers, **kwargs)
        assert response.status_code == status, (name, response.status_code, response.content)
        answer = response.json()
        assert not (check and check(answer)), (name, check(answer))
        return answer


def test_the_api_journey_files_the_demo_complaint_and_is_counted(
    demo_content, settings, monkeypatch, tmp_path
):
    """bench/locustfile.py's ApiUser: the same answers and files as the web journey,
    through the API, to a protocol that bench/site.py finds stored."""
    from bench import site

    settings.PAGE_CACHE_SECONDS = 0
    record = ApiClient(name="Benchmark", requests_per_minute=1_000_000)
    key = record.new_key()
    record.save()
    form_id = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br").pk
    call = ApiCaller(key)
    sent = file_through_api(call, form_id, "bench-journey-1")
    assert sent is not None and sent["codigo_acesso"]
    monkeypatch.setenv("BENCH_RECEIPTS", str(tmp_path / "receipts.txt"))
    receipt("api", sent["protocolo"])
    assert track_through_api(call, sent)

    names = [name for name, _method, _path in call.calls]
    assert names == [
        "GET form",
        "POST draft",
        "PUT step 1",
        "PUT step 2",
        "PUT step 3",
        "POST attachment",
        "POST attachment",
        "PUT step 4",
        "GET review",
        "POST submit",
        "GET case",
    ]
    for name, method, path in call.calls:
        assert site.server_name(method, path) == f"API {name}", path
    told = site.told_protocols((tmp_path / "receipts.txt").read_text().split("\n"), "api")
    assert told == [sent["protocolo"]]
    stored = Submission.objects.get(protocol__in=told)
    assert stored.consumer_cpf == "52998224725"
    assert stored.form_data["empresa"]["name"] == "Loja Exemplo Ltda"
    assert [a.kind for a in stored.attachments.all()] == ["purchase_proof"] * 2
