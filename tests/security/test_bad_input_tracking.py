"""Hostile input on the citizen tracking pages (/acompanhar/), once that app is
installed: the protocol and code form, the e-mailed link form, link tokens, and
what a proven citizen posts on their case. Never a server error, nothing stored
when refused, no markup reflected."""

import time
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from core.models import OutboundEmail
from inbox.models import CaseEvent

from .test_bad_input import EXAMPLES, TEXT, assert_not_reflected

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("tracking"), reason="no tracking app"),
]


@EXAMPLES
@given(protocol=TEXT, code=TEXT, trap=st.one_of(st.just(""), TEXT))
def test_protocol_and_code(db, protocol, code, trap):
    cache.clear()
    response = Client().post(
        "/acompanhar/", {"protocol": protocol, "access_code": code, "website": trap}
    )
    assert response.status_code in (200, 302, 400, 429)
    assert_not_reflected(response)
    if response.status_code == 302:
        assert "/acompanhar/caso/" not in response["Location"]  # nothing was opened


@EXAMPLES
@given(email=TEXT)
def test_link_request(db, email):
    cache.clear()
    before = OutboundEmail.objects.count()
    response = Client().post("/acompanhar/link/", {"email": email})
    assert response.status_code in (200, 302, 400, 429)
    assert_not_reflected(response)
    assert OutboundEmail.objects.count() == before  # no case has any of these addresses


@EXAMPLES
@given(token=TEXT)
def test_link_tokens(db, token):
    safe = quote(token[:500] or "x", safe="")  # the whole token in one path segment
    response = Client().get(f"/acompanhar/link/{safe}/")
    assert response.status_code in (400, 404)
    assert_not_reflected(response)


@pytest.fixture
def proven_case(db):
    from tests.security.conftest import complaint_form, sent

    page = complaint_form()
    _draft, submission = sent(page, "Alice Vítima", "alice@example.com")
    return submission


@EXAMPLES
@given(text=TEXT, extra=st.dictionaries(st.sampled_from(["text", "x", "reason"]), TEXT))
def test_a_proven_citizen_posting_hostile_replies(proven_case, text, extra):
    from tracking import access

    cache.clear()
    client = Client()
    session = client.session
    session[access.SESSION_KEY] = {"ids": [proven_case.pk], "at": time.time()}
    session.save()
    before = CaseEvent.objects.filter(case__submission=proven_case).count()
    url = f"/acompanhar/caso/{proven_case.protocol}/"
    response = client.post(url, {**extra, "text": text})
    assert response.status_code in (200, 302, 400, 429)
    assert_not_reflected(response)
    if response.status_code != 302:
        assert CaseEvent.objects.filter(case__submission=proven_case).count() == before
