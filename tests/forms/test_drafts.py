"""Drafts: kept in the database, resumable by email link, expiring, cleaned up."""

import io
import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from forms.models import Draft, Submission

from .conftest import fill

pytestmark = pytest.mark.django_db
STEP1 = {"nome": "Maria", "cpf": "52998224725", "email_contato": "maria@example.com"}


def test_draft_lives_in_the_database_not_the_session(client, three_step_form):
    fill(client, three_step_form, 1, STEP1)
    draft = Draft.objects.get()
    assert draft.steps["0"]["raw"]["cpf"] == ["52998224725"]
    assert draft.steps["0"]["answers"]["cpf"] == "529.982.247-25"
    assert draft.expires_at > timezone.now() + timedelta(days=6)
    assert "sessionid" not in client.cookies


def test_save_for_later_emails_a_link_that_resumes_elsewhere(
    client, three_step_form, settings, django_capture_on_commit_callbacks
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{page.url}salvar/", {"email": "maria@example.com"})
    assert response.status_code == 200
    assert "Enviamos um link" in response.content.decode()
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "Maria" not in body and "529.982.247-25" not in body
    link = re.search(r"http://testserver(/\S+/continuar/\?t=\S+)", body)[1]

    other_device = Client()
    response = other_device.get(link)
    assert response["Location"] == f"{page.url}etapa/2/"
    html = other_device.get(f"{page.url}etapa/1/").content.decode()
    assert 'value="Maria"' in html


def test_save_for_later_validates_and_limits(
    client, three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    fill(client, page, 1, STEP1)
    response = client.post(f"{page.url}salvar/", {"email": "não é e-mail"})
    assert "data-error-summary" in response.content.decode()
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{page.url}salvar/", {"email": "maria@example.com"})
    response = client.post(f"{page.url}salvar/", {"email": "maria@example.com"})
    assert "Muitas solicitações" in response.content.decode()
    assert len(mail.outbox) == 5


def test_bad_or_expired_resume_links_start_again(
    client, three_step_form, django_capture_on_commit_callbacks
):
    page = three_step_form
    response = client.get(f"{page.url}continuar/?t=nao-e-um-token", follow=True)
    assert "expirou" in response.content.decode()
    fill(client, page, 1, STEP1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{page.url}salvar/", {"email": "maria@example.com"})
    link = re.search(r"http://testserver(/\S+/continuar/\?t=\S+)", mail.outbox[0].body)[1]
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        response = Client().get(link)
    assert response["Location"] == page.url


def test_expired_draft_is_not_resumed_and_is_cleaned_up(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert client.get(f"{page.url}etapa/2/")["Location"] == f"{page.url}etapa/1/"
        out = io.StringIO()
        call_command("cleanup_drafts", stdout=out)
    assert "deleted 1" in out.getvalue()
    assert not Draft.objects.exists()


def test_cleanup_keeps_live_drafts(client, three_step_form):
    fill(client, three_step_form, 1, STEP1)
    out = io.StringIO()
    call_command("cleanup_drafts", "--dry-run", stdout=out)
    call_command("cleanup_drafts", stdout=out)
    assert Draft.objects.count() == 1


def test_step_query_count_is_bounded(client, three_step_form, django_assert_max_num_queries):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    # The first GET of an address: Wagtail's routing (the site, the active locale,
    # the page and its ancestors, aliases, view restrictions: 7), the agency
    # settings (the state's municipalities), the draft, the page's translations
    # for the language switcher (kept afterwards) and, first in a process, the
    # ids of the English and Spanish locales (home/i18n.py).
    with django_assert_max_num_queries(12):
        client.get(f"{page.url}etapa/2/")
    # The route that GET kept (home/routing.py) and the settings kept
    # (AgencySettings.for_site_id): the draft and its update.
    with django_assert_max_num_queries(2):
        fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    # A new address: routing (7), the draft and the page's translations for the
    # language switcher.
    with django_assert_max_num_queries(9):
        client.get(f"{page.url}revisar/")
    # The submit writes the submission, the year's counter (created here), the
    # inbox case and its opening event, and the receipt in the e-mail outbox with
    # its link on the site's root, after reading who the form tells of new
    # submissions (16), besides the draft every step reads on a kept route: a
    # constant amount of work, however many fields the form has.
    with django_assert_max_num_queries(17):
        client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_submits_get_fifty_protocols(three_step_form):
    page = three_step_form
    clients = []
    for _ in range(50):
        citizen = Client()
        fill(citizen, page, 1, STEP1)
        fill(citizen, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
        clients.append(citizen)
    barrier = threading.Barrier(len(clients))
    statuses, errors = [], []

    def send(citizen):
        try:
            barrier.wait()
            response = citizen.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
            statuses.append(response.status_code)
            # A replay of the same submit creates nothing new.
            citizen.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert statuses == [302] * 50
    protocols = list(Submission.objects.values_list("protocol", flat=True))
    assert len(protocols) == 50 == len(set(protocols))
