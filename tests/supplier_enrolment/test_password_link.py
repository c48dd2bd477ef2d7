"""A representative who forgot the password, or whose first link expired, asks
for a new one on the sign-in page (/fornecedor/senha/nova/)."""

import re

import pytest
from django.core import mail

from core.models import OutboundEmail
from supplier_enrolment.area import LINKS_PER_EMAIL
from supplier_enrolment.enrolment import SET_PASSWORD_EMAIL, revoke

from .conftest import CNPJ_X, CNPJ_Y, PASSWORD, choose_password, representative_of

pytestmark = pytest.mark.django_db

URL = "/fornecedor/senha/nova/"
SENT = "/fornecedor/senha/nova/enviado/"
NEW = "Nova-senha-segura-2026"


def links_to(email):
    return OutboundEmail.objects.filter(kind=SET_PASSWORD_EMAIL, to=email).count()


def ask(client, email):
    """Ask for a link as a browser does: the accepted request lands on the notice."""
    return client.post(URL, {"email": email}, follow=True)


@pytest.fixture
def rep_x(db):
    representative = representative_of(CNPJ_X, "rep@x.example", "Empresa X")
    OutboundEmail.objects.all().delete()  # the enrolment's own link
    return representative


def test_the_sign_in_page_and_an_expired_link_lead_here(client, rep_x):
    assert URL in client.get("/fornecedor/").content.decode()
    assert URL in client.get("/fornecedor/senha/MQ/forjado/").content.decode()


def test_a_representative_gets_a_working_link_and_the_old_password_until_then(
    client, rep_x, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, "REP@x.example")  # any case
    assert response.status_code == 200
    assert response.redirect_chain == [(SENT, 302)]
    assert "Confira o seu e-mail" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    (message,) = [m for m in mail.outbox if m.to == ["rep@x.example"]]
    assert "Empresa X" in message.body and "3" in message.body
    link = re.search(r"https?://\S+(/fornecedor/senha/[^/\s]+/[^/\s]+/)", message.body)[1]

    # Asking changes nothing: the old password works until a new one is chosen.
    rep_x.user.refresh_from_db()
    assert rep_x.user.check_password(PASSWORD)
    assert choose_password(client, link, NEW).status_code == 302
    assert choose_password(client, link, NEW).status_code == 400  # once
    signed_in = client.post(
        "/fornecedor/", {"entrar-email": "rep@x.example", "entrar-password": NEW}
    )
    assert signed_in.status_code == 302


def test_the_answer_says_nothing_about_who_is_a_representative(client, rep_x):
    representative_of(CNPJ_Y, "rep@y.example", "Empresa Y")
    revoke(representative_of(CNPJ_Y, "ex@y.example", "Empresa Y"))
    OutboundEmail.objects.all().delete()
    answers = {
        email: ask(client, email)
        for email in ("rep@x.example", "ninguem@z.example", "ex@y.example")
    }
    bodies = {email: response.content.decode() for email, response in answers.items()}
    assert {response.status_code for response in answers.values()} == {200}
    assert {tuple(response.redirect_chain) for response in answers.values()} == {((SENT, 302),)}
    assert bodies["rep@x.example"] == bodies["ninguem@z.example"] == bodies["ex@y.example"]
    assert (
        "Empresa X" not in bodies["rep@x.example"]
        and "rep@x.example" not in bodies["rep@x.example"]
    )
    assert links_to("rep@x.example") == 1
    assert links_to("ninguem@z.example") == 0
    assert links_to("ex@y.example") == 0  # revoked: no link


def test_staff_accounts_get_no_link_here(client, rep_x, django_user_model):
    django_user_model.objects.create_user("chefe", "chefe@procon.example", "x", is_staff=True)
    assert ask(client, "chefe@procon.example").status_code == 200
    assert OutboundEmail.objects.count() == 0


def test_a_bad_email_is_refused_in_portuguese_and_nothing_is_sent(client, rep_x):
    response = ask(client, "isto não é e-mail")
    assert response.status_code == 400
    assert "Informe um endereço de email válido" in response.content.decode()
    assert OutboundEmail.objects.count() == 0


def test_nobody_can_fill_a_representatives_mailbox(client, rep_x):
    for number in range(LINKS_PER_EMAIL + 3):
        other = client.__class__(REMOTE_ADDR=f"10.0.3.{number}")
        assert ask(other, "rep@x.example").status_code == 200  # the same neutral answer
    assert links_to("rep@x.example") == LINKS_PER_EMAIL


def test_requests_are_rate_limited_per_address(client, rep_x):
    from supplier_enrolment import area

    for number in range(area.ATTEMPTS_PER_ADDRESS):
        assert ask(client, f"pessoa{number}@z.example").status_code == 200
    response = ask(client, "rep@x.example")
    assert response.status_code == 429 and response["Retry-After"]
    assert links_to("rep@x.example") == 0


def test_the_page_does_the_same_work_whoever_the_email_belongs_to(client, rep_x, settings):
    """A representative's e-mail and anybody else's cost the page the same
    statements; the e-mail itself is written by the task."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tasks import default_task_backend

    from supplier_enrolment.tasks import send_password_link

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ask(client, "primeiro@z.example")  # the first page read the settings and kept them
    default_task_backend.clear()
    shapes = {}
    for email in ("rep@x.example", "ninguem@z.example"):
        with CaptureQueriesContext(connection) as queries:
            assert ask(client, email).status_code == 200
        shapes[email] = [re.sub(r"'[^']*'|\d+", "?", q["sql"]) for q in queries]
    assert shapes["rep@x.example"] == shapes["ninguem@z.example"]
    assert OutboundEmail.objects.count() == 0  # nothing written by the page itself
    enqueued = [result.args for result in default_task_backend.results]
    assert enqueued == [[rep_x.pk], [None]]

    send_password_link.call(None)
    assert OutboundEmail.objects.count() == 0
    send_password_link.call(rep_x.pk)
    assert links_to("rep@x.example") == 1
