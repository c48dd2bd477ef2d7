"""The public site in English and Spanish (home/i18n.py): addresses, the
switcher, the notice on untranslated pages, and a complaint filed in Spanish
that staff read in Portuguese."""

import re

import pytest
from django.test import Client

from bench.journey import PROTOCOL, TOKEN, step_answers, uploads
from core.models import OutboundEmail
from forms.blocks import FIELD_TYPES
from forms.models import FormPage, Submission
from services.models import GuidancePage

pytestmark = pytest.mark.django_db

SWITCHER = re.compile(r'<nav class="language-bar".*?</nav>', re.S)


@pytest.fixture
def client(settings):
    settings.PAGE_CACHE_SECONDS = 0
    return Client()


def switcher_links(html):
    found = re.findall(r'<a href="([^"]+)" lang="([^"]+)"', SWITCHER.search(html)[0])
    return {lang: href for href, lang in found}


def test_each_language_has_its_prefix_and_portuguese_has_none(demo_content, client):
    home = client.get("/").content.decode()
    assert '<html lang="pt-BR">' in home
    english = client.get("/en/").content.decode()
    assert '<html lang="en">' in english
    assert "consumer protection in Mato Grosso" in english
    spanish = client.get("/es/").content.decode()
    assert '<html lang="es">' in spanish
    assert "defensa del consumidor" in spanish
    # The browser's language does not move anyone: the address decides.
    assert '<html lang="pt-BR">' in client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()


def test_the_switcher_on_a_translated_page_leads_to_its_translations(demo_content, client):
    html = client.get("/orientacoes/garantia-legal/").content.decode()
    links = switcher_links(html)
    assert links == {
        "en": "/en/orientacoes/garantia-legal/",
        "es": "/es/orientacoes/garantia-legal/",
    }
    spanish = client.get(links["es"]).content.decode()
    assert "Garantía legal" in spanish
    assert "language-notice" not in spanish
    assert switcher_links(spanish)["pt-BR"] == "/orientacoes/garantia-legal/"
    for lang in ("pt-BR", "en", "es", "x-default"):
        assert f'hreflang="{lang}"' in html.split("</head>")[0]


def test_an_untranslated_page_is_the_portuguese_page_with_a_notice(demo_content, client):
    html = client.get("/orientacoes/cobranca-indevida/").content.decode()
    english_url = switcher_links(html)["en"]
    assert english_url == "/en/orientacoes/cobranca-indevida/"
    response = client.get(english_url)
    assert response.status_code == 200
    english = response.content.decode()
    assert "This page has not been translated yet. Here it is in Portuguese." in english
    assert '<div class="language-original" lang="pt-BR">' in english
    title = GuidancePage.objects.get(slug="cobranca-indevida").title
    assert title in english
    # Only the Portuguese page is named as an alternate: there is no translation.
    head = english.split("</head>")[0]
    assert 'hreflang="en"' not in head and 'hreflang="pt-BR"' in head
    # One text, one address for search engines: the Portuguese page's.
    assert re.search(
        r'<link rel="canonical" href="http://[^/"]+/orientacoes/cobranca-indevida/">', head
    )
    # An address that is no page at all is still not found.
    assert client.get("/en/orientacoes/nao-existe/").status_code == 404


def test_links_to_portuguese_pages_keep_the_readers_language(demo_content, client):
    spanish = client.get("/es/").content.decode()
    header = spanish.split("<main")[0]
    assert 'href="/es/acompanhar/"' in header
    assert 'href="/acompanhar/"' not in header


def test_a_form_translation_offers_texts_and_never_keys_or_conditions(demo_content):
    page = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    for step in page.steps:
        for child in step.value["fields"]:
            if child.block_type not in FIELD_TYPES:
                continue
            paths = {s.path for s in child.block.get_translatable_segments(child.value)}
            assert {p.split(".")[0] for p in paths} <= {"label", "help_text", "choices"}


