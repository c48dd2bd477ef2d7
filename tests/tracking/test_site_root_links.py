"""Absolute links in e-mails and letters come from the default Wagtail Site."""

import io
import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from wagtail.models import Site

from forms.emails import tracking_url
from home.links import absolute_url, site_root_url
from inbox import workflow
from inbox.cases import send_message
from supplier_enrolment.letters import answer_address

pytestmark = pytest.mark.django_db


def set_root(url):
    out = io.StringIO()
    call_command("set_site_root", url, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("url", "hostname", "port", "root"),
    [
        ("http://127.0.0.1:8102", "127.0.0.1", 8102, "http://127.0.0.1:8102"),
        ("http://127.0.0.1:8102/", "127.0.0.1", 8102, "http://127.0.0.1:8102"),
        ("https://procon.mt.gov.br", "procon.mt.gov.br", 443, "https://procon.mt.gov.br"),
        ("http://localhost", "localhost", 80, "http://localhost"),
    ],
)
def test_set_site_root_sets_the_default_site(url, hostname, port, root):
    assert root in set_root(url)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == (hostname, port)
    assert site_root_url() == root
    assert absolute_url("/acompanhar/") == root + "/acompanhar/"


@pytest.mark.parametrize(
    "url",
    ["procon.mt.gov.br", "ftp://procon.mt.gov.br", "https://procon.mt.gov.br:8443",
     "http://x:443", "http://procon.mt.gov.br/site/", "http://host:port"],
)  # fmt: skip
def test_set_site_root_refuses_what_wagtail_cannot_serve(url):
    before = Site.objects.values_list("hostname", "port").get(is_default_site=True)
    with pytest.raises(CommandError):
        set_root(url)
    assert Site.objects.values_list("hostname", "port").get(is_default_site=True) == before


def test_emails_and_letters_link_to_the_port_the_site_runs_on(
    make_case, attendant, django_capture_on_commit_callbacks
):
    set_root("http://127.0.0.1:8102")
    case = make_case()
    attendant.email = "atendente@example.com"
    attendant.save()
    case.assignee = attendant
    case.save(update_fields=["assignee"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.apply(case, "accept", attendant)
        send_message(case, attendant, "Olá, Maria.")
    case_page = f"http://127.0.0.1:8102/acompanhar/caso/{case.submission.protocol}/"
    citizen = [m for m in mail.outbox if m.to == [case.submission.consumer_email]]
    assert citizen and all(case_page in m.body for m in citizen)
    links = {link for m in mail.outbox for link in re.findall(r"https?://[^\s/]+", m.body)}
    assert links == {"http://127.0.0.1:8102"}
    assert tracking_url() == "http://127.0.0.1:8102/acompanhar/"
    assert answer_address() == "http://127.0.0.1:8102/fornecedor/"


def test_tracking_link_email_uses_the_site_root(
    make_case, client, django_capture_on_commit_callbacks
):
    set_root("http://127.0.0.1:8102")
    make_case()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/acompanhar/link/", {"email": "maria@example.com"})
    assert re.search(r"http://127\.0\.0\.1:8102/acompanhar/link/\S+/", mail.outbox[-1].body)
