"""The supplier registry: CNPJ uniqueness, the admin, the demo data, suggestions."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from supplier_enrolment import demo
from supplier_enrolment.lookup import suggest_suppliers
from supplier_enrolment.models import Supplier

SUGGEST_URL = "/fornecedores/sugestoes/"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def suppliers(db):
    demo.load()
    return {s.cnpj: s for s in Supplier.objects.all()}


@pytest.mark.django_db
def test_cnpj_is_stored_normalised_and_displayed_formatted():
    supplier = Supplier.objects.create(cnpj="12.abc.345/01de-35", legal_name="Exemplo Ltda.")
    supplier.refresh_from_db()
    assert supplier.cnpj == "12ABC34501DE35"
    assert supplier.cnpj_formatted == "12.ABC.345/01DE-35"


@pytest.mark.django_db
def test_formatted_and_normalised_cnpj_are_the_same_supplier():
    Supplier.objects.create(cnpj="11222333000181", legal_name="Primeira Ltda.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.create(cnpj="11.222.333/0001-81", legal_name="Segunda Ltda.")
    duplicate = Supplier(cnpj="11.222.333/0001-81", legal_name="Segunda Ltda.")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "cnpj" in error.value.message_dict


@pytest.mark.django_db
def test_database_refuses_a_cnpj_with_punctuation():
    with pytest.raises(IntegrityError), transaction.atomic():
        Supplier.objects.bulk_create([Supplier(cnpj="11.222.333/0001", legal_name="X")])


@pytest.mark.django_db
def test_clean_explains_a_bad_cnpj_in_portuguese():
    with translation.override("pt-br"), pytest.raises(ValidationError) as error:
        Supplier(cnpj="11.222.333/0001-82", legal_name="X").full_clean()
    assert "dígitos verificadores" in error.value.message_dict["cnpj"][0]


@pytest.mark.django_db
def test_enrolling_records_the_time():
    supplier = Supplier.objects.create(cnpj="11222333000181", legal_name="X")
    assert supplier.enrolled_at is None
    supplier.enrolled = True
    supplier.save(update_fields=["enrolled"])
    supplier.refresh_from_db()
    assert supplier.enrolled_at is not None


@pytest.mark.django_db
def test_demo_suppliers_are_idempotent_and_valid():
    demo.load()
    first = list(Supplier.objects.order_by("cnpj").values())
    demo.load()
    assert list(Supplier.objects.order_by("cnpj").values()) == first
    assert len(first) == len(demo.SUPPLIERS)
    assert {row["enrolled"] for row in first} == {True, False}
    assert any(not row["cnpj"].isdigit() for row in first)  # one alphanumeric CNPJ
    for supplier in Supplier.objects.all():
        supplier.full_clean()


@pytest.mark.django_db
def test_demo_content_loads_suppliers():
    call_command("load_demo_content", "--no-admin", stdout=io.StringIO())
    assert Supplier.objects.count() == len(demo.SUPPLIERS)


# --- Admin ---


@pytest.mark.django_db
def test_admin_search_by_formatted_cnpj_and_name(admin_client, suppliers):
    url = reverse("wagtailsnippets_supplier_enrolment_supplier:list")
    page = admin_client.get(url, {"q": "48.273.615/0001-18"}).content.decode()
    assert "Pantanal Telecom" in page and "Cerrado Energia" not in page
    page = admin_client.get(url, {"q": "7mt4k2p8"}).content.decode()
    assert "Compra Fácil Araguaia" in page
    page = admin_client.get(url, {"q": "comunicacoes"}).content.decode()
    assert "Pantanal Telecom" in page and "Chapada" not in page
    page = admin_client.get(url, {"enrolled": "false"}).content.decode()
    assert "Chapada" in page and "Pantanal Telecom" not in page


@pytest.mark.django_db
def test_admin_refuses_a_duplicate_cnpj(admin_client, suppliers):
    url = reverse("wagtailsnippets_supplier_enrolment_supplier:add")
    response = admin_client.post(url, {"cnpj": "48.273.615/0001-18", "legal_name": "Cópia"})
    assert response.status_code == 200
    assert Supplier.objects.filter(legal_name="Cópia").count() == 0
    response = admin_client.post(url, {"cnpj": "11.222.333/0001-81", "legal_name": "Nova Ltda."})
    assert response.status_code == 302
    assert Supplier.objects.get(legal_name="Nova Ltda.").cnpj == "11222333000181"


@pytest.mark.django_db
def test_admin_menu_has_suppliers(admin_client):
    with translation.override("pt-br"):
        response = admin_client.get(reverse("wagtailadmin_home"))
    assert "Fornecedores" in response.content.decode()


# --- Suggestions ---


def test_suggestions_only_enrolled(suppliers):
    names = [s["name"] for s in suggest_suppliers("pantanal")]
    assert names == ["Pantanal Telecom"]
    assert suggest_suppliers("chapada") == []  # not enrolled
    assert suggest_suppliers("facil") == [
        {"name": "Compra Fácil Araguaia", "cnpj": "7M.T4K.2P8/0001-31"}
    ]


def test_suggestions_by_cnpj_prefix(suppliers):
    assert [s["name"] for s in suggest_suppliers("48.273")] == ["Pantanal Telecom"]
    assert [s["name"] for s in suggest_suppliers("59031847")] == []  # not enrolled


def test_suggestions_need_two_characters(suppliers):
    assert suggest_suppliers("p") == []
    assert suggest_suppliers("  ") == []


def test_suggestions_are_limited_to_ten(db):
    for n in range(15):
        Supplier.objects.create(
            cnpj=f"{n:02d}222333000100", legal_name=f"Loja {n:02d}", enrolled=True
        )
    assert len(suggest_suppliers("loja")) == 10


def test_endpoint(client, suppliers, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get(SUGGEST_URL, {"q": "energia"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "max-age=60" in response["Cache-Control"]
    assert json.loads(response.content) == {
        "results": [{"name": "Cerrado Energia", "cnpj": "37.190.426/0001-65"}]
    }


def test_endpoint_query_count_is_bounded(client, db, django_assert_max_num_queries):
    for n in range(30):
        Supplier.objects.create(
            cnpj=f"{n:02d}222333000100", legal_name=f"Loja {n:02d}", enrolled=True
        )
    with django_assert_max_num_queries(1):
        response = client.get(SUGGEST_URL, {"q": "loja"})
    assert len(response.json()["results"]) == 10


@pytest.mark.parametrize("query", ["", "a", "<script>", "' OR 1=1 --", "\x00\x00", "x" * 5000])
def test_endpoint_hostile_queries(client, suppliers, query):
    response = client.get(SUGGEST_URL, {"q": query})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_endpoint_refuses_post(client, db):
    assert client.post(SUGGEST_URL, {"q": "loja"}).status_code == 405


@override_settings(SUPPLIER_SUGGESTIONS_PER_MINUTE=3)
def test_endpoint_rate_limit_per_address(client, suppliers):
    for _ in range(3):
        assert client.get(SUGGEST_URL, {"q": "energia"}).status_code == 200
    response = client.get(SUGGEST_URL, {"q": "energia"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    # Another address is not affected.
    other = client.get(SUGGEST_URL, {"q": "energia"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


def test_script_is_a_static_file(client):
    from django.contrib.staticfiles import finders

    path = finders.find("js/supplier-suggest.js")
    assert path
    with open(path, encoding="utf-8") as script:
        source = script.read()
    assert "data-supplier-suggest" in source and "datalist" in source


@pytest.mark.django_db
def test_admin_export_shows_formatted_cnpj(admin_client, suppliers):
    url = reverse("wagtailsnippets_supplier_enrolment_supplier:list")
    response = admin_client.get(url, {"export": "csv"})
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "48.273.615/0001-18" in content


@pytest.mark.django_db
def test_clean_formats_the_phone_and_refuses_a_bad_one():
    supplier = Supplier(cnpj="11222333000181", legal_name="X", phone="+55 65 3613 0000")
    supplier.full_clean()
    assert supplier.phone == "(65) 3613-0000"
    supplier.phone = "(20) 3613-0000"
    with pytest.raises(ValidationError) as error:
        supplier.full_clean()
    assert list(error.value.message_dict) == ["phone"]
