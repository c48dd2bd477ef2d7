"""The consumer's postal address never reaches the supplier: the letter and the
supplier area show only the consumer's municipality."""

import pytest

from forms.demo import field, step
from forms.models import FormKind
from supplier_enrolment.letters import render_pdf
from supplier_enrolment.models import Letter, Supplier
from supplier_enrolment.sharing import shared_answers

from .conftest import CNPJ_LETTER
from .test_letters import pdf_text

pytestmark = pytest.mark.django_db

STORED = {
    "cep": "78005-000",
    "street": "Rua Barao de Melgaco",
    "number": "123",
    "complement": "Apto 4",
    "district": "Centro",
    "municipality": {"ibge_code": "5103403", "name": "Cuiaba", "state": "MT"},
    "state": "MT",
}


@pytest.fixture
def case_with_address(make_form, make_submission, forward):
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
    Supplier.objects.create(cnpj=CNPJ_LETTER, legal_name="Supermercados Chapada Ltda.")
    submission = make_submission(page=page, supplier_cnpj=CNPJ_LETTER)
    submission.form_data = {**submission.form_data, "endereco": STORED}
    submission.save(update_fields=["form_data"])
    return forward(submission)


def test_the_supplier_sees_the_municipality_not_the_street(case_with_address):
    rows = dict(shared_answers(case_with_address.submission))
    assert rows["Consumidor"] == [("Nome", "Maria da Silva"), ("Município", "Cuiaba/MT")]
    assert "Barao" not in str(rows) and "78005" not in str(rows)


def test_the_letter_names_the_municipality_not_the_street(case_with_address):
    text = pdf_text(render_pdf([Letter.objects.get(case=case_with_address)]))
    assert "Cuiaba/MT" in text
    assert "Barao" not in text and "78005" not in text and "Apto 4" not in text
