"""The consumer's postal address for staff: the case page and the exports read
it from the field tagged with the consumer_address role."""

import csv
import io

import pytest
from django.urls import reverse

from forms.demo import field, step
from forms.models import FormKind
from forms.submission import role_columns

pytestmark = pytest.mark.django_db

STORED = {
    "cep": "78005-000",
    "street": "Rua Barão de Melgaço",
    "number": "123",
    "complement": "Apto 4",
    "district": "Centro",
    "municipality": {"ibge_code": "5103403", "name": "Cuiabá", "state": "MT"},
    "state": "MT",
}
LINE = "Rua Barão de Melgaço, 123, Apto 4 - Centro - Cuiabá/MT - CEP 78005-000"


@pytest.fixture
def with_address(make_form, make_submission):
    page = make_form(
        [
            step(
                "Você",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("address", "Seu endereço", "endereco", role="consumer_address"),
                ],
            ),
            step("Reclamação", [field("multiline", "O que aconteceu?", "relato")]),
        ],
        slug="reclamacao-com-endereco",
        kind=FormKind.COMPLAINT,
    )
    definitions = [d for s in page.definition.schema()["steps"] for d in s["fields"]]
    columns = role_columns(definitions, {"nome": "Maria da Silva", "endereco": STORED})
    submission = make_submission(page=page, **columns)
    submission.form_data = {**submission.form_data, "endereco": STORED}
    submission.save(update_fields=["form_data"])
    return submission


def test_the_address_column_comes_from_the_role(with_address):
    assert with_address.consumer_address == LINE
    assert with_address.consumer_municipality == "5103403"


def test_the_case_page_shows_the_postal_address(client, supervisor, with_address):
    client.force_login(supervisor)
    html = client.get(reverse("inbox:case", args=[with_address.pk])).content.decode()
    assert 'data-testid="consumer-address">' + LINE in html
    # And in the answers, as post writes it.
    assert "Rua Barão de Melgaço, 123, Apto 4<br>Centro<br>Cuiabá/MT<br>78005-000" in html


def test_supervisors_export_the_postal_address(client, supervisor, with_address):
    client.force_login(supervisor)
    response = client.get(reverse("inbox:export", args=["csv"]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert row[header.index("Endereço postal")] == LINE


def test_the_postal_address_is_a_personal_column(with_address):
    from inbox import exports
    from inbox.exports import rows

    public = list(rows(type(with_address).objects.all(), personal=False))
    assert "Endereço postal" not in public[0]
    assert "Barão" not in str(public)
    assert ("consumer_address", True) in [(f, p) for _h, f, p in exports.COLUMNS]
