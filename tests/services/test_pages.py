"""Each page type: routable, renderable, editable and previewable in the admin;
what readers see; bounded queries."""

import re

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.models import HomePage
from services.models import (
    GuidancePage,
    NewsIndexPage,
    NewsPage,
    StepByStepPage,
    Topic,
    TopicIndexPage,
)

from .conftest import build_section, guidance_body

pytestmark = pytest.mark.django_db


def list_block(items):
    """ListBlock items as the admin form posts them."""
    return streamfield([("item", item) for item in items])


def block_form_data(block):
    """A stream child as the admin form posts it."""
    kind, value = block["type"], block["value"]
    if kind in {"paragraph"}:
        return (kind, rich_text(value))
    if kind in {"your_right", "warning"}:
        return (kind, {**value, "text": rich_text(value["text"])})
    if kind == "faq":
        questions = [{**q, "answer": rich_text(q["answer"])} for q in value["questions"]]
        return (kind, {"title": value["title"], "questions": list_block(questions)})
    if kind == "numbered_steps":
        items = [{**s, "text": rich_text(s["text"])} for s in value["steps"]]
        return (kind, {"title": value["title"], "steps": list_block(items)})
    if kind == "documents":
        return (kind, {"title": value["title"], "documents": list_block(value["documents"])})
    if kind == "related_links":
        links = [{**link, "page": ""} for link in value["links"]]
        return (kind, {"title": value["title"], "links": list_block(links)})
    if kind == "call_to_action":
        return (kind, {**value, "page": ""})
    return (kind, value)


def with_topics(data, topic_ids):
    # Checkboxes post one value per ticked box; nested_form_data flattens lists.
    data["topics"] = [str(pk) for pk in topic_ids]
    return data


def guidance_form_data(topic_ids, title="Garantia legal"):
    data = nested_form_data(
        {
            "title": title,
            "slug": "garantia-legal",
            "summary": "Todo produto tem garantia de 30 ou 90 dias.",
            "last_reviewed": "2026-11-01",
            "body": streamfield([block_form_data(block) for block in guidance_body()]),
            "comments": inline_formset([]),
        }
    )
    return with_topics(data, topic_ids)


def step_by_step_form_data(task_page_id):
    return nested_form_data(
        {
            "title": "Como reclamar",
            "slug": "como-reclamar",
            "summary": "O caminho da reclamação.",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "title": "Tente com a empresa",
                            "logic": "number",
                            "description": rich_text("<p>Use o SAC.</p>"),
                            "tasks": list_block(
                                [{"label": "", "page": task_page_id, "url": "", "note": ""}]
                            ),
                        },
                    ),
                    (
                        "step",
                        {
                            "title": "Ou use a plataforma",
                            "logic": "or",
                            "description": rich_text(""),
                            "tasks": list_block([]),
                        },
                    ),
                ]
            ),
            "call_to_action": streamfield([block_form_data(guidance_body()[-1])]),
            "comments": inline_formset([]),
        }
    )


def news_form_data(topic_ids):
    data = nested_form_data(
        {
            "title": "Procon alerta para golpes",
            "slug": "alerta-golpes",
            "date": "2026-11-20",
            "summary": "Desconfie de links.",
            "body": streamfield([block_form_data(block) for block in guidance_body()[:5]]),
            "comments": inline_formset([]),
        }
    )
    return with_topics(data, topic_ids)


