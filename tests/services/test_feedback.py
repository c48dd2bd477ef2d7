"""'Was this page useful?': stored on valid input only, rate-limited, shown to editors."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from services.models import PageFeedback

pytestmark = pytest.mark.django_db

URL = "/orientacoes/direito-de-arrependimento/avaliacao/"
PAGE = "/orientacoes/direito-de-arrependimento/"


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def test_valid_answer_is_stored_and_reader_goes_back(client, section):
    response = client.post(URL, {"useful": "sim", "comment": "  Muito claro.  "})
    assert response.status_code == 302
    assert response["Location"] == PAGE + "?avaliacao=1#avaliacao"
    feedback = PageFeedback.objects.get()
    assert feedback.page_id == section.withdrawal.pk
    assert feedback.useful is True
    assert feedback.comment == "Muito claro."
    html = client.get(response["Location"]).content.decode()
    assert "Obrigado! Sua resposta nos ajuda a melhorar esta página." in html


def test_no_answer_without_a_choice(client, section):
    response = client.post(URL, {"comment": "Sem escolha"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Há um problema" in html
    assert '<a href="#id_useful_0">Escolha “Sim” ou “Não”.</a>' in html
    assert "Sem escolha" in html  # what the reader typed is kept
    assert PageFeedback.objects.count() == 0


def test_comment_is_length_limited(client, section):
    response = client.post(URL, {"useful": "nao", "comment": "x" * 501})
    assert response.status_code == 400
    assert "Escreva no máximo 500 caracteres (você escreveu 501)." in response.content.decode()
    assert PageFeedback.objects.count() == 0
    assert client.post(URL, {"useful": "nao", "comment": "x" * 500}).status_code == 302


def test_unknown_choice_is_refused(client, section):
    assert client.post(URL, {"useful": "talvez"}).status_code == 400
    assert PageFeedback.objects.count() == 0


def test_filled_honeypot_stores_nothing(client, section):
    response = client.post(URL, {"useful": "sim", "website": "http://spam.example"})
    assert response.status_code == 302
    assert PageFeedback.objects.count() == 0


def test_get_goes_back_to_the_page(client, section):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == PAGE


def test_csrf_is_required(section):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, {"useful": "sim"}).status_code == 403
    assert PageFeedback.objects.count() == 0


@override_settings(FEEDBACK_RATE_LIMIT=3, FEEDBACK_RATE_PERIOD=60)
def test_rate_limit_per_address(client, section):
    for _ in range(3):
        assert client.post(URL, {"useful": "sim"}).status_code == 302
    response = client.post(URL, {"useful": "sim"})
    assert response.status_code == 429
    assert "Você enviou muitas respostas em pouco tempo" in response.content.decode()
    assert PageFeedback.objects.count() == 3
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(URL, {"useful": "nao"}).status_code == 302
    assert PageFeedback.objects.count() == 4


def test_form_is_on_guidance_pages(client, section):
    html = client.get(PAGE).content.decode()
    assert f'action="{URL}#avaliacao"' in html
    assert "Esta página foi útil?" in html
    assert 'name="csrfmiddlewaretoken"' in html


def add_feedback(section):
    PageFeedback.objects.create(page=section.withdrawal, useful=True, comment="Ótimo")
    PageFeedback.objects.create(page=section.withdrawal, useful=False, comment="")
    PageFeedback.objects.create(page=section.withdrawal, useful=True, comment="")
    PageFeedback.objects.create(page=section.charges, useful=False, comment="Confuso")


def test_editors_see_the_summary_report(admin_client, section):
    add_feedback(section)
    response = admin_client.get(reverse("services_feedback_summary"))
    assert response.status_code == 200
    rows = {page.title: page for page in response.context["object_list"]}
    withdrawal = rows["Direito de arrependimento"]
    assert (withdrawal.useful_count, withdrawal.not_useful_count, withdrawal.comment_count) == (
        2,
        1,
        1,
    )
    charges = rows["Cobrança indevida"]
    assert (charges.useful_count, charges.not_useful_count, charges.comment_count) == (0, 1, 1)
    export = admin_client.get(reverse("services_feedback_summary") + "?export=csv")
    assert "Direito de arrependimento,2,1,1" in export.getvalue().decode()


def test_editors_see_each_answer_and_can_filter(admin_client, section):
    add_feedback(section)
    url = reverse("page_feedback:index")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ótimo" in html and "Confuso" in html
    response = admin_client.get(url, {"page": section.charges.pk})
    html = response.content.decode()
    assert "Confuso" in html and "Ótimo" not in html
    # Nobody adds or edits readers' answers in the admin.
    assert admin_client.get(reverse("page_feedback:add")).status_code == 302
    feedback = PageFeedback.objects.first()
    assert admin_client.get(reverse("page_feedback:edit", args=[feedback.pk])).status_code == 302


def test_editors_group_can_read_feedback(client, django_user_model, section):
    add_feedback(section)
    editor = django_user_model.objects.create_user("editora", password="x")
    editor.groups.add(Group.objects.get(name="Editores de conteúdo"))
    client.force_login(editor)
    assert client.get(reverse("services_feedback_summary")).status_code == 200
    assert client.get(reverse("page_feedback:index")).status_code == 200


def test_users_without_permission_do_not_see_feedback(client, django_user_model, section):
    user = django_user_model.objects.create_user("visitante", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("services_feedback_summary")).status_code == 302
    assert client.get(reverse("page_feedback:index")).status_code == 302


@override_settings(FEEDBACK_RATE_LIMIT=1, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_rate_limit_behind_a_proxy_uses_the_address_the_proxy_appended(section):
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    first = {"HTTP_X_FORWARDED_FOR": "6.6.6.6, 200.1.1.1"}
    assert proxy.post(URL, {"useful": "sim"}, **first).status_code == 302
    # A forged first entry does not buy a fresh allowance.
    forged = {"HTTP_X_FORWARDED_FOR": "7.7.7.7, 200.1.1.1"}
    assert proxy.post(URL, {"useful": "sim"}, **forged).status_code == 429
    # Another reader behind the same proxy is counted apart.
    other = {"HTTP_X_FORWARDED_FOR": "200.2.2.2"}
    assert proxy.post(URL, {"useful": "sim"}, **other).status_code == 302
