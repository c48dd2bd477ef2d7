"""Error answers: Portuguese pages, 413 before the body is read, 503 when the
database cannot be reached."""

import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, ProgrammingError
from django.test import Client, RequestFactory, override_settings

from home import errors

pytestmark = pytest.mark.django_db


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def test_an_oversized_body_is_refused_before_it_is_read(client, site, settings):
    settings.MAX_REQUEST_BODY_MB = 40
    response = client.post(
        "/",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(80 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    html = response.content.decode()
    assert '<html lang="pt-BR">' in html
    assert "O que você enviou é grande demais" in html
    assert "40 MB" in html


def test_a_body_under_the_limit_goes_through(client, site, settings):
    settings.MAX_REQUEST_BODY_MB = 40
    response = client.post("/busca/", {"q": "x" * 1000})
    assert response.status_code != 413


@pytest.mark.parametrize("length", ["", "abc", "-5"])
def test_a_missing_or_bad_length_is_not_a_413(client, site, length):
    assert client.get("/", CONTENT_LENGTH=length).status_code == 200


def database_fails_with(error):
    """Every query of the request fails, as with the database server down."""
    cache.clear()  # no page comes from the page cache
    return mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=error)


def test_database_unreachable_is_a_503_with_retry_after(site, settings):
    settings.SERVICE_UNAVAILABLE_RETRY_AFTER = 90
    visitor = Client(raise_request_exception=False)
    refused = OperationalError('connection to server at "db" failed: Connection refused')
    with database_fails_with(refused):
        response = visitor.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "90"
    html = response.content.decode()
    assert "O serviço está indisponível por um momento" in html
    assert "Tente novamente em alguns minutos" in html


def test_a_programming_error_stays_a_500(site):
    visitor = Client(raise_request_exception=False)
    with database_fails_with(ProgrammingError("no such column")):
        response = visitor.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "Desculpe, há um problema no serviço" in response.content.decode()


def test_a_bad_request_gets_the_portuguese_page(site):
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="invasor.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Não conseguimos entender o pedido" in html


def test_permission_denied_gets_the_portuguese_page(site):
    request = RequestFactory().get("/algum-lugar/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = errors.permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Você não pode abrir esta página" in response.content.decode()


def test_an_expired_form_gets_the_portuguese_csrf_page(site):
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.post("/acompanhar/", {"protocol": "2026.000001-1", "access_code": "X"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "O formulário expirou" in html
    assert 'href="/acompanhar/"' in html


def test_the_handlers_are_installed():
    from procon import urls

    assert urls.handler400 == "home.errors.bad_request"
    assert urls.handler403 == "home.errors.permission_denied"
    assert urls.handler500 == "home.errors.server_error"


@override_settings(MAX_REQUEST_BODY_MB=0)
def test_the_limit_can_be_turned_off(client, site):
    response = client.get("/", CONTENT_LENGTH=str(80 * 1024 * 1024))
    assert response.status_code == 200
