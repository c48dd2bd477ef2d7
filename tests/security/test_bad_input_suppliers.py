"""Hostile input on the supplier area (/fornecedor/): the password and the
access-code sign-in, the set-password link, and every action a signed-in
representative posts on their own case. Never a server error, nothing stored
when refused, no markup reflected."""

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from forms.models import Attachment, Submission
from inbox.models import CaseEvent
from inbox.statuses import Status
from supplier_enrolment.enrolment import add_representative, set_password_path
from supplier_enrolment.models import ForwardedCase, Supplier

from .test_bad_input import EXAMPLES, TEXT, assert_not_reflected

pytestmark = pytest.mark.django_db

FEWER = hypothesis_settings(EXAMPLES, max_examples=25)
OK = (200, 302, 400, 429)


@FEWER
@given(email=TEXT, password=TEXT)
def test_password_sign_in(db, email, password):
    cache.clear()
    client = Client()
    response = client.post("/fornecedor/", {"entrar-email": email, "entrar-password": password})
    assert response.status_code in OK
    assert_not_reflected(response)
    assert response.status_code != 302  # nobody signed in


@FEWER
@given(protocol=TEXT, code=TEXT)
def test_access_code_sign_in(db, protocol, code):
    cache.clear()
    response = Client().post(
        "/fornecedor/", {"codigo-protocol": protocol, "codigo-access_code": code}
    )
    assert response.status_code in OK
    assert_not_reflected(response)
    assert response.status_code != 302  # no case was opened


@pytest.fixture
def representative(db):
    supplier = Supplier.objects.create(cnpj="48273615000118", legal_name="Empresa X", enrolled=True)
    return add_representative(supplier, name="Rui", email="rui@x.example")


@FEWER
@given(first=TEXT, second=TEXT, token=TEXT)
def test_set_password(representative, first, second, token):
    from urllib.parse import quote

    user = type(representative.user).objects.get(pk=representative.user_id)
    before = user.password
    path = set_password_path(user)
    # The real link (opened first, as Django's view keeps its token in the
    # session) with hostile passwords, and a forged token.
    client = Client()
    form_url = client.get(path)["Location"]
    response = client.post(form_url, {"new_password1": first, "new_password2": second})
    assert response.status_code in OK
    assert_not_reflected(response)
    if response.status_code != 302:
        assert type(user).objects.get(pk=user.pk).password == before
    forged = path.rsplit("/", 2)[0] + "/" + quote(token[:300] or "x", safe="") + "/"
    for method in (Client().get, Client().post):
        response = method(forged, {"new_password1": first, "new_password2": first})
        assert response.status_code in (400, 404)
        assert_not_reflected(response)


@pytest.fixture
def signed_in_case(representative):
    from tests.security.conftest import complaint_form, sent

    _draft, submission = sent(complaint_form(), "Sara Fornecida", "sara@example.com")
    Submission.objects.filter(pk=submission.pk).update(status=Status.NOTIFIED_SUPPLIER)
    ForwardedCase.objects.create(case=submission.case, supplier=representative.supplier)
    return representative, submission.case


ACTIONS = {
    "responder": ("resposta-text", "resposta-proposed_solution"),
    "recusar": ("recusa-reason", "recusa-details"),
    "prazo": ("prazo-days", "prazo-reason"),
    "mensagem": ("mensagem-text", "mensagem-x"),
    "recurso": ("recurso-text", "recurso-x"),
}


@FEWER
@given(action=st.sampled_from(sorted(ACTIONS)), first=TEXT, second=TEXT)
def test_a_representative_posting_hostile_actions(signed_in_case, action, first, second):
    representative, case = signed_in_case
    client = Client()
    client.force_login(representative.user)
    status = Submission.objects.get(pk=case.pk).status
    events = CaseEvent.objects.filter(case=case).count()
    files = Attachment.objects.filter(submission_id=case.pk).count()
    names = ACTIONS[action]
    response = client.post(
        f"/fornecedor/casos/{case.pk}/{action}/", {names[0]: first, names[1]: second}
    )
    assert response.status_code in OK
    assert_not_reflected(response)
    if response.status_code != 302:
        assert Submission.objects.get(pk=case.pk).status == status
        assert CaseEvent.objects.filter(case=case).count() == events
        assert Attachment.objects.filter(submission_id=case.pk).count() == files
    else:  # accepted: the text was stored as sent, and shows escaped
        page = client.get(f"/fornecedor/casos/{case.pk}/")
        assert_not_reflected(page)
        transaction_reset(case, status)


def transaction_reset(case, status):
    """Undo an accepted action so the next example starts from the same case."""
    Submission.objects.filter(pk=case.pk).update(status=status)
