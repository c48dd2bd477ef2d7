"""Hostile input on every public endpoint that takes any: every step of every demo
form, the search, the supplier suggestions, page feedback, resume links and file
links. Never a server error, nothing stored when the input is refused, nothing
the input carried reflected as markup. (Every field type on one step is covered
in tests/forms/test_hostile_input.py.)"""

from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import OutboundEmail
from forms.models import Draft, FormPage, Submission
from services.models import PageFeedback

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(1)">'
PAYLOADS = [
    SCRIPT,
    IMG,
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE procon_forms_submission; --",
    "' OR '1'='1",
    "\x01\x02\x1b[31m\x7f",
    "\u202e\u200b\ufeff",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=1",
    "9" * 5000,
    "A" * 100_000,
    "1e309",
    "-1",
    "NaN",
]
TEXT = st.one_of(
    st.text(max_size=200).map(lambda s: s.replace("\x00", "")),
    st.sampled_from(PAYLOADS),
)
EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def assert_not_reflected(response):
    html = response.content.decode("utf-8", "replace")
    for raw in (SCRIPT, "<img src=x onerror", "<svg onload"):
        assert raw not in html


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site (real forms, guidance pages with feedback), loaded once."""
    import io

    from django.core.management import call_command

    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
        forms = list(FormPage.objects.live().order_by("path"))
        steps = [
            (page, number, [spec.key for spec in step.fields])
            for page in forms
            for number, step in enumerate(page.definition.steps, start=1)
        ]
        from services.models import GuidancePage

        guidance = GuidancePage.objects.live().first()
        yield {"forms": forms, "steps": steps, "guidance": guidance}
        transaction.set_rollback(True)


@pytest.fixture
def site_data(demo, db):
    return demo


def counts():
    return (
        Draft.objects.count(),
        Submission.objects.count(),
        PageFeedback.objects.count(),
        OutboundEmail.objects.count(),
    )


@EXAMPLES
@given(choice=st.data())
def test_every_step_of_every_form(site_data, choice):
    cache.clear()
    page, number, keys = choice.draw(st.sampled_from(site_data["steps"]))
    values = choice.draw(st.dictionaries(st.sampled_from(keys or ["x"]), TEXT, max_size=8))
    before = counts()
    response = Client().post(f"{page.url}etapa/{number}/", values)
    assert response.status_code in (200, 302, 400), response.status_code
    assert_not_reflected(response)
    if response.status_code != 302:
        assert counts() == before


@EXAMPLES
@given(query=TEXT, results_page=TEXT, kind=TEXT)
def test_search(site_data, query, results_page, kind):
    response = Client().get("/busca/", {"q": query, "pagina": results_page, "tipo": kind})
    assert response.status_code in (200, 400)
    assert_not_reflected(response)


@EXAMPLES
@given(query=TEXT)
def test_supplier_suggestions(site_data, query):
    cache.clear()
    response = Client().get("/fornecedores/sugestoes/", {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


@EXAMPLES
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "useful": st.one_of(TEXT, st.sampled_from(["sim", "nao"])),
            "comment": TEXT,
            "website": TEXT,
        },
    )
)
def test_page_feedback(site_data, data):
    cache.clear()
    url = f"{site_data['guidance'].url}avaliacao/"
    before = PageFeedback.objects.count()
    response = Client().post(url, data)
    assert response.status_code in (302, 400, 429)
    assert_not_reflected(response)
    valid = data.get("useful") in ("sim", "nao") and len(data.get("comment", "")) <= 500
    if response.status_code != 302 or not valid or data.get("website", "").strip():
        assert PageFeedback.objects.count() == before


@EXAMPLES
@given(token=TEXT)
def test_resume_and_file_links_with_forged_tokens(site_data, token):
    page = site_data["forms"][0]
    response = Client().get(f"{page.url}continuar/", {"t": token})
    assert response.status_code == 302
    assert response["Location"] == page.url
    safe = quote(token[:500] or "x", safe="")  # the whole token in one path segment
    response = Client().get(f"/anexos/cidadao/{safe}/")
    assert response.status_code in (404, 400)


def test_posts_without_the_csrf_token_are_refused(site_data):
    client = Client(enforce_csrf_checks=True)
    page = site_data["forms"][0]
    before = counts()
    targets = [
        f"{page.url}etapa/1/",
        f"{page.url}revisar/",
        f"{page.url}salvar/",
        f"{site_data['guidance'].url}avaliacao/",
        "/admin/login/",
    ]
    for url in targets:
        response = client.post(url, {"useful": "sim", "username": "x", "password": "y"})
        assert response.status_code == 403, url
    assert counts() == before


def test_too_many_fields_are_refused_everywhere(site_data):
    fields = {f"campo{i}": "x" for i in range(1001)}
    page = site_data["forms"][0]
    before = counts()
    for url in (f"{page.url}etapa/1/", f"{site_data['guidance'].url}avaliacao/", "/admin/login/"):
        assert Client().post(url, fields).status_code == 400, url
    assert Client().get("/busca/", fields).status_code == 400
    assert counts() == before


def test_oversized_bodies_are_refused(site_data):
    page = site_data["forms"][0]
    huge = "x" * (3 * 1024 * 1024)  # past DATA_UPLOAD_MAX_MEMORY_SIZE
    before = counts()
    for url in (f"{page.url}etapa/1/", f"{site_data['guidance'].url}avaliacao/"):
        response = Client().post(url, {"comment": huge, "useful": "sim"})
        assert response.status_code in (400, 413), url
    assert counts() == before


def test_wrong_types_and_encodings(site_data):
    page = site_data["forms"][0]
    client = Client()
    before = counts()
    url = f"{page.url}etapa/1/"
    responses = [
        client.post(url, {"nome": ["a", "b", "c"], "cpf": ["1", "2"]}),  # lists for one value
        client.post(url, '{"nome": 1}', content_type="application/json"),
        client.post(url, b"\xff\xfe\x00garbage", content_type="application/x-www-form-urlencoded"),
        client.post(url, "nome=%ZZ%", content_type="application/x-www-form-urlencoded"),
        client.post(
            f"{site_data['guidance'].url}avaliacao/",
            '{"useful": true}',
            content_type="application/json",
        ),
    ]
    for response in responses:
        assert response.status_code in (200, 400), response.status_code
    assert counts() == before
