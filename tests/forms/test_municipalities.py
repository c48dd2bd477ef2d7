"""Municipalities: the IBGE loader, the demo loader, the model and the admin."""

import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from forms.reference import Municipality, load_demo_municipalities
from home.models import AgencySettings


def run(*args):
    out = io.StringIO()
    call_command("load_municipalities", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return list(Municipality.objects.order_by("ibge_code").values())


@pytest.mark.django_db
def test_loads_mato_grosso_idempotently():
    assert "141 created" in run("--state", "MT")
    first = snapshot()
    assert len(first) == 141
    assert "0 created, 0 updated, 141 unchanged" in run("--state", "MT")
    assert snapshot() == first
    cuiaba = Municipality.objects.get(ibge_code="5103403")
    assert (cuiaba.name, cuiaba.state, cuiaba.active, cuiaba.sort_name) == (
        "Cuiabá",
        "MT",
        True,
        "cuiaba",
    )


@pytest.mark.django_db
def test_default_state_comes_from_the_agency_settings(site):
    settings_obj = AgencySettings.for_site(site)
    settings_obj.state = "RR"
    settings_obj.save()
    run()
    assert set(Municipality.objects.values_list("state", flat=True)) == {"RR"}
    assert Municipality.objects.count() == 15


@pytest.mark.django_db
def test_falls_back_to_mato_grosso_without_a_site():
    from wagtail.models import Site

    Site.objects.all().delete()
    run()
    assert Municipality.objects.filter(state="MT").count() == 141


@pytest.mark.django_db
def test_all_states():
    run("--all")
    assert Municipality.objects.count() == 5570


@pytest.mark.django_db
def test_unknown_state_is_refused():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        run("--state", "XX")


@pytest.mark.django_db
def test_editors_changes_survive_a_reload_unless_names_are_updated():
    run("--state", "MT")
    cuiaba = Municipality.objects.get(ibge_code="5103403")
    cuiaba.name = "Cuiabá (capital)"
    cuiaba.active = False
    cuiaba.save()
    # A municipality installed after the IBGE snapshot, added by hand.
    Municipality.objects.create(ibge_code="5101837", name="Boa Esperança do Norte", state="MT")

    run("--state", "MT")
    cuiaba.refresh_from_db()
    assert (cuiaba.name, cuiaba.active) == ("Cuiabá (capital)", False)

    assert "0 created, 1 updated" in run("--state", "MT", "--update-names")
    cuiaba.refresh_from_db()
    assert (cuiaba.name, cuiaba.sort_name, cuiaba.active) == ("Cuiabá", "cuiaba", False)
    assert Municipality.objects.filter(ibge_code="5101837").exists()
    assert Municipality.objects.count() == 142


@pytest.mark.django_db
def test_demo_loader_is_fast_and_idempotent(django_assert_max_num_queries):
    start = time.perf_counter()
    with django_assert_max_num_queries(10):
        load_demo_municipalities()
    assert time.perf_counter() - start < 2
    first = snapshot()
    load_demo_municipalities()
    assert snapshot() == first
    assert len(first) == 141


@pytest.mark.django_db
def test_demo_content_includes_municipalities():
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    assert Municipality.objects.filter(state="MT").count() == 141


@pytest.mark.django_db
def test_ibge_code_must_match_the_state():
    municipality = Municipality(ibge_code="5002704", name="Campo Grande", state="MT")
    with pytest.raises(ValidationError) as error:
        municipality.full_clean()
    assert "ibge_code" in error.value.message_dict
    Municipality(ibge_code="5002704", name="Campo Grande", state="MS").full_clean()
    with pytest.raises(ValidationError):
        Municipality(ibge_code="51034", name="Curto", state="MT").full_clean()


@pytest.mark.django_db
def test_sort_name_follows_the_name_on_save():
    municipality = Municipality.objects.create(ibge_code="5100201", name="Água Boa", state="MT")
    assert municipality.sort_name == "agua boa"
    municipality.name = "Nova Água"
    municipality.save(update_fields=["name"])
    municipality.refresh_from_db()
    assert municipality.sort_name == "nova agua"


@pytest.mark.django_db
def test_admin_listing_searches_without_accents(admin_client):
    run("--state", "MT")
    url = reverse("wagtailsnippets_procon_forms_municipality:list")
    response = admin_client.get(url, {"q": "sao jose"})
    assert response.status_code == 200
    assert "São José dos Quatro Marcos" in response.content.decode()
    assert "Cuiabá" not in response.content.decode()
    response = admin_client.get(url, {"q": "5103403"})
    assert "Cuiabá" in response.content.decode()
    response = admin_client.get(url, {"state": "MT", "active": "true"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_can_add_a_municipality(admin_client):
    url = reverse("wagtailsnippets_procon_forms_municipality:add")
    response = admin_client.post(
        url,
        {"name": "Boa Esperança do Norte", "state": "MT", "ibge_code": "5101837", "active": "on"},
    )
    assert response.status_code == 302
    assert Municipality.objects.get(ibge_code="5101837").sort_name == "boa esperanca do norte"


def test_the_ibge_file_holds_every_state_and_consistent_codes():
    from core import ibge

    assert len(ibge.states()) == 27
    everything = [(uf, code) for uf in ibge.states() for code, _ in ibge.municipalities(uf)]
    assert len(everything) == len({code for _, code in everything}) == 5570
    for uf, code in everything:
        assert len(code) == 7 and code.startswith(ibge.state_code(uf)), (uf, code)
    assert ("5103403", "Cuiabá") in ibge.municipalities("MT")
    assert ibge.state_code("XX") is None
