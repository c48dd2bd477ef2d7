"""The error pages as a browser shows them: Portuguese, and nothing for axe to find."""

import io
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client

from .conftest import assert_accessible


class UnreadableBody(io.RawIOBase):
    def read(self, *args):
        raise AssertionError("the body was read")


def error_answers():
    """Each error page as the site answers it: {name: (status, html)}."""
    visitor = Client(raise_request_exception=False)
    answers = {
        "400": visitor.get("/", HTTP_HOST="invasor.example"),
        "403-csrf": Client(enforce_csrf_checks=True).post("/acompanhar/", {"protocol": "x"}),
        "413": visitor.post(
            "/", CONTENT_LENGTH=str(80 * 1024 * 1024), **{"wsgi.input": UnreadableBody()}
        ),
    }
    locked = Client()
    for _ in range(5):
        response = locked.post("/admin/login/", {"username": "ninguem", "password": "errada-1234"})
    answers["429"] = response
    cache.clear()
    refused = OperationalError("connection refused")
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=refused):
        answers["503"] = visitor.get("/")
    return {name: (r.status_code, r.content.decode()) for name, r in answers.items()}


@pytest.mark.parametrize("name", ["400", "403-csrf", "413", "429", "503"])
def test_error_pages_are_accessible(page, name):
    status, html = error_answers()[name]
    assert status == int(name[:3])
    # Served at an address of the live server, so the page's own CSS loads.
    page.route(
        "**/erro-de-teste/",
        lambda route: route.fulfill(status=status, body=html, content_type="text/html"),
    )
    page.goto("/erro-de-teste/")
    assert page.locator("html").get_attribute("lang") == "pt-BR"
    assert page.get_by_role("heading", level=1).count() == 1
    assert_accessible(page)
