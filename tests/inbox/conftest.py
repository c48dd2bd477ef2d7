import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from forms.demo import field, step
from forms.models import FormKind, Submission
from forms.protocol import ProtocolNumber, issuable
from forms.signals import submission_created
from inbox.permissions import ATTENDANTS, EDITORS, SUPERVISORS
from tests.forms import conftest as forms_fixtures

# Only sequences the site would issue: a protocol whose check digit rules it out
# is refused wherever staff or citizens type one.
_sequence = (n for n in itertools.count(1) if issuable(2026, n))

# The forms app's fixtures, shared here.
make_form = forms_fixtures.make_form
three_step_form = forms_fixtures.three_step_form
municipalities = forms_fixtures.municipalities


@pytest.fixture
def complaint_form(make_form):
    return make_form(
        [
            step(
                "Identificação",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("email", "E-mail", "email", role="consumer_email"),
                ],
            ),
            step("Reclamação", [field("multiline", "O que aconteceu?", "relato")]),
        ],
        slug="reclamacao",
        kind=FormKind.COMPLAINT,
    )


@pytest.fixture
def make_submission(complaint_form):
    """A stored submission, its case opened the way the submit transaction does it."""

    def build(page=None, kind=None, **columns):
        page = page or complaint_form
        number = ProtocolNumber(2026, next(_sequence))
        values = {
            "consumer_name": "Maria da Silva",
            "consumer_cpf": "52998224725",
            "consumer_email": "maria@example.com",
            "consumer_municipality": "5103403",
            "supplier_name": "Loja Exemplo",
            "supplier_cnpj": "11222333000181",
            **columns,
        }
        with transaction.atomic():
            submission = Submission.objects.create(
                page=page,
                form_data={"nome": values["consumer_name"], "relato": "A TV não liga."},
                protocol=str(number),
                year=number.year,
                sequence=number.sequence,
                kind=kind or page.kind,
                schema=page.definition.schema(),
                access_code_hash="x",
                **values,
            )
            submission_created.send(sender=Submission, submission=submission)
        return submission

    return build


def ensure_roles():
    """The role groups as the migration makes them (a flushing transactional test
    empties the tables the migration filled). Run against the migration's own
    historical models, as `migrate` would."""
    from importlib import import_module

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    if not Group.objects.filter(name=ATTENDANTS).exists():
        state = MigrationLoader(connection).project_state(("inbox", "0002_roles"))
        import_module("inbox.migrations.0002_roles").create_groups(state.apps, None)
        state = MigrationLoader(connection).project_state(
            ("supplier_enrolment", "0003_supervisors_manage_suppliers")
        )
        import_module("supplier_enrolment.migrations.0003_supervisors_manage_suppliers").grant(
            state.apps, None
        )
        state = MigrationLoader(connection).project_state(
            ("inbox", "0011_move_audit_log_to_wagtail")
        )
        import_module("inbox.migrations.0011_move_audit_log_to_wagtail").grant(state.apps, None)


def member(django_user_model, username, group_name=None, **extra):
    user = django_user_model.objects.create_user(
        username, f"{username}@procon.example", "senha-123", first_name=username.title(), **extra
    )
    if group_name:
        ensure_roles()
        user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return member(django_user_model, "editora", EDITORS)


@pytest.fixture
def attendant(db, django_user_model):
    return member(django_user_model, "atendente", ATTENDANTS)


@pytest.fixture
def other_attendant(db, django_user_model):
    return member(django_user_model, "colega", ATTENDANTS)


@pytest.fixture
def supervisor(db, django_user_model):
    return member(django_user_model, "supervisora", SUPERVISORS)
