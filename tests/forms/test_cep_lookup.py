"""The optional CEP lookup: our endpoint, in front of a ViaCEP-compatible service
started on 127.0.0.1 by each test (no network)."""

import time

import pytest
from django.conf import settings as project_settings
from django.urls import reverse

from forms import cep_lookup

from .cep_service import cep_service

URL = "/cep/"


@pytest.fixture
def service(settings):
    with cep_service() as (template, requests):
        settings.CEP_LOOKUP_URL = template
        settings.CEP_LOOKUP_TIMEOUT = 0.5
        yield requests


def test_the_lookup_is_off_by_default_with_a_short_timeout():
    assert project_settings.CEP_LOOKUP_URL == ""
    assert project_settings.CEP_LOOKUP_TIMEOUT == 2
    assert reverse("cep_lookup") == URL


def test_off_the_endpoint_is_not_found(client, settings, db):
    settings.CEP_LOOKUP_URL = ""
    assert client.get(URL, {"cep": "78005000"}).status_code == 404


def test_found_gives_the_parts_we_fill(client, service):
    response = client.get(URL, {"cep": "01001-000"})
    assert response.status_code == 200
    assert response.json() == {
        "status": "found",
        "address": {
            "cep": "01001-000",
            "street": "Praça da Sé",
            "district": "Sé",
            "municipality": "São Paulo",
            "state": "SP",
        },
    }
    assert service == ["/ws/01001000/json/"]  # the service gets the CEP and nothing else
    assert "public" in response["Cache-Control"]


def test_answers_are_cached(client, service):
    for _ in range(3):
        assert client.get(URL, {"cep": "78005000"}).json()["status"] == "found"
    for _ in range(2):
        assert client.get(URL, {"cep": "78000999"}).json()["status"] == "not_found"
    assert len(service) == 2


@pytest.mark.parametrize(
    ("cep", "status"),
    [
        ("78000999", "not_found"),  # {"erro": "true"}
        ("78000995", "not_found"),  # a UF that does not exist
        ("78000998", "unavailable"),  # HTTP 500
        ("78000997", "unavailable"),  # not JSON
    ],
)
def test_not_found_and_failures(client, service, cep, status):
    data = client.get(URL, {"cep": cep}).json()
    assert data == {"status": status, "address": None}


def test_failures_are_not_cached(client, service):
    for _ in range(2):
        client.get(URL, {"cep": "78000998"})
    assert len(service) == 2


def test_long_parts_are_cut(client, service):
    address = client.get(URL, {"cep": "78000994"}).json()["address"]
    assert len(address["street"]) == cep_lookup.MAX_PART_LENGTH


@pytest.mark.parametrize("cep", ["", "123", "abc", "00100-000", "7800500000", "<script>"])
def test_invalid_ceps_never_reach_the_service(client, service, cep):
    response = client.get(URL, {"cep": cep})
    assert response.status_code == 200
    assert response.json() == {"status": "invalid", "address": None}
    assert service == []


def test_a_slow_service_is_given_up_on_after_the_timeout(client, service):
    started = time.monotonic()
    response = client.get(URL, {"cep": "78000996"})
    elapsed = time.monotonic() - started
    assert response.json() == {"status": "unavailable", "address": None}
    assert elapsed < 2, elapsed
    assert "no-store" in response["Cache-Control"]


def test_a_service_that_is_down(client, settings):
    with cep_service() as (template, _requests):
        pass  # stopped: nothing listens on that port any more
    settings.CEP_LOOKUP_URL = template
    assert client.get(URL, {"cep": "78005000"}).json()["status"] == "unavailable"


def test_a_non_http_template_is_refused(client, settings):
    settings.CEP_LOOKUP_URL = "file:///etc/passwd?{cep}"
    assert client.get(URL, {"cep": "78005000"}).json()["status"] == "unavailable"


def test_rate_limited_per_client(client, service, settings):
    settings.CEP_LOOKUP_PER_MINUTE = 3
    codes = [client.get(URL, {"cep": "78005000"}).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    response = client.get(URL, {"cep": "78005000"})
    assert response["Retry-After"] == "60"
    assert response.json() == {"status": "rate_limited"}


def test_only_get(client, service):
    assert client.post(URL, {"cep": "78005000"}).status_code == 405


def test_the_step_loads_the_script_only_when_the_lookup_is_on(
    client, make_form, municipalities, settings
):
    from forms.demo import field, step

    page = make_form([step("Endereço", [field("address", "Endereço", "endereco")])])
    settings.CEP_LOOKUP_URL = ""
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert "js/address.js" not in html and "data-cep-lookup" not in html
    settings.CEP_LOOKUP_URL = "http://127.0.0.1:9/ws/{cep}/json/"
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert "js/address.js" in html
    assert 'data-cep-lookup="/cep/"' in html
    assert 'role="status"' in html
