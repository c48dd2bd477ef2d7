"""Citizen e-mails point at the case page, never carrying the access code."""

import pytest
from django.core import mail
from django.urls import reverse

from forms.emails import tracking_url
from inbox import workflow
from inbox.cases import send_message

pytestmark = pytest.mark.django_db


def test_tracking_url_matches_the_case_route(settings):
    assert settings.TRACKING_PATH == "/acompanhar/"
    protocol = "2026.000123-4"
    assert tracking_url(protocol) == "http://localhost" + reverse(
        "tracking:case", kwargs={"protocol": protocol}
    )
    assert tracking_url() == "http://localhost" + reverse("tracking:start")
    settings.TRACKING_PATH = ""
    assert tracking_url(protocol) == ""


def test_status_and_message_emails_link_to_the_case_page(
    make_case, attendant, django_capture_on_commit_callbacks
):
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(case, "accept", attendant)
        send_message(case, attendant, "Olá, Maria.")
    assert len(mail.outbox) == 2
    url = f"http://localhost/acompanhar/caso/{case.submission.protocol}/"
    for message in mail.outbox:
        assert url in message.body
        assert "ABCDE" not in message.body  # the access code is never in the link


def test_demo_home_and_menu_link_to_tracking(client, demo_content):
    html = client.get("/").content.decode()
    assert 'href="/acompanhar/"' in html
    assert "Acompanhar o seu caso" in html
