"""The demo pages follow docs/content.md: each legal claim with its own source,
readings of the law labelled as such, one minimal identity requirement, no
promise the agency cannot keep, and dates with the month in lower case."""

import re

import pytest

from forms.models import FormPage
from services.models import GuidancePage, NewsPage, StepByStepPage

pytestmark = pytest.mark.django_db


def text_of(client, url):
    html = client.get(url).content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def legal_references(page):
    return [block.value for block in page.body if block.block_type == "legal_reference"]


def test_every_guidance_page_cites_an_article(demo_content):
    for page in GuidancePage.objects.live():
        references = legal_references(page)
        assert references, page.slug
        for reference in references:
            assert re.match(r"arts?\. ", reference["article"]), (page.slug, reference)
            assert reference["law"], (page.slug, reference)


def test_the_sac_list_gives_each_item_its_own_article(client, demo_content):
    page = GuidancePage.objects.get(slug="atendimento-sac")
    items = re.findall(r"<li>(.*?)</li>", client.get(page.url).content.decode(), re.S)
    rules = [item for item in items if "Decreto" not in item and "art." in item]
    assert len(rules) == 6
    for item in rules:
        assert re.search(r"\(art\. \d+º?(, [IVX]+|, [^)]*§ \d+º|, caput[^)]*)?\)", item), item
    # No single article stands for the whole list any more.
    assert [ref["article"] for ref in legal_references(page)] == ["art. 3º", "art. 4º, caput"]


def test_readings_of_the_law_are_labelled_as_such(client, demo_content):
    withdrawal = text_of(
        client,
        GuidancePage.objects.get(
            slug="direito-de-arrependimento", locale__language_code="pt-br"
        ).url,
    )
    assert "O que a lei diz: o art. 49 manda devolver os valores pagos" in withdrawal
    assert "Como os órgãos de defesa do consumidor entendem: os Procons entendem" in withdrawal
    assert "não uma regra escrita nela" in withdrawal
    warranty = text_of(
        client, GuidancePage.objects.get(slug="garantia-legal", locale__language_code="pt-br").url
    )
    assert "complementar à garantia legal (art. 50)" in warranty
    assert "É uma interpretação do art. 50" in warranty


def test_the_refund_step_says_what_to_do(demo_content):
    page = GuidancePage.objects.get(slug="direito-de-arrependimento", locale__language_code="pt-br")
    steps = next(block.value for block in page.body if block.block_type == "numbered_steps")
    refund = next(step for step in steps["steps"] if step["title"] == "Acompanhe o reembolso")
    assert "art. 49, parágrafo único" in refund["text"].source
    assert "art. 5º, § 3º" in refund["text"].source


def test_the_identity_requirement_is_the_same_everywhere(client, demo_content):
    """The complaint form asks for the CPF number and no identity document: the
    form's own texts and the step-by-step say the same, and nothing asks for a
    document "com foto" or "com CPF"."""
    complaint = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    file_fields = [
        field.value
        for step in complaint.steps
        for field in step.value["fields"]
        if field.block_type == "file"
    ]
    assert file_fields and not any(field["required"] for field in file_fields)
    assert "não é preciso anexar documento de identidade" in complaint.before_you_start
    step_by_step = StepByStepPage.objects.get(slug="como-registrar-uma-reclamacao")
    texts = [
        text_of(client, url)
        for url in (
            complaint.url,
            step_by_step.url,
            *(page.url for page in GuidancePage.objects.live()),
        )
    ]
    assert "Não é preciso anexar documento de identidade" in texts[1]
    for text in texts:
        assert not re.search(r"identidade com (foto|CPF)", text)


def test_the_enrolment_page_promises_nothing_the_agency_cannot_keep(client, demo_content):
    text = text_of(client, "/empresas/")
    assert "mesmo dia" not in text
    assert "não se perde no correio" not in text  # by post, the deadline starts on delivery


def test_tracking_has_one_name_on_the_demo_pages(client, demo_content):
    home = text_of(client, "/")
    assert "Acompanhar o seu caso" in home
    step_by_step = text_of(client, "/orientacoes/como-registrar-uma-reclamacao/")
    assert "acompanhe o seu caso" in step_by_step
    old_names = ("acompanhar o atendimento", "acompanhar meu atendimento", "o andamento")
    for text in (home, step_by_step, text_of(client, "/acompanhar/")):
        for name in old_names:
            assert name not in text.lower(), name


def test_news_dates_write_the_month_in_lower_case(client, demo_content):
    article = NewsPage.objects.get(slug="novo-site-reune-orientacoes")
    assert "20 de novembro de 2026" in text_of(client, article.url)