def test_a_complaint_filed_in_spanish_is_read_by_staff_in_portuguese(demo_content, client):
    spanish = FormPage.objects.get(slug="reclamacao", locale__language_code="es")
    portuguese = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    start = client.get("/es/reclamacao/").content.decode()
    assert spanish.title in start
    url, seen = "/es/reclamacao/etapa/1/", []
    while "/etapa/" in url:
        html = client.get(url).content.decode()
        seen.append(html)
        data, wants_files = step_answers(html)
        if wants_files:
            data["documentos"] = uploads()
        response = client.post(url, data)
        assert response.status_code == 302, url
        url = response["Location"]
        assert url.startswith("/es/reclamacao/")
    # The steps were in Spanish, the options' values the Portuguese ones.
    steps = "".join(seen)
    assert "¿Cómo hizo la compra o contratación?" in steps
    assert "Loja física" not in re.sub(r'value="[^"]*"', "", steps)
    assert 'value="Loja física"' in steps
    # The problem list is the Portuguese taxonomy, marked as such.
    assert re.search(r'<optgroup label="[^"]+" lang="pt-BR">', steps)
    review = client.get(url).content.decode()
    response = client.post(
        url, {"csrfmiddlewaretoken": TOKEN.search(review)[1], "declaration_confirmed": "on"}
    )
    assert response.status_code == 302
    confirmation = client.get(response["Location"]).content.decode()
    protocol = PROTOCOL.search(confirmation)[0]

    submission = Submission.objects.get(protocol=protocol)
    assert submission.language == "es"
    assert submission.page_id == portuguese.pk
    labels = [d["label"] for step in submission.schema["steps"] for d in step["fields"]]
    titles = [step["title"] for step in submission.schema["steps"]]
    assert titles == [step.title for step in portuguese.definition.steps]
    assert "Como você comprou ou contratou?" in labels
    assert submission.form_data["como_comprou"] in {
        "Loja física",
        "Internet",
        "Telefone",
        "Em domicílio",
        "Outro",
    }
    # Staff read Portuguese; the citizen's tracking page reads the Spanish form.
    staff = dict(item for _title, items in submission.answer_rows() for item in items)
    citizen = dict(item for _title, items in submission.answer_rows("es") for item in items)
    assert staff["Como você comprou ou contratou?"] == submission.form_data["como_comprou"]
    assert "¿Cómo hizo la compra o contratación?" in citizen
    assert len(citizen) == len(staff)
    receipt = OutboundEmail.objects.filter(kind="receipt", object_id=submission.pk).get()
    assert f"Número de protocolo: {protocol}" in receipt.body
    assert "Para seguir su caso, entre en" in receipt.body
    assert f"/es/acompanhar/caso/{protocol}/" in receipt.body
    assert spanish.title in receipt.body


def test_changing_language_in_a_form_keeps_the_answers(demo_content, client):
    html = client.get("/reclamacao/etapa/1/").content.decode()
    data, _files = step_answers(html)
    response = client.post("/reclamacao/etapa/1/", data)
    assert response.status_code == 302
    step2 = client.get(response["Location"]).content.decode()
    switch = switcher_links(step2)["es"]
    assert switch == "/reclamacao/idioma/es/?ir=etapa-2"
    response = client.get(switch)
    assert response.status_code == 302
    assert response["Location"] == "/es/reclamacao/etapa/2/"
    # Step 1 as answered in Portuguese, now in Spanish.
    spanish = client.get("/es/reclamacao/etapa/1/").content.decode()
    assert '<html lang="es">' in spanish
    name = next(key for key in data if key != "csrfmiddlewaretoken")
    assert f'value="{data[name]}"' in spanish
    # And back: one draft, wherever the citizen is.
    back = switcher_links(client.get("/es/reclamacao/etapa/2/").content.decode())["pt-BR"]
    assert back == "/es/reclamacao/idioma/pt-br/?ir=etapa-2"
    assert client.get(back)["Location"] == "/reclamacao/etapa/2/"
    assert f'value="{data[name]}"' in client.get("/reclamacao/etapa/1/").content.decode()
    # A language the site does not have is not found.
    assert client.get("/reclamacao/idioma/fr/").status_code == 404
