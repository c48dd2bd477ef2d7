"""Demo content for the home page and the agency settings (Procon-MT).

Each loader is idempotent: it looks things up by a stable key (slug, site)
and only creates or updates; running it twice changes nothing.
"""

from wagtail.models import Locale, Page, Site

from .models import AgencySettings, HomePage

AGENCY = {
    "name": "Superintendência de Defesa do Consumidor de Mato Grosso",
    "acronym": "Procon",
    "state": "MT",
    "address": "Rua Baldomero Lopes, s/n, Centro\nCuiabá - MT, 78005-000",
    "phone": "151",
    "email": "atendimento@procon.mt.gov.br",
    "opening_hours": "Segunda a sexta, das 8h às 17h",
    "dpo_name": "Encarregado de Proteção de Dados",
    "dpo_email": "encarregado@procon.mt.gov.br",
    "dpo_phone": "(65) 3613-0000",
}

SERVICES = [
    (
        "Registrar reclamação",
        "Teve um problema com uma empresa e não resolveu? Registre sua reclamação.",
        "/reclamacao/",
        "Registrar reclamação",
    ),
    (
        "Fazer uma consulta",
        "Tire dúvidas sobre seus direitos antes ou depois de uma compra.",
        "/consulta/",
        "Fazer consulta",
    ),
    (
        "Acompanhar meu atendimento",
        "Já registrou? Veja a situação, responda ao Procon e avalie a resposta da empresa.",
        "/acompanhar/",
        "Acompanhar atendimento",
    ),
    (
        "Área do fornecedor",
        "Empresas: façam a adesão e respondam às reclamações pela internet.",
        "/adesao-de-fornecedor/",
        "Adesão de fornecedor",
    ),
]


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {
            key: _without_ids(value)
            for key, value in data.items()
            if not (key == "id" and "value" in data)
        }
    return data


def stream_data(stream_value):
    """A StreamField's content in storage form without block ids, to compare."""
    return _without_ids(stream_value.stream_block.get_prep_value(stream_value))


def same_stream(stream_value, wanted_raw):
    """Whether a StreamField holds `wanted_raw` (demo data), ignoring block ids."""
    block = stream_value.stream_block
    return stream_data(stream_value) == _without_ids(
        block.get_prep_value(block.to_python(wanted_raw))
    )


def default_site():
    """The default site and its HomePage, created when the database has none
    (the migration normally creates them; a flushed test database does not)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Locale.objects.get_or_create(language_code="pt-br")
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Procon", slug="home"))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site, site.root_page.specific


def load_home_page(stdout=None):
    """Fill the home page and the agency settings of the default site."""
    site, home = default_site()
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage.")

    settings_obj = AgencySettings.for_site(site)
    changed = False
    for field, value in AGENCY.items():
        if getattr(settings_obj, field) != value:
            setattr(settings_obj, field, value)
            changed = True
    menu = [
        {"type": "link", "value": {"label": label, "page": None, "url": url}}
        for label, url in [
            ("Orientações", "/orientacoes/"),
            ("Reclamação", "/reclamacao/"),
            ("Consulta", "/consulta/"),
            ("Acompanhar", "/acompanhar/"),
            ("Notícias", "/noticias/"),
            ("Transparência", "/indicadores/fornecedores/"),
        ]
    ]
    if not same_stream(settings_obj.main_menu, menu):
        settings_obj.main_menu = menu
        changed = True
    if changed:
        settings_obj.save()

    services = [
        {
            "type": "service",
            "value": {
                "title": title,
                "description": description,
                "page": None,
                "url": url,
                "button_text": button,
            },
        }
        for title, description, url, button in SERVICES
    ]
    wanted = {
        "title": "Procon-MT: defesa do consumidor em Mato Grosso",
        "intro": (
            "Orientação gratuita sobre seus direitos e atendimento de reclamações contra "
            "empresas, pela internet, em todo o estado."
        ),
        "featured_title": "Destaques",
    }
    current = {key: getattr(home, key) for key in wanted}
    if (
        current != wanted
        or not same_stream(home.services, services)
        or home.has_unpublished_changes
    ):
        for key, value in wanted.items():
            setattr(home, key, value)
        home.draft_title = home.title
        home.services = services
        home.save_revision().publish()
        if stdout:
            stdout.write("  home page updated")
