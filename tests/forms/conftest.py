import io

import pytest
from django.core.management import call_command

from forms.demo import field, step
from forms.models import FormKind, FormPage

CUIABA = "5103403"
VALID_CPF = "529.982.247-25"


@pytest.fixture
def municipalities(db):
    call_command("load_municipalities", "--state", "MT", stdout=io.StringIO())


@pytest.fixture
def make_form(home_page):
    """Build and publish a FormPage under the home page from demo-style step dicts."""

    def build(steps, slug="formulario", kind=FormKind.GENERIC, **extra):
        page = home_page.add_child(
            instance=FormPage(
                title="Formulário de teste", slug=slug, kind=kind, steps=steps, **extra
            )
        )
        page.save_revision().publish()
        return FormPage.objects.get(pk=page.pk)

    return build


@pytest.fixture
def three_step_form(make_form):
    """Three steps; step 2 has a same-step conditional field; step 3 is conditional."""
    return make_form(
        [
            step(
                "Identificação",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("cpf", "CPF", "cpf", role="consumer_cpf"),
                    field("email", "E-mail", "email_contato", role="consumer_email"),
                ],
            ),
            step(
                "Detalhes",
                [
                    field("radio", "Já procurou a empresa?", "procurou", choices=["Sim", "Não"]),
                    field(
                        "singleline",
                        "Protocolo do SAC",
                        "protocolo_sac",
                        condition={"field": "procurou", "operator": "equals", "value": "sim"},
                    ),
                    field("date", "Data da compra", "data_compra", role="purchase_date"),
                    field("money", "Valor", "valor", role="amount", required=False),
                ],
            ),
            conditional_step(
                "Contato com a empresa",
                [field("multiline", "O que disseram?", "resposta")],
                {"field": "procurou", "operator": "equals", "value": "Sim"},
            ),
        ],
        declaration="Declaro que as informações são verdadeiras.",
    )


def conditional_step(title, fields, condition):
    value = step(title, fields)
    value["value"]["condition"] = condition
    return value


def fill(client, page, number, data, follow=False):
    return client.post(f"{page.url}etapa/{number}/", data, follow=follow)
