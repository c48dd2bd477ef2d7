"""Creates Wagtail's stock form page with the complaint form's fields (files aside:
the stock form has no file field) for the site benchmark. Idempotent."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from bench.stockform.models import StockFormField, StockFormPage

SLUG = "formulario-padrao"
YES_NO = "Sim\nNão"
FIELDS = [
    ("nome", "singleline", ""),
    ("cpf", "singleline", ""),
    ("email_contato", "email", ""),
    ("telefone", "singleline", ""),
    ("municipio", "singleline", ""),
    ("empresa", "singleline", ""),
    ("site_empresa", "url", ""),
    ("problema", "dropdown", "Cobrança indevida\nProduto com defeito\nServiço não prestado"),
    ("data_compra", "date", ""),
    ("valor", "number", ""),
    ("como_comprou", "radio", "Loja física\nInternet\nTelefone\nEm domicílio\nOutro"),
    ("procurou_empresa", "radio", YES_NO),
    ("protocolo_sac", "singleline", ""),
    ("descricao", "multiline", ""),
    ("pedido", "radio", "Troca do produto\nDevolução do dinheiro\nCancelamento do contrato"),
    ("declaracao", "checkbox", ""),
]


class Command(BaseCommand):
    help = "Create the stock Wagtail form page used by bench/site.py."

    def handle(self, *args, **options):
        home = Site.objects.get(is_default_site=True).root_page.specific
        page = StockFormPage.objects.child_of(home).filter(slug=SLUG).first()
        if page is None:
            page = home.add_child(
                instance=StockFormPage(
                    title="Formulário padrão do Wagtail",
                    slug=SLUG,
                    thank_you_text="<p>Recebido.</p>",
                )
            )
            for order, (label, kind, choices) in enumerate(FIELDS):
                StockFormField.objects.create(
                    page=page,
                    sort_order=order,
                    label=label,
                    field_type=kind,
                    required=label not in ("telefone", "site_empresa", "protocolo_sac"),
                    choices=choices,
                )
            page.save_revision().publish()
        self.stdout.write(page.url)
