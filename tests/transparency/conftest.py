import io
import itertools
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from forms.demo import field, step
from forms.models import FormKind, Submission
from forms.protocol import ProtocolNumber, issuable
from forms.signals import submission_created
from inbox.models import Case, CaseEvent
from inbox.permissions import SUPERVISORS
from inbox.workflow import CITIZEN, apply
from services.models import Problem, Subject, Topic
from tests.forms import conftest as forms_fixtures
from tests.inbox.conftest import member

make_form = forms_fixtures.make_form
municipalities = forms_fixtures.municipalities

# Only sequences the site would issue: a protocol whose check digit rules it out
# is refused wherever staff or citizens type one.
_sequence = (n for n in itertools.count(1) if issuable(2026, n))

# Distinctive personal values: none of them may ever appear in public output.
PERSONAL = {
    "name": "Zuleica Teixeira Quintanilha",
    "cpf": "52998224725",
    "email": "zuleica.quintanilha@example.com",
    "phone": "65991234567",
    "address": "Rua das Acácias Encantadas 4321",
    "cep": "78048000",
    "description": "Relato sigiloso: o aparelho explodiu na cozinha",
    "protocol_sac": "SAC-998877-XYZ",
}
CUIABA = "5103403"
VARZEA_GRANDE = "5108402"
SMALL_TOWN = "5100102"  # Acorizal
ACME = ("11222333000181", "Acme Telecom S.A.")
BETA = ("33000167000101", "Beta Varejo Ltda")


@pytest.fixture
def taxonomy(db):
    # get_or_create: the demo content may hold the same topics.
    telecom, _ = Topic.objects.get_or_create(
        slug="telecomunicacoes", defaults={"name": "Telecomunicações"}
    )
    retail, _ = Topic.objects.get_or_create(slug="varejo", defaults={"name": "Varejo"})
    mobile, _ = Subject.objects.get_or_create(
        topic=telecom, slug="telefonia-movel-teste", defaults={"name": "Telefonia móvel"}
    )
    goods, _ = Subject.objects.get_or_create(
        topic=retail, slug="produtos-teste", defaults={"name": "Produtos"}
    )
    billing, _ = Problem.objects.get_or_create(
        subject=mobile, slug="cobranca-indevida", defaults={"name": "Cobrança indevida"}
    )
    defect, _ = Problem.objects.get_or_create(
        subject=goods, slug="defeito", defaults={"name": "Produto com defeito"}
    )
    return {"billing": billing, "defect": defect}


@pytest.fixture
def complaint_form(make_form, taxonomy, municipalities):
    return make_form(
        [
            step(
                "Identificação",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("cpf", "CPF", "cpf", role="consumer_cpf"),
                    field("email", "E-mail", "email", role="consumer_email"),
                    field("phone", "Telefone", "telefone", role="consumer_phone"),
                    field("singleline", "Endereço", "endereco"),
                    field("cep", "CEP", "cep", role="consumer_cep"),
                    field("municipality", "Município", "municipio", role="consumer_municipality"),
                ],
            ),
            step(
                "Reclamação",
                [
                    field("singleline", "Empresa", "empresa", role="supplier_name"),
                    field("cnpj", "CNPJ", "cnpj", role="supplier_cnpj"),
                    field("problem", "Problema", "problema", role="problem", topic=None),
                    field(
                        "radio",
                        "Como comprou?",
                        "como_comprou",
                        role="purchase_channel",
                        choices=["Loja física", "Internet"],
                    ),
                    field("singleline", "Protocolo SAC", "protocolo_sac", role="supplier_protocol"),
                    field("multiline", "O que aconteceu?", "relato", role="description"),
                ],
            ),
        ],
        slug="reclamacao-transparencia",
        kind=FormKind.COMPLAINT,
    )


def _problem_answer(problem):
    subject, topic = problem.subject, problem.subject.topic
    return {
        "topic": topic.name,
        "topic_slug": topic.slug,
        "subject": subject.name,
        "subject_slug": subject.slug,
        "problem": problem.name,
        "problem_slug": problem.slug,
    }


@pytest.fixture
def staff(db, django_user_model):
    return member(django_user_model, "supervisora", SUPERVISORS)


