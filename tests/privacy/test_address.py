"""Anonymising a submission removes the consumer's postal address, column and answer."""

import pytest

from privacy.models import Anonymisation
from privacy.subjects import anonymise

pytestmark = pytest.mark.django_db


def test_anonymising_removes_the_postal_address(make_submission):
    submission = make_submission(
        consumer_address="Rua A, 10 - Centro - Cuiabá/MT - CEP 78005-000",
        consumer_municipality="5103403",
    )
    submission.form_data = {
        **submission.form_data,
        "endereco": {"cep": "78005-000", "street": "Rua A", "number": "10"},
    }
    submission.schema["steps"][0]["fields"].append(
        {"key": "endereco", "type": "address", "label": "Endereço", "role": "consumer_address"}
    )
    submission.save()
    assert anonymise(submission, reason=Anonymisation.Reason.REQUEST)
    submission.refresh_from_db()
    assert submission.consumer_address == ""
    assert "endereco" not in submission.form_data
    assert submission.consumer_municipality == "5103403"  # kept for statistics
