"""Demo suppliers: fictitious companies with valid CNPJs (one alphanumeric).

Idempotent: rows are looked up by CNPJ and created when missing; a supplier
that exists is left as staff and its representatives keep it.
"""

from datetime import UTC, datetime

from home.demo import edited_by_person, kept

from .models import Supplier

ENROLLED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)

SUPPLIERS = [
    {
        "cnpj": "48273615000118",
        "legal_name": "Telefonia Pantanal Comunicações S.A.",
        "trade_name": "Pantanal Telecom",
        "email": "sac@pantanaltelecom.example.com",
        "phone": "(65) 3025-4000",
        "enrolled": True,
    },
    {
        "cnpj": "37190426000165",
        "legal_name": "Energia do Cerrado Distribuidora Ltda.",
        "trade_name": "Cerrado Energia",
        "email": "ouvidoria@cerradoenergia.example.com",
        "phone": "(65) 3316-2000",
        "enrolled": True,
    },
    {
        "cnpj": "7MT4K2P8000131",
        "legal_name": "Araguaia Comércio Eletrônico Ltda.",
        "trade_name": "Compra Fácil Araguaia",
        "email": "atendimento@comprafacil.example.com",
        "phone": "(66) 3421-7700",
        "enrolled": True,
    },
    {
        "cnpj": "59031847000186",
        "legal_name": "Supermercados Chapada Ltda.",
        "trade_name": "Chapada Supermercados",
        "email": "",
        "phone": "(65) 3301-1500",
        "enrolled": False,
    },
    {
        "cnpj": "26485193000292",
        "legal_name": "Banco Rondon de Crédito S.A.",
        "trade_name": "",
        "email": "",
        "phone": "",
        "enrolled": False,
    },
    {
        "cnpj": "81520739000126",
        "legal_name": "Auto Peças e Serviços Rio Cuiabá Ltda.",
        "trade_name": "Oficina Rio Cuiabá",
        "email": "contato@riocuiaba.example.com",
        "phone": "(65) 99841-2030",
        "enrolled": False,
    },
]


def load(stdout=None):
    """Create the demo suppliers that are missing."""
    existing = {s.cnpj: s for s in Supplier.objects.filter(cnpj__in=[d["cnpj"] for d in SUPPLIERS])}
    created = 0
    for data in SUPPLIERS:
        wanted = {**data, "enrolled_at": ENROLLED_AT if data["enrolled"] else None}
        supplier = existing.get(data["cnpj"])
        if supplier is None:
            Supplier(**wanted).save()
            created += 1
    if stdout and created:
        stdout.write(f"  suppliers created: {created}")


INFO_PAGE = {
    "slug": "empresas",
    "title": "Empresas: responda às reclamações pela internet",
    "intro": (
        "Empresas que fazem a adesão ao Procon recebem as reclamações pela internet, "
        "respondem no mesmo dia e acompanham cada caso até o recurso, sem cartas."
    ),
    "body": (
        "<h2>Vantagens da adesão</h2><ul>"
        "<li>Notificações por e-mail assim que a reclamação é encaminhada, em vez de carta.</li>"
        "<li>Mais tempo útil para responder: o prazo não se perde no correio.</li>"
        "<li>Respostas com documentos e proposta de solução, vistas pelo consumidor.</li>"
        "<li>Pedidos de prazo, recusa fundamentada e recurso, tudo pela internet.</li>"
        "<li>Vários representantes por empresa, cada um com o próprio acesso.</li></ul>"
        "<h2>Como fazer</h2><p>Preencha o pedido de adesão com os dados da empresa e do "
        "representante. Depois da aprovação, o representante recebe por e-mail um link "
        "para criar a senha da área do fornecedor.</p>"
    ),
    "call_to_action": "Pedir a adesão",
}


def load_info_page(stdout=None):
    """The page promoting enrolment, linked to the demo enrolment form (run
    after the forms are loaded)."""
    from wagtail.models import Site

    from forms.models import FormPage

    from .models import EnrolmentInfoPage

    home = Site.objects.get(is_default_site=True).root_page.specific
    form_page = FormPage.objects.filter(slug="adesao-de-fornecedor").first()
    values = {**{k: v for k, v in INFO_PAGE.items() if k != "slug"}, "form_page": form_page}
    page = EnrolmentInfoPage.objects.child_of(home).filter(slug=INFO_PAGE["slug"]).first()
    if page is None:
        page = home.add_child(instance=EnrolmentInfoPage(slug=INFO_PAGE["slug"], **values))
        page.save_revision().publish()
        if stdout:
            stdout.write(f"  page created: /{INFO_PAGE['slug']}/")
        return page
    if edited_by_person(page):
        kept(stdout, f"/{INFO_PAGE['slug']}/")
    elif any(getattr(page, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(page, key, value)
        page.save_revision().publish()
    return page