@pytest.fixture
def complaint(complaint_form, taxonomy, staff):
    """A complaint walked through the workflow to `path`'s end (see `PATHS`)."""

    def build(
        path="resolved",
        supplier=ACME,
        municipality=CUIABA,
        problem="billing",
        channel="Internet",
        score=4,
        late=False,
        classification=None,
    ):
        number = ProtocolNumber(2026, next(_sequence))
        form_data = {
            "nome": PERSONAL["name"],
            "cpf": PERSONAL["cpf"],
            "email": PERSONAL["email"],
            "telefone": PERSONAL["phone"],
            "endereco": PERSONAL["address"],
            "cep": PERSONAL["cep"],
            "municipio": {"ibge_code": municipality, "name": "x", "state": "MT"},
            "empresa": supplier[1],
            "cnpj": supplier[0],
            "problema": _problem_answer(taxonomy[problem]),
            "como_comprou": channel,
            "protocolo_sac": PERSONAL["protocol_sac"],
            "relato": PERSONAL["description"],
        }
        with transaction.atomic():
            submission = Submission.objects.create(
                page=complaint_form,
                form_data=form_data,
                protocol=str(number),
                year=number.year,
                sequence=number.sequence,
                kind=FormKind.COMPLAINT,
                schema=complaint_form.definition.schema(),
                access_code_hash="x",
                consumer_name=PERSONAL["name"],
                consumer_cpf=PERSONAL["cpf"],
                consumer_email=PERSONAL["email"],
                consumer_municipality=municipality,
                supplier_name=supplier[1],
                supplier_cnpj=supplier[0],
            )
            submission_created.send(sender=Submission, submission=submission)
        case = Case.objects.get(pk=submission.pk)
        for action, extra in PATHS[path](score):
            apply(case, action, None if "party" in extra else staff, **extra)
        if late:
            answer = CaseEvent.objects.get(case=case, action="record_supplier_answer")
            answer.created_at = timezone.now() + timedelta(days=30)
            answer.save(update_fields=["created_at"])
        if classification:
            apply(case, f"classify_{classification}", staff)
        return submission

    return build


def _answered(score):
    return [
        ("accept", {}),
        ("forward_to_supplier", {}),
        ("record_supplier_answer", {"reason": "Trocamos o aparelho."}),
        ("ask_evaluation", {}),
    ]


PATHS = {
    "resolved": lambda score: (
        _answered(score)
        + [("record_resolved", {"party": CITIZEN, "data": {"score": score}}), ("close", {})]
    ),
    "not_resolved": lambda score: (
        _answered(score)
        + [("record_not_resolved", {"party": CITIZEN, "data": {"score": score}}), ("close", {})]
    ),
    "evaluated_open": lambda score: (
        _answered(score) + [("record_resolved", {"party": CITIZEN, "data": {"score": score}})]
    ),
    "unanswered": lambda score: [
        ("accept", {}),
        ("forward_to_supplier", {}),
        ("supplier_deadline_expired", {"party": None}),
        ("ask_evaluation", {}),
        ("record_not_resolved", {"party": CITIZEN, "data": {"score": score}}),
        ("close", {}),
    ],
    "withdrawn": lambda score: [
        ("accept", {}),
        ("forward_to_supplier", {}),
        ("withdraw", {"party": CITIZEN}),
    ],
    "in_progress": lambda score: [("accept", {}), ("forward_to_supplier", {})],
}


@pytest.fixture
def published(complaint, site):
    """Six complaints in Cuiabá, one in a small town, refreshed."""
    made = [
        complaint("resolved", score=5, classification="founded_attended"),
        complaint("resolved", score=4),
        complaint("not_resolved", score=2, classification="founded_not_attended"),
        complaint("unanswered", supplier=BETA, classification="founded_not_attended"),
        complaint("withdrawn"),
        complaint("resolved", score=3, problem="defect", channel="Loja física"),
        complaint("resolved", municipality=SMALL_TOWN),
    ]
    call_command("refresh_transparency", stdout=io.StringIO())
    return made


def published_month():
    """(year, month) of the latest closed complaint published."""
    from transparency.models import ClosedComplaint

    row = ClosedComplaint.objects.order_by("-closed_at").first()
    return row.year, row.month
