"""The benchmarks file complaints with the answers in `bench/journey.py`: they must
still get through the demo complaint form, step by step, to a protocol. (A new
required question on the form once made every benchmark journey stop at step 4.)"""

import io

import pytest
from django.test import Client

from bench.journey import ATTACHMENTS, NAMES, PROTOCOL, TOKEN, step_answers
from forms.models import Submission

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
            uploads = []
            for index, content in enumerate(ATTACHMENTS):
                upload = io.BytesIO(content)
                upload.name = f"documento-{index}.pdf"
                uploads.append(upload)
            data["documentos"] = uploads
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
