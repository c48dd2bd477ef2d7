"""The demo content covers every page type and the whole taxonomy."""

import io

import pytest
from django.core.management import call_command

from services.models import (
    GuidancePage,
    NewsPage,
    Problem,
    StepByStepPage,
    Subject,
    Topic,
)

pytestmark = pytest.mark.django_db


def test_demo_content_fills_the_guidance_section(client, demo_content):
    assert GuidancePage.objects.live().count() >= 12
    assert StepByStepPage.objects.live().count() == 2
    assert NewsPage.objects.live().count() == 3
    assert Topic.objects.count() >= 8
    for topic in Topic.objects.all():
        assert topic.subjects.count() >= 2, topic
        for subject in topic.subjects.all():
            assert subject.problems.count() >= 2, subject
        assert topic.guidance_pages.live().exists(), f"{topic} has no guidance"
    assert Problem.objects.filter(
        subject__topic__name="Telecomunicações",
        subject__name="Telefonia móvel",
        name="Cobrança indevida",
    ).exists()

    for page in [*GuidancePage.objects.live(), *StepByStepPage.objects.live()]:
        assert client.get(page.url).status_code == 200, page.url


def test_complaint_step_by_step_follows_the_real_steps(client, demo_content):
    page = StepByStepPage.objects.get(slug="como-registrar-uma-reclamacao")
    assert page.title == "Como registrar uma reclamação no Procon"
    titles = [block.value["title"] for block in page.steps]
    assert titles == [
        "Tente resolver com a empresa",
        "Escolha reclamação ou consulta",
        "Preencha as etapas do formulário",
        "Anexe o comprovante da compra",
        "Revise e envie",
        "Receba o protocolo e acompanhe",
    ]
    html = client.get(page.url).content.decode()
    assert 'href="/reclamacao/"' in html
    assert 'href="/acompanhar/"' in html  # the last step links to tracking


def test_guidance_cites_the_law(demo_content):
    withdrawal = GuidancePage.objects.get(
        slug="direito-de-arrependimento", locale__language_code="pt-br"
    )
    articles = [
        block.value["article"] for block in withdrawal.body if block.block_type == "legal_reference"
    ]
    assert "art. 49" in articles
    double = GuidancePage.objects.get(slug="cobranca-indevida")
    assert any(
        block.value["article"] == "art. 42, parágrafo único"
        for block in double.body
        if block.block_type == "legal_reference"
    )


def test_loading_twice_changes_nothing_in_the_taxonomy(demo_content):
    before = (
        list(Topic.objects.values()),
        list(Subject.objects.values()),
        list(Problem.objects.values()),
    )
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    after = (
        list(Topic.objects.values()),
        list(Subject.objects.values()),
        list(Problem.objects.values()),
    )
    assert after == before
