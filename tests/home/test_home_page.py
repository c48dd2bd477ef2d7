import re

import pytest
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import AgencySettings, HomePage


def home_form_data():
    return nested_form_data(
        {
            "title": "Procon-MT",
            "slug": "home",
            "intro": "Seus direitos, perto de você.",
            "services": streamfield(
                [
                    (
                        "service",
                        {
                            "title": "Registrar reclamação",
                            "description": "Registre sua reclamação.",
                            "page": "",
                            "url": "/reclamacao/",
                            "button_text": "Começar",
                        },
                    )
                ]
            ),
            "featured_title": "Destaques",
            "featured": streamfield([]),
            "body": rich_text("<p>Mais</p>"),
        }
    )


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get(depth=2)

    def setUp(self):
        self.user = self.login()

    def test_routable_and_renders(self):
        self.assertPageIsRoutable(self.home)
        self.assertPageIsRenderable(self.home)

    def test_editable_in_the_admin(self):
        self.assertPageIsEditable(self.home, post_data=home_form_data())

    def test_only_one_home_page(self):
        root = Page.get_first_root_node()
        self.assertFalse(HomePage.can_create_at(root))

    def test_previewable(self):
        self.assertPageIsPreviewable(self.home, post_data=home_form_data())


@pytest.mark.django_db
def test_home_shows_services_and_agency_identity(client, demo_content):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="pt-BR">' in html
    assert 'href="#conteudo"' in html and 'id="conteudo"' in html
    assert "Registrar reclamação" in html
    assert 'href="/reclamacao/"' in html
    assert "Superintendência de Defesa do Consumidor de Mato Grosso" in html
    assert "Pular para o conteúdo principal" in html  # translated chrome


@pytest.mark.django_db
def test_site_settings_render_in_header_and_footer(client, site):
    privacy = site.root_page.add_child(
        instance=Page(title="Aviso de privacidade", slug="privacidade")
    )
    agency = AgencySettings.for_site(site)
    agency.acronym = "Procon"
    agency.state = "GO"
    agency.name = "Procon Goiás"
    agency.phone = "(62) 3201-7100"
    agency.email = "contato@procon.go.example"
    agency.opening_hours = "8h às 18h"
    agency.address = "Rua 8, nº 242\nGoiânia"
    agency.dpo_name = "Maria Encarregada"
    agency.dpo_email = "dpo@procon.go.example"
    agency.controller_name = "Estado de Goiás"
    agency.controller_cnpj = "11.222.333/0001-81"
    agency.privacy_page = privacy
    agency.social_links = [
        {"type": "link", "value": {"network": "instagram", "url": "https://instagram.com/x"}}
    ]
    agency.main_menu = [
        {"type": "link", "value": {"label": "Notícias", "page": None, "url": "/noticias/"}}
    ]
    agency.save()

    html = client.get("/").content.decode()
    assert "Procon-GO" in html
    # The title names the agency as the header does: acronym, "-", state.
    assert re.search(r"<title>[^<]* \| Procon-GO</title>", html)
    assert "Procon Goiás" in html
    assert 'href="tel:(62)3201-7100"' in html
    assert "mailto:contato@procon.go.example" in html
    assert "8h às 18h" in html
    assert "Rua 8, nº 242<br>Goiânia" in html
    assert "Maria Encarregada" in html and "mailto:dpo@procon.go.example" in html
    assert "Estado de Goiás, CNPJ 11.222.333/0001-81" in html  # the controller (LGPD art. 9)
    assert 'href="/privacidade/"' in html
    assert 'href="https://instagram.com/x"' in html
    assert '<a href="/noticias/">Notícias</a>' in html


@pytest.mark.django_db
def test_settings_editable_in_admin(admin_client, site):
    url = reverse("wagtailsettings:edit", args=["home", "agencysettings", site.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert "Encarregado" in response.content.decode() or "encarregado" in response.content.decode()


@pytest.mark.django_db
def test_service_entry_needs_a_page_or_an_address():
    from wagtail.blocks import StreamBlockValidationError

    from home.models import HomePage

    block = HomePage.services.field.stream_block
    value = block.to_python(
        [
            {
                "type": "service",
                "value": {
                    "title": "X",
                    "description": "Y",
                    "page": None,
                    "url": "",
                    "button_text": "Ir",
                },
            }
        ]
    )
    with pytest.raises(StreamBlockValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_404_page_is_in_portuguese(client, site):
    response = client.get("/pagina-que-nao-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página não encontrada" in html
    assert "Ir para a página inicial" in html


def test_500_template_renders_without_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Desculpe, há um problema no serviço" in html
    assert 'lang="pt-BR"' in html


@pytest.mark.django_db
def test_robots_and_sitemap(client, site):
    robots = client.get("/robots.txt")
    assert robots.status_code == 200
    assert "Disallow: /admin/" in robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert "<urlset" in sitemap.content.decode()
