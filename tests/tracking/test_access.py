"""Opening a protocol: code, e-mailed link, and what a stranger gets."""

import re

import pytest
import time_machine
from django.core import mail

from core.models import OutboundEmail
from forms.protocol import ProtocolNumber, issuable
from tracking import access

from .conftest import CODE, sign_in

pytestmark = pytest.mark.django_db

UNKNOWN = str(ProtocolNumber(2026, 999))  # well formed, never issued in these tests
NEUTRAL = "Não foi possível abrir um caso com este número de protocolo e código de acesso."


def test_unknown_protocol_is_well_formed():
    assert issuable(2026, 999)


def test_start_page_renders(client):
    response = client.get("/acompanhar/?protocolo=2026.000001-9")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acompanhar o seu caso" in html
    assert 'value="2026.000001-9"' in html


def test_right_code_opens_the_case_and_rotates_the_session(client, make_case):
    case = make_case()
    client.get("/acompanhar/")
    client.session.save()
    before = client.session.session_key
    response = sign_in(client, case, code=CODE.lower().replace("-", ""))
    assert response.status_code == 302
    assert response["Location"] == f"/acompanhar/caso/{case.submission.protocol}/"
    assert client.session.session_key != before
    assert client.session[access.SESSION_KEY]["ids"] == [case.pk]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert case.submission.protocol in page.content.decode()


def _normalised(response, *protocols):
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    for protocol in protocols:
        html = html.replace(protocol, "PROTOCOL")
    return response.status_code, html


def test_wrong_code_unknown_protocol_and_another_persons_protocol_look_the_same(client, make_case):
    mine = make_case()
    other = make_case(consumer_email="joao@example.com")
    sign_in(client, mine)  # signed in to one's own case...
    wrong = sign_in(client, other, code="ZZZZZ-99999")  # ...still no way into another's
    unknown = client.post("/acompanhar/", {"protocol": UNKNOWN, "access_code": CODE})
    assert wrong.status_code == unknown.status_code == 400
    assert NEUTRAL in wrong.content.decode()
    assert _normalised(wrong, other.submission.protocol) == _normalised(unknown, UNKNOWN)
    assert "ZZZZZ" not in wrong.content.decode()  # the code is never echoed
    # The other case's page is as closed as a protocol that does not exist.
    closed = client.get(f"/acompanhar/caso/{other.submission.protocol}/")
    missing = client.get(f"/acompanhar/caso/{UNKNOWN}/")
    assert closed.status_code == missing.status_code == 302
    assert closed["Location"].startswith("/acompanhar/?protocolo=")
    assert "João" not in client.get(closed["Location"]).content.decode()


def test_malformed_protocol_is_a_field_error(client):
    response = client.post("/acompanhar/", {"protocol": "2026.000001-0", "access_code": CODE})
    assert response.status_code == 400
    assert "Confira o número do protocolo" in response.content.decode()


def test_brute_force_is_slowed_per_address(client, make_case, settings):
    settings.TRACKING_RATE_LIMIT_IP = "3/600"
    case = make_case()
    for _ in range(3):
        assert sign_in(client, case, code="ZZZZZ-99999").status_code == 400
    blocked = sign_in(client, case)  # even the right code waits now
    assert blocked.status_code == 429
    assert blocked["Retry-After"] == "600"
    assert access.SESSION_KEY not in client.session


def test_brute_force_is_slowed_per_protocol_across_addresses(client, make_case, settings):
    """Wrong codes from many addresses lock the protocol: each address then gets
    two tries an hour on it, whatever code it sends."""
    settings.TRACKING_RATE_LIMIT_PROTOCOL = "2/3600"
    case = make_case()
    protocol = case.submission.protocol

    def attempt(address, code="ZZZZZ-99999"):
        return client.post(
            "/acompanhar/", {"protocol": protocol, "access_code": code}, REMOTE_ADDR=address
        )

    for number in range(2):
        assert attempt(f"10.0.0.{number}").status_code == 400
    # Locked: a new address may try twice, then waits, even with the right code.
    assert attempt("10.0.1.1").status_code == 400
    assert attempt("10.0.1.1").status_code == 400
    blocked = attempt("10.0.1.1", CODE)
    assert blocked.status_code == 429 and blocked["Retry-After"] == "3600"
    assert access.SESSION_KEY not in client.session
    # An address that guessed before the lock has no more tries than that.
    assert attempt("10.0.0.0").status_code == 400
    assert attempt("10.0.0.0").status_code == 400
    assert attempt("10.0.0.0").status_code == 429


def test_someone_guessing_does_not_keep_the_owner_out(client, make_case, settings):
    settings.TRACKING_RATE_LIMIT_PROTOCOL = "2/3600"
    case = make_case()
    protocol = case.submission.protocol
    for number in range(10):  # a guesser with many addresses
        client.post(
            "/acompanhar/",
            {"protocol": protocol, "access_code": "ZZZZZ-99999"},
            REMOTE_ADDR=f"10.0.0.{number}",
        )
    owner = client.post(
        "/acompanhar/", {"protocol": protocol, "access_code": CODE}, REMOTE_ADDR="192.0.2.7"
    )
    assert owner.status_code == 302
    assert owner["Location"] == f"/acompanhar/caso/{protocol}/"


