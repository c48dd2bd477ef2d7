"""The supplier side in data-subject requests: the export lists the forwarding
and the letters; anonymising clears the supplier's free text about the person,
and the letter prints nothing personal afterwards."""

import pytest
from reportlab import rl_config

from inbox.models import CaseEvent, EventKind, Party, Visibility
from privacy import subjects
from supplier_enrolment.letters import render_pdf
from supplier_enrolment.models import ForwardedCase, Letter, Supplier
from supplier_enrolment.sharing import shared_answers

pytestmark = pytest.mark.django_db

NAME = "Joana Fornecida"


def forwarded_with_letter(submission):
    """A complaint notified by letter, answered by the supplier with a proposed
    solution and a file that name the consumer."""
    supplier = Supplier.objects.create(
        cnpj="59031847000186", legal_name="Loja Exemplo", address="Rua da Loja, 10"
    )
    case = submission.case
    ForwardedCase.objects.create(case=case, supplier=supplier, by_post=True)
    letter = Letter.objects.create(
        case=case,
        supplier=supplier,
        addressee=supplier.legal_name,
        addressee_cnpj=supplier.cnpj,
        address=supplier.address,
        tracking_code="JT123456789BR",
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.TRANSITION,
        action="record_supplier_answer",
        party=Party.SUPPLIER,
        visibility=Visibility.CITIZEN,
        reason=f"Resposta a {NAME}",
        data={
            "proposed_solution": f"Estorno na conta de {NAME}",
            "attachments": [],
            "attachment_names": [f"comprovante-{NAME}.pdf"],
        },
    )
    return letter


@pytest.fixture
def lettered(person_case):
    submission = person_case(NAME, "11144477735", "joana@example.com")
    return submission, forwarded_with_letter(submission)


def pdf_text(letter, monkeypatch):
    monkeypatch.setattr(rl_config, "pageCompression", 0)
    return render_pdf([Letter.objects.get(pk=letter.pk)]).decode("latin-1")


def test_the_export_holds_the_forwarding_and_the_letters(lettered):
    _submission, letter = lettered
    data = subjects.export(subjects.Identity(email="joana@example.com"))
    supplier = data["submissions"][0]["supplier"]
    assert supplier["name"] == "Loja Exemplo" and supplier["notified_by_post"]
    assert supplier["letters"] == [
        {
            "addressee": "Loja Exemplo",
            "status": "pending",
            "created_at": letter.created_at.isoformat(),
            "tracking_code": "JT123456789BR",
            "posted_at": None,
            "delivered_on": None,
        }
    ]
    assert supplier["proposed_solutions"][0]["text"] == f"Estorno na conta de {NAME}"


def test_a_submission_not_forwarded_exports_no_supplier_section(person_case):
    person_case("Rita Sem Fornecedor", "", "rita@example.com")
    data = subjects.export(subjects.Identity(email="rita@example.com"))
    assert "supplier" not in data["submissions"][0]


def test_anonymising_clears_what_the_supplier_side_holds(lettered, monkeypatch):
    submission, letter = lettered
    assert "Joana" in pdf_text(letter, monkeypatch)
    assert subjects.anonymise(submission, reason="request")
    event = CaseEvent.objects.get(case_id=submission.pk, action="record_supplier_answer")
    assert event.data == {"attachments": []}
    submission.refresh_from_db()
    shared = shared_answers(submission)
    assert not any("Joana" in str(row) for _title, rows in shared for row in rows)
    assert "Joana" not in pdf_text(letter, monkeypatch)
    # The letter and the forwarding stay: they hold the supplier's data only.
    letter.refresh_from_db()
    assert letter.addressee == "Loja Exemplo" and letter.tracking_code == "JT123456789BR"
    assert ForwardedCase.objects.filter(case_id=submission.pk).exists()