class PageTypeTests(WagtailPageTestCase):
    """The admin side: editors create every page type and previews render."""

    @classmethod
    def setUpTestData(cls):
        cls.section = build_section(HomePage.objects.get(depth=2))

    def setUp(self):
        self.login()

    def test_where_each_page_type_can_be_created(self):
        self.assertCanCreateAt(HomePage, TopicIndexPage)
        self.assertCanCreateAt(HomePage, NewsIndexPage)
        self.assertCanCreateAt(TopicIndexPage, GuidancePage)
        self.assertCanCreateAt(TopicIndexPage, StepByStepPage)
        self.assertCanCreateAt(NewsIndexPage, NewsPage)
        self.assertCanNotCreateAt(HomePage, GuidancePage)
        self.assertCanNotCreateAt(NewsIndexPage, GuidancePage)
        self.assertCanNotCreateAt(TopicIndexPage, NewsPage)
        self.assertCanNotCreateAt(Page, TopicIndexPage)

    def test_every_page_is_routable_renderable_and_previewable(self):
        s = self.section
        topic = s.topics["telecom"]
        cases = [
            (s.index, None),
            (s.withdrawal, guidance_form_data([topic.pk])),
            (s.steps, step_by_step_form_data(s.withdrawal.pk)),
            (s.news_index, None),
            (s.news, news_form_data([topic.pk])),
        ]
        for page, post_data in cases:
            with self.subTest(page=page.title):
                self.assertPageIsRoutable(page)
                self.assertPageIsRenderable(page)
                self.assertPageIsEditable(page, post_data=post_data)
                self.assertPageIsPreviewable(page, post_data=post_data)

    def test_topic_route_is_routable(self):
        self.assertPageIsRoutable(self.section.index, "tema/telecomunicacoes/")
        self.assertPageIsRenderable(self.section.index, "tema/telecomunicacoes/")

    def test_editor_creates_a_guidance_page_in_the_admin(self):
        from django.urls import reverse

        topic = self.section.topics["banks"]
        url = reverse(
            "wagtailadmin_pages:add", args=["services", "guidancepage", self.section.index.pk]
        )
        data = guidance_form_data([topic.pk], title="Nova orientação")
        data["action-publish"] = "publish"
        response = self.client.post(url, data)
        form = response.context["form"] if response.status_code == 200 else None
        self.assertEqual(response.status_code, 302, form and form.errors.as_data())
        page = GuidancePage.objects.get(title="Nova orientação")
        self.assertTrue(page.live)
        self.assertEqual(list(page.topics.all()), [topic])
        self.assertEqual([block.block_type for block in page.body][-1], "call_to_action")
        self.assertEqual(self.client.get(page.url).status_code, 200)

    def test_preview_of_a_new_guidance_page_renders(self):
        from django.urls import reverse

        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["services", "guidancepage", self.section.index.pk],
        )
        data = guidance_form_data([self.section.topics["banks"].pk], title="Rascunho")
        response = self.client.post(url, data)
        self.assertEqual(response.json(), {"is_valid": True, "is_available": True})
        response = self.client.get(url)
        self.assertContains(response, "Rascunho")
        self.assertContains(response, "Registrar reclamação")
        # The editor's preview panel frames it: same origin only.
        self.assertIn("frame-ancestors 'self'", response["Content-Security-Policy"])
        self.assertNotIn("frame-ancestors 'none'", response["Content-Security-Policy"])
        self.assertIn(response.get("X-Frame-Options", "SAMEORIGIN"), ("SAMEORIGIN",))


def test_topic_index_lists_topics_with_links(client, section):
    html = client.get("/orientacoes/").content.decode()
    for topic in Topic.objects.all():
        assert f'href="/orientacoes/tema/{topic.slug}/"' in html
        assert topic.name in html
    assert "3 orientações" not in html and "2 orientações" in html  # shops: two guidance pages


