"""Every protected URL x every role: only the right ones get in; and no protected
URL of the project lacks an entry (see matrix.py for how apps add theirs)."""

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.contrib.routable_page.models import RoutablePageMixin

from . import matrix
from .conftest import prepare, victim_name
from .entries import load_all

load_all()
pytestmark = pytest.mark.django_db


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def landed_on_login(response):
    chain = [url for url, _status in getattr(response, "redirect_chain", [])]
    return bool(chain) and ("/login/" in chain[-1] or chain[-1] in ("/admin/", "/"))


def resolve(value, world, role):
    return value(world, role) if callable(value) else value


@pytest.mark.parametrize("role", matrix.ROLES)
@pytest.mark.parametrize("entry", matrix.ENTRIES, ids=[entry.id for entry in matrix.ENTRIES])
def test_access_matrix(client, world, entry, role):
    prepare(client, world, role, draft=entry.draft)
    if entry.before is not None:
        entry.before(client, world, role)
    url = entry.url(world, role)
    allowed = role in entry.allowed
    if entry.method != "get":
        before = entry.state(world, role) if entry.state else None
        response = getattr(client, entry.method)(url, resolve(entry.data, world, role) or {})
    else:
        response = client.get(url, follow=True)
    assert response.status_code < 500, response.status_code
    if entry.state is not None:
        got_in = entry.state(world, role) != before
    elif entry.marker is None:
        got_in = response.status_code == 200 and not landed_on_login(response)
    else:
        marker = victim_name(world, role) if entry.marker == "default" else entry.marker
        text = resolve(marker, world, role)
        got_in = text in body(response)
    assert got_in == allowed, f"{role} {'was refused' if allowed else 'got in'} at {url}"
    if allowed and entry.method == "get":
        assert response.status_code == 200


# Walking every URL of the project ---------------------------------------------------


def django_url_names():
    def walk(patterns, prefix="", namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if pattern.name:
                    yield f"{namespace}:{pattern.name}" if namespace else pattern.name
                else:
                    yield f"route:{route}"

    return set(walk(get_resolver().url_patterns))


def page_route_names():
    names = set()
    for model in apps.get_models():
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_resolver().url_patterns:
                names.add(f"{model._meta.label}:{pattern.name}")
    return names


def test_every_protected_url_has_a_matrix_entry():
    covered = {entry.name for entry in matrix.ENTRIES}
    missing = []
    for name in sorted(django_url_names() | page_route_names()):
        if name in covered:
            continue
        pattern = matrix.allow_listed(name)
        # Inside a protected namespace only an exact name may be allow-listed.
        if pattern is None or (matrix.is_protected_namespace(name) and pattern != name):
            missing.append(name)
    assert not missing, (
        "URLs with neither an access-matrix entry (tests/security/entries/) nor a "
        f"place on matrix.ALLOWED_WITHOUT_ENTRY: {missing}"
    )


def test_the_walk_sees_the_protected_urls():
    """The walker itself works: it finds the URLs we know are protected."""
    names = django_url_names() | page_route_names()
    for known in ("inbox:case", "procon_forms:attachment", "procon_forms.FormPage:form_review"):
        assert known in names


def test_allow_list_patterns_never_cover_a_protected_namespace():
    for pattern in matrix.ALLOWED_WITHOUT_ENTRY:
        if "*" not in pattern:
            continue  # an exact name, reviewed one by one
        probe = pattern.replace("*", "x")
        assert not matrix.is_protected_namespace(probe), pattern


def test_every_entry_names_a_real_url():
    names = django_url_names() | page_route_names()
    unknown = {entry.name for entry in matrix.ENTRIES} - names
    assert not unknown


@pytest.mark.parametrize("name", ["tracking:new_view", "supplier_area:new_view", "inbox:new_view"])
def test_a_new_url_without_an_entry_would_fail(name):
    covered = {entry.name for entry in matrix.ENTRIES}
    assert name not in covered
    pattern = matrix.allow_listed(name)
    assert pattern is None or (matrix.is_protected_namespace(name) and pattern != name)
