"""The world the access matrix runs in: two citizens, a colleague's case, staff.

Built once per module inside a transaction that is rolled back at the end; each
test runs in its own savepoint (pytest-django's `db`), so what one test changes
is undone before the next.
"""

import hashlib

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.test import override_settings

from core.models import OutboundEmail
from forms import engine
from forms.demo import field, step
from forms.models import DRAFT_SALT, Attachment, Draft, FormKind, FormPage
from forms.submission import submit
from home.demo import default_site
from inbox.permissions import ATTENDANTS, EDITORS, SUPERVISORS
from tests.inbox.conftest import member

from . import matrix

CITIZENS = {
    "citizen_a": ("Alice Vítima", "alice@example.com"),
    "citizen_b": ("Bruno Outro", "bruno@example.com"),
}


def complaint_form():
    _site, home = default_site()
    page = home.add_child(
        instance=FormPage(
            title="Reclamação",
            slug="reclamacao-matriz",
            kind=FormKind.COMPLAINT,
            steps=[
                step(
                    "Identificação",
                    [
                        field("singleline", "Nome", "nome", role="consumer_name"),
                        field("email", "E-mail", "email", role="consumer_email"),
                    ],
                ),
                step("Reclamação", [field("multiline", "O que aconteceu?", "relato")]),
            ],
        )
    )
    page.save_revision().publish()
    return FormPage.objects.get(pk=page.pk)


def attach(submission, text):
    content = b"%PDF-1.4\n" + text.encode()
    name = storages["private"].save("anexos/doc.pdf", ContentFile(content))
    return Attachment.objects.create(
        submission=submission,
        field_key="documentos",
        original_name="documento.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        storage_name=name,
    )


def draft_of(page, name, email):
    """A completed draft, as the steps store it (built directly: the form journeys
    themselves are tested in tests/forms/)."""
    raw = [{"nome": name, "email": email}, {"relato": f"Relato de {name}"}]
    return Draft.objects.create(
        page=page,
        steps={
            str(index): {"raw": {key: [value] for key, value in data.items()}, "answers": data}
            for index, data in enumerate(raw)
        },
    )


def sent(page, name, email):
    draft = draft_of(page, name, email)
    validation = engine.validate_all(page.definition, draft.steps, page.form_context())
    assert validation.answers, "the matrix's draft no longer validates"
    submission, _created = submit(draft, validation)
    return draft, submission


def cookie(draft):
    return signing.TimestampSigner(salt=DRAFT_SALT).sign(str(draft.pk))


def build_world(django_user_model):
    page = complaint_form()
    attendant = member(django_user_model, "atendente", ATTENDANTS)
    other_attendant = member(django_user_model, "colega", ATTENDANTS)
    data = {
        "page": page,
        "users": {
            "editor": member(django_user_model, "editora", EDITORS),
            "attendant": attendant,
            "attendant_of_other_case": attendant,
            "supervisor": member(django_user_model, "supervisora", SUPERVISORS),
        },
        "names": {},
    }
    for role, (name, email) in CITIZENS.items():
        sent_draft, submission = sent(page, name, email)
        draft = draft_of(page, name, email)
        data[f"{role}_sent_cookie"] = cookie(sent_draft)
        data[f"{role}_draft"] = draft
        data[f"{role}_cookie"] = cookie(draft)
        data[f"{role}_submission"] = submission
        data["names"][role] = name
    a = data["citizen_a_submission"]
    data["case_a"] = a.case
    data["attachment_a"] = attach(a, "Alice Vítima")
    _draft, taken = sent(page, "Tânia Tomada", "tania@example.com")
    taken.case.assignee = other_attendant
    taken.case.save()
    data["case_taken"] = taken.case
    data["attachment_taken"] = attach(taken, "Tânia Tomada")
    data["failed_email"] = OutboundEmail.objects.create(
        kind="receipt",
        to="alice@example.com",
        subject="Alice Vítima",
        about=a,
        status=OutboundEmail.Status.FAILED,
        attempts=5,
    )
    for build in matrix.WORLD_BUILDERS:
        build(data)
    return data


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.contrib.auth import get_user_model

    storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path_factory.mktemp("private"))},
    }
    from django.conf import settings

    with (
        override_settings(STORAGES={**settings.STORAGES, "private": storage}),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield build_world(get_user_model())
        transaction.set_rollback(True)


@pytest.fixture
def world(shared_world, db):
    return shared_world


def target_case(world, role):
    return world["case_taken"] if role == "attendant_of_other_case" else world["case_a"]


def victim_name(world, role):
    return "Tânia Tomada" if role == "attendant_of_other_case" else "Alice Vítima"


def prepare(client, world, role, draft="open"):
    """Make `client` act as `role`."""
    if role in world["users"]:
        client.force_login(world["users"][role])
    elif role in ("citizen_a", "citizen_b"):
        key = f"{role}_cookie" if draft == "open" else f"{role}_sent_cookie"
        client.cookies[world["page"].draft_cookie_name()] = world[key]
        for setup in matrix.CITIZEN_SETUPS:
            setup(client, world, role)
    elif role in matrix.ROLE_SETUPS:
        matrix.ROLE_SETUPS[role](client, world)
