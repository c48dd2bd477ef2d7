"""Abuse protection without CAPTCHA: honeypot and rate limits per client."""

import re

import pytest
from django.test import Client, RequestFactory, override_settings

from core.http import client_address as client_ip
from forms.models import Draft, Submission

from .conftest import fill

pytestmark = pytest.mark.django_db
STEP1 = {"nome": "Maria", "cpf": "52998224725", "email_contato": "maria@example.com"}
STEP2 = {"procurou": "Não", "data_compra": "2026-01-15"}


def test_honeypot_is_on_every_step_hidden_from_people_and_assistive_tech(client, three_step_form):
    html = client.get(f"{three_step_form.url}etapa/1/").content.decode()
    block = re.search(r'<div class="hp-field" aria-hidden="true">(.*?)</div>', html, re.S)[1]
    assert 'name="website"' in block
    assert 'tabindex="-1"' in block and 'autocomplete="off"' in block
    assert "Deixe este campo vazio" in block


def test_filled_honeypot_on_a_step_looks_accepted_but_keeps_nothing(client, three_step_form):
    page = three_step_form
    response = fill(client, page, 1, {**STEP1, "website": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == f"{page.url}etapa/2/"
    assert not Draft.objects.exists()


def test_filled_honeypot_on_submit_is_dropped(client, three_step_form):
    page = three_step_form
    fill(client, page, 1, STEP1)
    fill(client, page, 2, STEP2)
    response = client.post(
        f"{page.url}revisar/", {"declaration_confirmed": "on", "website": "spam"}, follow=True
    )
    assert response.status_code == 200
    assert not Submission.objects.exists()


def browser(page):
    """A client that opened the form, so its posts carry a CSRF cookie as a browser's do."""
    visitor = Client()
    visitor.get(f"{page.url}etapa/1/")
    assert visitor.cookies.get("csrftoken")
    return visitor


def test_step_posts_over_the_limit_get_a_429_page(three_step_form, settings):
    settings.FORMS_RATE_LIMIT_STEPS = "3/600"
    page = three_step_form
    client = browser(page)
    for _ in range(3):
        assert fill(client, page, 1, STEP1).status_code == 302
    response = fill(client, page, 1, STEP1)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Muitas tentativas" in html and "Aguarde 10 minutos" in html
    # Reading pages is not limited.
    assert client.get(f"{page.url}etapa/1/").status_code == 200


def test_final_submits_over_the_limit_get_a_429_page(three_step_form, settings):
    settings.FORMS_RATE_LIMIT_SUBMITS_ADDRESS = "1/3600"
    page = three_step_form
    first, second = Client(), Client()  # one machine throwing its cookies away
    for citizen in (first, second):
        fill(citizen, page, 1, STEP1)
        fill(citizen, page, 2, STEP2)
    assert first.post(f"{page.url}revisar/", {"declaration_confirmed": "on"}).status_code == 302
    response = second.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    assert response.status_code == 429
    assert "Aguarde 60 minutos" in response.content.decode()
    assert Submission.objects.count() == 1


def test_limits_count_per_client_address_behind_a_proxy(three_step_form, settings):
    settings.FORMS_RATE_LIMIT_STEPS_ADDRESS = "2/600"
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    page = three_step_form
    a = Client(HTTP_X_FORWARDED_FOR="forged, 200.1.1.1")
    b = Client(HTTP_X_FORWARDED_FOR="200.2.2.2")
    for _ in range(2):
        assert fill(a, page, 1, STEP1).status_code == 302
    assert fill(a, page, 1, STEP1).status_code == 429
    assert fill(b, page, 1, STEP1).status_code == 302
    # A client changing the part of the header our proxy does not write gains nothing.
    c = Client(HTTP_X_FORWARDED_FOR="other, 200.1.1.1")
    assert fill(c, page, 1, STEP1).status_code == 429


def test_client_ip_without_a_proxy_header_is_the_socket_address():
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_ip(request) == "10.1.2.3"
    with override_settings(CLIENT_IP_HEADER="HTTP_X_REAL_IP"):
        request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="189.5.5.5")
        assert client_ip(request) == "189.5.5.5"


def test_thirty_people_behind_one_carrier_address_all_submit(three_step_form, settings):
    """Carrier-grade NAT: a city's phones share an address. Each person is
    limited at their own pace; the address limit is for floods."""
    settings.FORMS_RATE_LIMIT_STEPS = "60/600"
    settings.FORMS_RATE_LIMIT_SUBMITS = "1/3600"
    settings.FORMS_RATE_LIMIT_STEPS_ADDRESS = "1200/600"
    settings.FORMS_RATE_LIMIT_SUBMITS_ADDRESS = "100/3600"
    page = three_step_form
    people = [browser(page) for _ in range(30)]
    for person in people:
        assert fill(person, page, 1, STEP1).status_code == 302
        assert fill(person, page, 2, STEP2).status_code == 302
        assert (
            person.post(f"{page.url}revisar/", {"declaration_confirmed": "on"}).status_code == 302
        )
    assert Submission.objects.count() == 30
    # One of them sending again within the hour is over their own limit.
    again = people[0]
    again.get(f"{page.url}etapa/1/")
    fill(again, page, 1, STEP1)
    fill(again, page, 2, STEP2)
    assert again.post(f"{page.url}revisar/", {"declaration_confirmed": "on"}).status_code == 429
    assert Submission.objects.count() == 30
