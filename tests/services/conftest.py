"""A small guidance section built in the test database (faster than the demo content)."""

import datetime

import pytest

from services.models import (
    GuidancePage,
    NewsIndexPage,
    NewsPage,
    Problem,
    StepByStepPage,
    Subject,
    Topic,
    TopicIndexPage,
)


def guidance_body(cta_url="/reclamacao/"):
    return [
        {"type": "heading", "value": {"text": "Quando vale", "level": "h2"}},
        {"type": "paragraph", "value": "<p>Texto simples.</p>"},
        {"type": "your_right", "value": {"title": "", "text": "<p>Você pode desistir.</p>"}},
        {
            "type": "legal_reference",
            "value": {
                "law": "Código de Defesa do Consumidor (Lei nº 8.078/1990)",
                "article": "art. 49",
                "quote": "O consumidor pode desistir do contrato...",
                "url": "https://www.planalto.gov.br/ccivil_03/leis/l8078compilado.htm",
            },
        },
        {"type": "warning", "value": {"text": "<p>Não perca o prazo.</p>"}},
        {
            "type": "faq",
            "value": {
                "title": "",
                "questions": [{"question": "Preciso explicar?", "answer": "<p>Não.</p>"}],
            },
        },
        {
            "type": "numbered_steps",
            "value": {
                "title": "Como fazer",
                "steps": [{"title": "Avise a loja", "text": "<p>Por escrito.</p>"}],
            },
        },
        {"type": "documents", "value": {"title": "", "documents": ["Nota fiscal"]}},
        {
            "type": "related_links",
            "value": {
                "title": "",
                "links": [
                    {"label": "Consumidor.gov.br", "page": None, "url": "https://x.example/"}
                ],
            },
        },
        {
            "type": "call_to_action",
            "value": {
                "title": "Não resolveu?",
                "text": "Registre sua reclamação.",
                "button_text": "Registrar reclamação",
                "page": None,
                "url": cta_url,
            },
        },
    ]


def publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


class GuidanceSection:
    """Handles on the pages the fixture builds."""


def build_topics():
    telecom = Topic.objects.create(name="Telecomunicações", slug="telecomunicacoes", sort_order=1)
    banks = Topic.objects.create(name="Bancos e crédito", slug="bancos-e-credito", sort_order=2)
    shops = Topic.objects.create(name="Comércio eletrônico", slug="comercio-eletronico")
    mobile = Subject.objects.create(topic=telecom, name="Telefonia móvel", slug="telefonia-movel")
    Problem.objects.create(subject=mobile, name="Cobrança indevida", slug="cobranca-indevida")
    return {"telecom": telecom, "banks": banks, "shops": shops}


def build_section(home_page):
    """Topics, a guidance index with two guidance pages and a step-by-step, and news."""
    topics = build_topics()
    s = GuidanceSection()
    s.topics = topics
    s.index = publish(home_page, TopicIndexPage(title="Orientações", slug="orientacoes"))
    s.withdrawal = GuidancePage(
        title="Direito de arrependimento",
        slug="direito-de-arrependimento",
        summary="Você pode desistir da compra feita fora da loja em 7 dias.",
        last_reviewed=datetime.date(2026, 10, 5),
        body=guidance_body(),
    )
    s.withdrawal.topics = [topics["shops"]]
    publish(s.index, s.withdrawal)
    s.charges = GuidancePage(
        title="Cobrança indevida",
        slug="cobranca-indevida",
        summary="Quem paga cobrança indevida recebe o dobro de volta.",
        last_reviewed=datetime.date(2026, 9, 1),
        body=guidance_body(),
    )
    s.charges.topics = [topics["telecom"], topics["banks"], topics["shops"]]
    publish(s.index, s.charges)
    s.steps = StepByStepPage(
        title="Resolver um problema de consumo",
        slug="resolver-um-problema",
        summary="Do contato com a empresa à reclamação.",
        steps=[
            {
                "type": "step",
                "value": {
                    "title": "Conheça seus direitos",
                    "logic": "number",
                    "description": "<p>Veja a lei.</p>",
                    "tasks": [
                        {"label": "", "page": s.withdrawal.pk, "url": "", "note": ""},
                    ],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Fale com a empresa",
                    "logic": "number",
                    "description": "",
                    "tasks": [],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Use o Consumidor.gov.br",
                    "logic": "or",
                    "description": "",
                    "tasks": [
                        {
                            "label": "Consumidor.gov.br",
                            "page": None,
                            "url": "https://www.consumidor.gov.br/",
                            "note": "opcional",
                        }
                    ],
                },
            },
            {
                "type": "step",
                "value": {
                    "title": "Registre a reclamação",
                    "logic": "number",
                    "description": "",
                    "tasks": [],
                },
            },
        ],
        call_to_action=[guidance_body()[-1]],
    )
    s.steps.topics = [topics["shops"]]
    publish(s.index, s.steps)
    s.news_index = publish(home_page, NewsIndexPage(title="Notícias", slug="noticias"))
    s.news = NewsPage(
        title="Cuidados nas compras de fim de ano",
        slug="compras-de-fim-de-ano",
        date=datetime.date(2026, 11, 10),
        summary="Guarde os anúncios.",
        body=guidance_body()[:3],
    )
    s.news.topics = [topics["shops"]]
    publish(s.news_index, s.news)
    return s


@pytest.fixture
def section(home_page):
    return build_section(home_page)