def test_right_codes_do_not_count_towards_the_protocols_lock(client, make_case, settings):
    settings.TRACKING_RATE_LIMIT_PROTOCOL = "2/3600"
    case = make_case()
    protocol = case.submission.protocol
    for number in range(4):  # the owner, from several devices
        response = client.post(
            "/acompanhar/",
            {"protocol": protocol, "access_code": CODE},
            REMOTE_ADDR=f"10.0.2.{number}",
        )
        assert response.status_code == 302
    assert not access._protocol_locked(access.normalised_protocol(protocol))


def test_session_access_expires(client, make_case, settings):
    settings.TRACKING_ACCESS_MAX_AGE = 60
    case = make_case()
    with time_machine.travel("2026-05-01 10:00", tick=False):
        sign_in(client, case)
        assert client.get(f"/acompanhar/caso/{case.submission.protocol}/").status_code == 200
    with time_machine.travel("2026-05-01 10:02", tick=False):
        assert client.get(f"/acompanhar/caso/{case.submission.protocol}/").status_code == 302


def test_sign_out_forgets_the_cases(client, make_case):
    case = make_case()
    sign_in(client, case)
    assert client.post("/acompanhar/sair/").status_code == 302
    assert client.get(f"/acompanhar/caso/{case.submission.protocol}/").status_code == 302


# --- e-mailed links ------------------------------------------------------------------------


def _link_from_outbox():
    email = OutboundEmail.objects.get(kind="tracking_link")
    return email, re.search(r"http://localhost(/acompanhar/link/\S+/)", email.body)[1]


def test_link_request_answers_the_same_with_or_without_cases(
    client, make_case, django_capture_on_commit_callbacks
):
    make_case()
    with django_capture_on_commit_callbacks(execute=True):
        with_cases = client.post("/acompanhar/link/", {"email": "MARIA@example.com"})
        without = client.post("/acompanhar/link/", {"email": "ninguem@example.com"})
    assert with_cases.status_code == without.status_code == 302
    assert with_cases["Location"] == without["Location"] == "/acompanhar/link/enviado/"
    assert OutboundEmail.objects.filter(kind="tracking_link").count() == 1
    assert len(mail.outbox) == 1  # delivered through the outbox
    assert mail.outbox[0].to == ["MARIA@example.com"]
    link = re.search(r"http://localhost(/acompanhar/link/\S+/)", mail.outbox[0].body)[1]
    assert "maria" not in link.lower()  # the address is not in the link


def test_link_opens_my_cases_with_every_case_of_that_address(client, make_case):
    first = make_case()
    second = make_case()
    other = make_case(consumer_email="joao@example.com")
    client.post("/acompanhar/link/", {"email": "maria@example.com"})
    _, link = _link_from_outbox()
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == "/acompanhar/meus-casos/"
    html = client.get("/acompanhar/meus-casos/").content.decode()
    assert first.submission.protocol in html and second.submission.protocol in html
    assert other.submission.protocol not in html
    assert client.get(f"/acompanhar/caso/{second.submission.protocol}/").status_code == 200
    assert client.get(f"/acompanhar/caso/{other.submission.protocol}/").status_code == 302


def test_expired_and_forged_links_get_the_same_refusal(client, make_case, settings):
    make_case()
    with time_machine.travel("2026-05-01 10:00", tick=False):
        client.post("/acompanhar/link/", {"email": "maria@example.com"})
        _, link = _link_from_outbox()
    with time_machine.travel("2026-05-01 10:31", tick=False):
        expired = client.get(link)
        forged = client.get(link[:-3] + "xx/")
    assert expired.status_code == forged.status_code == 400
    assert _normalised(expired) == _normalised(forged)
    assert access.SESSION_KEY not in client.session
    assert client.get("/acompanhar/meus-casos/").status_code == 302


def test_link_requests_are_limited(client, make_case, settings):
    settings.TRACKING_RATE_LIMIT_LINK = "2/3600"
    make_case()
    for _ in range(2):
        client.post("/acompanhar/link/", {"email": "maria@example.com"})
    assert client.post("/acompanhar/link/", {"email": "maria@example.com"}).status_code == 429
    # From another address the answer stays neutral, but no third e-mail goes out.
    other = client.post("/acompanhar/link/", {"email": "maria@example.com"}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 302
    assert OutboundEmail.objects.filter(kind="tracking_link").count() == 2


def test_link_request_form_errors(client):
    response = client.post("/acompanhar/link/", {"email": "maria@"})
    assert response.status_code == 400
    assert "Há um problema" in response.content.decode()


def test_my_cases_without_access_goes_to_start(client):
    assert client.get("/acompanhar/meus-casos/")["Location"] == "/acompanhar/"


def test_access_codes_survive_a_secret_key_rotation(client, make_case, settings):
    """Codes stored under the old key open the case while that key is kept in
    SECRET_KEY_FALLBACKS, and move to the new key on first use."""
    case = make_case()
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "uma-chave-nova-" + "x" * 50
    settings.SECRET_KEY_FALLBACKS = [old]
    assert sign_in(client, case).status_code == 302
    case.submission.refresh_from_db()
    from forms.submission import hash_access_code

    assert case.submission.access_code_hash == hash_access_code(CODE)
    # Moved: the fallback can go, and the code still opens the case.
    settings.SECRET_KEY_FALLBACKS = []
    client.post("/acompanhar/sair/")
    assert sign_in(client, case).status_code == 302


def test_without_the_old_key_a_rotated_code_no_longer_opens_the_case(client, make_case, settings):
    case = make_case()
    settings.SECRET_KEY = "uma-chave-nova-" + "y" * 50
    settings.SECRET_KEY_FALLBACKS = []
    assert sign_in(client, case).status_code != 302