def test_topic_page_lists_its_guidance_and_step_by_steps(client, section):
    response = client.get("/orientacoes/tema/comercio-eletronico/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Comércio eletrônico</h1>" in html
    assert 'href="/orientacoes/direito-de-arrependimento/"' in html
    assert 'href="/orientacoes/cobranca-indevida/"' in html
    assert 'href="/orientacoes/resolver-um-problema/"' in html
    assert 'href="/noticias/compras-de-fim-de-ano/"' in html
    assert 'href="/noticias/?tema=comercio-eletronico"' in html

    html = client.get("/orientacoes/tema/telecomunicacoes/").content.decode()
    assert "direito-de-arrependimento" not in html
    assert "cobranca-indevida" in html


def test_unknown_topic_is_404(client, section):
    assert client.get("/orientacoes/tema/nao-existe/").status_code == 404


def test_unpublished_guidance_is_not_listed(client, section):
    section.charges.unpublish()
    html = client.get("/orientacoes/tema/comercio-eletronico/").content.decode()
    assert "cobranca-indevida" not in html


def test_guidance_page_shows_summary_blocks_review_date_and_topics(client, section):
    html = client.get("/orientacoes/direito-de-arrependimento/").content.decode()
    assert '<p class="lead">Você pode desistir da compra feita fora da loja em 7 dias.</p>' in html
    assert 'Última revisão em <time datetime="2026-10-05">' in html
    assert 'href="/orientacoes/tema/comercio-eletronico/"' in html
    assert '<p class="callout__title">Seu direito</p>' in html
    assert "<strong>Art. 49</strong>, Código de Defesa do Consumidor" in html
    assert '<summary class="faq__question">Preciso explicar?</summary>' in html
    assert '<li class="numbered-steps__item">' in html
    assert "<h2>Documentos necessários</h2>" in html
    assert '<a class="btn btn-primary btn-lg" href="/reclamacao/">Registrar reclamação</a>' in html


def test_guidance_page_shows_related_guidance_by_topic(client, section):
    html = client.get("/orientacoes/direito-de-arrependimento/").content.decode()
    related = html[html.index("relacionadas-titulo") :]
    assert 'href="/orientacoes/cobranca-indevida/"' in related
    assert 'href="/orientacoes/direito-de-arrependimento/"' not in related


def test_page_linked_from_a_step_by_step_shows_part_of_box(client, section):
    html = client.get("/orientacoes/direito-de-arrependimento/").content.decode()
    assert '<p id="parte-de-titulo" class="part-of__label">Parte de</p>' in html
    assert (
        '<a href="/orientacoes/resolver-um-problema/">Resolver um problema de consumo</a>' in html
    )
    # A page no step-by-step links to has no box.
    html = client.get("/orientacoes/cobranca-indevida/").content.decode()
    assert "parte-de-titulo" not in html


def test_part_of_box_follows_published_step_by_steps(client, section):
    section.steps.unpublish()
    html = client.get("/orientacoes/direito-de-arrependimento/").content.decode()
    assert "parte-de-titulo" not in html


def test_step_by_step_numbers_steps_with_and_or(client, section):
    html = client.get("/orientacoes/resolver-um-problema/").content.decode()
    labels = re.findall(
        r'step-nav__label">(?:<span class="visually-hidden">[^<]*</span>)?([^<]*)</span>', html
    )
    assert labels == ["1", "2", "ou", "3"]
    assert html.count('<details class="step-nav__details">') == 4
    # A task pointing at a page uses the page's title when it has no label.
    assert '<a href="/orientacoes/direito-de-arrependimento/">Direito de arrependimento</a>' in html
    assert "(opcional)" in html
    assert 'href="/reclamacao/">Registrar reclamação</a>' in html


def test_news_page_shows_date_and_topics(client, section):
    html = client.get("/noticias/compras-de-fim-de-ano/").content.decode()
    assert '<time datetime="2026-11-10">' in html
    assert 'href="/noticias/?tema=comercio-eletronico">Comércio eletrônico</a>' in html


def test_meta_description_canonical_and_open_graph(client, section):
    html = client.get("/orientacoes/direito-de-arrependimento/").content.decode()
    summary = "Você pode desistir da compra feita fora da loja em 7 dias."
    assert f'<meta name="description" content="{summary}">' in html
    assert (
        '<link rel="canonical" href="http://localhost/orientacoes/direito-de-arrependimento/">'
        in html
    )
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Direito de arrependimento">' in html
    assert f'<meta property="og:description" content="{summary}">' in html
    assert (
        '<meta property="og:url" content="http://localhost/orientacoes/direito-de-arrependimento/">'
        in html
    )
    assert '<meta property="og:locale" content="pt_BR">' in html

    section.withdrawal.search_description = "Descrição para buscadores."
    section.withdrawal.save_revision().publish()
    html = client.get("/orientacoes/direito-de-arrependimento/").content.decode()
    assert '<meta name="description" content="Descrição para buscadores.">' in html

    html = client.get("/orientacoes/tema/telecomunicacoes/").content.decode()
    assert (
        '<link rel="canonical" href="http://localhost/orientacoes/tema/telecomunicacoes/">' in html
    )


def test_sitemap_lists_pages_and_topic_pages(client, section):
    xml = client.get("/sitemap.xml").content.decode()
    for path in [
        "/orientacoes/",
        "/orientacoes/direito-de-arrependimento/",
        "/orientacoes/resolver-um-problema/",
        "/noticias/",
        "/noticias/compras-de-fim-de-ano/",
        "/orientacoes/tema/telecomunicacoes/",
        "/orientacoes/tema/comercio-eletronico/",
    ]:
        assert f"<loc>http://localhost{path}</loc>" in xml
    section.charges.unpublish()
    assert "cobranca-indevida" not in client.get("/sitemap.xml").content.decode()
