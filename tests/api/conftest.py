"""The API's tests call it over Django's test client, and every answer is
checked against the OpenAPI document the API publishes (a contract test):
status, content type and body must be what the document says."""

import json

import pytest
from django.http.request import RawPostDataException
from openapi_core import Config, OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from tests.forms.conftest import make_form, municipalities, three_step_form  # noqa: F401
from tests.tracking.conftest import (  # noqa: F401
    attendant,
    complaint_form,
    make_case,
    make_submission,
)

_SPEC = {}


def spec():
    if "openapi" not in _SPEC:
        from api.main import api

        document = api.get_openapi_schema(path_prefix="/api/v1/")
        _SPEC["openapi"] = OpenAPI.from_dict(
            json.loads(json.dumps(document)),
            config=Config(extra_media_type_deserializers={"application/problem+json": json.loads}),
        )
    return _SPEC["openapi"]


class Caller:
    """Django's test client with the app's key, checking each answer against
    the OpenAPI document."""

    def __init__(self, client, key):
        self.client = client
        self.key = key

    def __call__(self, method, path, *, json_body=None, headers=None, key=True, **kwargs):
        extra = {}
        if key:
            extra["HTTP_X_API_KEY"] = self.key
        for name, value in (headers or {}).items():
            extra["HTTP_" + name.upper().replace("-", "_")] = value
        if json_body is not None:
            kwargs.update(data=json.dumps(json_body), content_type="application/json")
        response = getattr(self.client, method.lower())(path, **kwargs, **extra)
        check_contract(response)
        return response

    def get(self, path, **kwargs):
        return self("get", path, **kwargs)

    def post(self, path, **kwargs):
        return self("post", path, **kwargs)

    def put(self, path, **kwargs):
        return self("put", path, **kwargs)

    def delete(self, path, **kwargs):
        return self("delete", path, **kwargs)


class _Request(DjangoOpenAPIRequest):
    @property
    def body(self):
        # A form post's body was read as a stream (request.POST): the response's
        # check needs only the operation, which the path and method give.
        try:
            return super().body
        except RawPostDataException:
            return b""


def check_contract(response):
    """The answer as the document describes it (raises with the difference)."""
    spec().validate_response(_Request(response.wsgi_request), DjangoOpenAPIResponse(response))


@pytest.fixture
def api_client_record(db):
    from api.models import ApiClient

    record = ApiClient(name="MT Cidadão", requests_per_minute=1000)
    key = record.new_key()
    record.save()
    record.plain_key = key
    return record


@pytest.fixture
def api(client, api_client_record, site):
    return Caller(client, api_client_record.plain_key)
