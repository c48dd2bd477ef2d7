"""Save and continue later: the step's own input kept unchecked (files checked),
the e-mail asked for with what the form already knows, the link reopening the
same step, and one reminder before the draft expires."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import OutboundEmail
from forms.demo import field, step
from forms.models import Attachment, Draft
from forms.reminders import DRAFT_REMINDER

from .conftest import fill
from .files import jpeg, upload

pytestmark = pytest.mark.django_db
STEP1 = {"nome": "Maria", "cpf": "52998224725", "email_contato": "maria@example.com"}
SAVE = {"continuar_depois": "1"}


def save_later(client, page, number, data, **extra):
    return client.post(f"{page.url}etapa/{number}/", {**data, **SAVE}, **extra)


def resume_link(body):
    return re.search(r"https?://[^/\s]+(/\S+/continuar/\?t=\S+)", body)[1]


def test_save_later_keeps_invalid_input_unchecked_and_asks_for_the_known_email(
    client, three_step_form
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    response = save_later(
        client,
        page,
        2,
        {"procurou": "Sim", "protocolo_sac": "SAC-123", "data_compra": "32/13/2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}salvar/"

    draft = Draft.objects.get()
    assert "1" not in draft.steps  # not an answered step: nothing checked it
    assert draft.later_steps["1"] == {
        "procurou": ["Sim"],
        "protocolo_sac": ["SAC-123"],
        "data_compra": ["32/13/2026"],
    }
    assert draft.resume_step == 2

    html = client.get(f"{page.url}salvar/").content.decode()
    assert 'value="maria@example.com"' in html  # from the field with the e-mail role
    expires = timezone.localtime(draft.expires_at)
    months = ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto"]
    months += ["setembro", "outubro", "novembro", "dezembro"]
    assert f"{expires.day} de {months[expires.month - 1]} de {expires.year}" in html

    # Back on the step: what was typed, without errors thrown at the citizen.
    html = client.get(f"{page.url}etapa/2/").content.decode()
    assert 'value="32/13/2026"' in html
    assert 'value="SAC-123"' in html
    assert "data-error-summary" not in html
    assert "<title>Erro" not in html


def test_the_link_reopens_the_step_saved_from_with_what_was_typed(
    client, three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    # Changing step 1 from the review, then leaving: the link leads back there,
    # not to the first step still to answer.
    save_later(client, page, 1, {**STEP1, "nome": "Maria Aparecida", "cpf": "123"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{page.url}salvar/", {"email": "outra@example.com"})
    assert "Enviamos um link" in response.content.decode()
    assert Draft.objects.get().email == "outra@example.com"
    assert mail.outbox[0].to == ["outra@example.com"]

    other_device = Client()
    response = other_device.get(resume_link(mail.outbox[0].body))
    assert response["Location"] == f"{page.url}etapa/1/"
    html = other_device.get(f"{page.url}etapa/1/").content.decode()
    assert 'value="Maria Aparecida"' in html
    assert 'value="123"' in html

    # Continuing checks the step; the unchecked copy goes and errors show.
    response = fill(other_device, page, 1, {**STEP1, "nome": "Maria Aparecida", "cpf": "123"})
    assert "data-error-summary" in response.content.decode()
    response = fill(other_device, page, 1, {**STEP1, "nome": "Maria Aparecida"})
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.later_steps == {} and draft.resume_step is None
    assert draft.steps["0"]["answers"]["nome"] == "Maria Aparecida"


def test_save_later_on_the_first_visit_starts_a_draft(client, three_step_form):
    page = three_step_form
    response = save_later(client, page, 1, {"nome": "Ma"})
    assert response["Location"] == f"{page.url}salvar/"
    draft = Draft.objects.get()
    assert draft.later_steps == {"0": {"nome": ["Ma"]}}
    html = client.get(f"{page.url}salvar/").content.decode()
    assert 'name="email"' in html and 'value="' not in html.split('name="email"')[1][:80]
    # What was typed in the e-mail field, even unchecked, is offered.
    save_later(client, page, 1, {"nome": "Ma", "email_contato": " maria@example "})
    html = client.get(f"{page.url}salvar/").content.decode()
    assert 'value="maria@example"' in html
    # The start page offers to continue it.
    start = client.get(page.url).content.decode()
    assert re.search(rf'href="{page.url}etapa/1/">Continuar de onde parei', start)


def test_a_filled_honeypot_keeps_nothing(client, three_step_form):
    save_later(client, three_step_form, 1, {"nome": "Bot", "website": "http://spam"})
    assert not Draft.objects.exists()


def test_save_later_is_rate_limited_like_any_step_post(client, three_step_form, settings):
    settings.FORMS_RATE_LIMIT_STEPS = "1/600"
    client.get(f"{three_step_form.url}etapa/1/")  # a browser's CSRF cookie: counted per browser
    save_later(client, three_step_form, 1, {"nome": "Maria"})
    response = save_later(client, three_step_form, 1, {"nome": "Maria Ap"})
    assert response.status_code == 429
    assert Draft.objects.get().later_steps["0"]["nome"] == ["Maria"]


@pytest.fixture
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def file_form(make_form, private_root):
    return make_form(
        [
            step(
                "Relato",
                [
                    field("multiline", "Conte o que aconteceu", "descricao", max_length=50),
                    field(
                        "file",
                        "Documentos",
                        "documentos",
                        kinds=["pdf", "jpeg"],
                        max_size_mb=1,
                        max_files=3,
                    ),
                ],
            )
        ]
    )


def test_files_sent_with_save_later_are_checked_and_kept(client, file_form):
    page = file_form
    too_long = "x" * 80  # over the field's limit: kept anyway
    response = save_later(
        client,
        page,
        1,
        {
            "descricao": too_long,
            "documentos": [jpeg("nota.jpg"), upload("virus.exe", b"MZ\x90\x00" * 50)],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Salvar e continuar depois" in html
    assert "“virus.exe”" in html and "não foi guardado" in html
    draft = Draft.objects.get()
    assert [a.original_name for a in Attachment.objects.filter(draft=draft)] == ["nota.jpg"]
    assert draft.later_steps["0"]["descricao"] == [too_long]

    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert too_long in html
    assert "nota.jpg" in html and "virus.exe" not in html


def test_save_page_and_save_post_query_counts(
    client, three_step_form, django_assert_max_num_queries
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    client.get(f"{page.url}etapa/2/")
    # On the route the GET kept (home/routing.py), with the settings kept: the
    # draft and its update.
    with django_assert_max_num_queries(2):
        save_later(client, page, 2, {"procurou": "Sim"})
    client.get(f"{page.url}salvar/")
    with django_assert_max_num_queries(1):  # the draft
        client.get(f"{page.url}salvar/")


def test_submit_forgets_the_address_and_what_was_left_unchecked(
    client, three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    save_later(client, page, 1, {**STEP1, "nome": ""})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page.url}salvar/", {"email": "maria@example.com"})
    assert Draft.objects.get().email == "maria@example.com"
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    draft = Draft.objects.get()
    assert draft.submission_id
    assert draft.email == "" and draft.later_steps == {}


# --- the reminder --------------------------------------------------------------------


def saved_draft(page, email="maria@example.com", expires_in=timedelta(days=1), **extra):
    return Draft.objects.create(
        page=page,
        steps={"0": {"raw": {"nome": ["Maria"]}, "answers": {"nome": "Maria"}}},
        email=email,
        expires_at=timezone.now() + expires_in,
        **extra,
    )


def reminders():
    return OutboundEmail.objects.filter(kind=DRAFT_REMINDER)


def run_reminders():
    out = io.StringIO()
    call_command("send_draft_reminders", stdout=out)
    return out.getvalue()


def test_reminder_is_sent_once_however_often_the_command_runs(
    three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    draft = saved_draft(page)
    with django_capture_on_commit_callbacks(execute=True):
        assert "1 reminder(s) queued" in run_reminders()
        assert "0 reminder(s) queued" in run_reminders()
        run_reminders()
    assert reminders().count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["maria@example.com"]
    assert "Formulário de teste" in message.subject
    assert "Maria" not in message.body  # the answers stay on the site
    draft.refresh_from_db()
    assert draft.reminder_sent_at is not None

    # The link in it reopens the draft.
    response = Client().get(resume_link(message.body))
    assert response["Location"] == f"{page.url}etapa/2/"


def test_reminder_waits_until_two_days_before_expiry(three_step_form):
    saved_draft(three_step_form, expires_in=timedelta(days=5))
    run_reminders()
    assert not reminders().exists()
    with time_machine.travel(timezone.now() + timedelta(days=3, hours=1)):
        run_reminders()
    assert reminders().count() == 1


def test_no_reminder_without_address_or_for_sent_or_expired_drafts(
    client, three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    saved_draft(page, email="")
    saved_draft(page, expires_in=timedelta(hours=-1))
    fill(client, page, 1, STEP1)
    fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    Draft.objects.filter(steps__has_key="1").update(email="maria@example.com")
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    assert Draft.objects.get(submission__isnull=False).email == ""  # erased on submit
    Draft.objects.filter(submission__isnull=False).update(email="maria@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert "0 reminder(s) queued" in run_reminders()
    assert not reminders().exists()
    assert mail.outbox == []


# --- privacy -------------------------------------------------------------------------


def test_a_privacy_search_finds_drafts_by_their_address_and_unchecked_input(three_step_form):
    from privacy import subjects

    page = three_step_form
    by_address = saved_draft(page, email="joana@example.com")
    by_unchecked = saved_draft(page, email="", later_steps={"0": {"cpf": ["111.444.777-35"]}})
    saved_draft(page, email="outra@example.com")
    assert subjects.unsent_drafts(subjects.Identity(email="Joana@example.com")) == [by_address]
    assert subjects.unsent_drafts(subjects.Identity(cpf="11144477735")) == [by_unchecked]
    exported = subjects.export(subjects.Identity(email="joana@example.com"))["unsent_forms"]
    assert exported[0]["continue_later_email"] == "joana@example.com"


def test_the_privacy_notice_says_what_drafts_and_the_device_keep(client, demo_content):
    html = client.get("/privacidade/").content.decode()
    for expected in (
        "Salvar e continuar depois",
        "lembrete",
        "sessionStorage",
        "nunca os arquivos",
    ):
        assert expected in html, expected
