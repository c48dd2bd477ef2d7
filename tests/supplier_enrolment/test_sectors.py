"""Market sectors: seeded, kept by staff, and a supplier's sector edited in its snippet."""

import pytest
from django.urls import reverse

from supplier_enrolment.models import Sector, Supplier
from tests.inbox.conftest import member

pytestmark = pytest.mark.django_db


def test_the_first_sectors_are_seeded():
    slugs = set(Sector.objects.values_list("slug", flat=True))
    assert {"telecomunicacoes", "bancos-e-financeiras", "varejo", "planos-de-saude"} <= slugs
    assert Sector.objects.get(slug="energia-eletrica").name == "Energia elétrica"


def test_a_sector_without_slug_gets_one_from_its_name():
    sector = Sector.objects.create(name="Construção civil")
    assert sector.slug == "construcao-civil"


def test_staff_set_a_suppliers_sector_in_the_admin(admin_client):
    supplier = Supplier.objects.create(cnpj="11222333000181", legal_name="Acme Telecom S.A.")
    telecom = Sector.objects.get(slug="telecomunicacoes")
    url = reverse("wagtailsnippets_supplier_enrolment_supplier:edit", args=[supplier.pk])
    assert 'name="sector"' in admin_client.get(url).content.decode()
    response = admin_client.post(
        url,
        {
            "cnpj": "11.222.333/0001-81",
            "legal_name": "Acme Telecom S.A.",
            "trade_name": "",
            "sector": telecom.pk,
            "email": "",
            "phone": "",
            "address": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    supplier.refresh_from_db()
    assert supplier.sector == telecom
    listing = admin_client.get(
        reverse("wagtailsnippets_supplier_enrolment_supplier:list"), {"sector": telecom.pk}
    ).content.decode()
    assert "Acme Telecom" in listing


def test_supervisors_keep_the_list_of_sectors(client, django_user_model):
    from inbox.permissions import SUPERVISORS

    client.force_login(member(django_user_model, "supervisora", SUPERVISORS))
    response = client.post(
        reverse("wagtailsnippets_supplier_enrolment_sector:add"),
        {"name": "Construção civil", "slug": ""},
    )
    assert response.status_code == 302
    assert Sector.objects.get(name="Construção civil").slug == "construcao-civil"
