"""Staff manage representatives in the admin; the enrolment page promotes the form."""

import re

import pytest

from core.models import OutboundEmail
from supplier_enrolment.enrolment import SET_PASSWORD_EMAIL
from supplier_enrolment.models import EnrolmentInfoPage, Representative, Supplier

from .conftest import CNPJ_X

pytestmark = pytest.mark.django_db


def test_staff_add_a_representative_who_gets_the_link_and_then_revoke_them(admin_client):
    supplier = Supplier.objects.create(cnpj=CNPJ_X, legal_name="Empresa X", enrolled=True)
    data = {
        "supplier": supplier.pk,
        "name": "Novo Representante",
        "email": "Novo@X.example",
        "cpf": "",
        "phone": "",
    }
    response = admin_client.post("/admin/snippets/supplier_enrolment/representative/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    representative = Representative.objects.get()
    assert representative.email == "novo@x.example" and representative.is_active
    assert not representative.user.is_staff
    assert OutboundEmail.objects.filter(kind=SET_PASSWORD_EMAIL, to="novo@x.example").exists()

    response = admin_client.post(
        f"/admin/snippets/supplier_enrolment/representative/edit/{representative.pk}/",
        {**data, "revoked": "on"},
    )
    assert response.status_code == 302
    representative.refresh_from_db()
    assert representative.revoked_at is not None
    assert not Representative.objects.active().exists()


def test_enrolment_page_links_to_the_form(demo_content, client):
    page = EnrolmentInfoPage.objects.get(slug="empresas")
    assert page.live and page.form_page.slug == "adesao-de-fornecedor"
    content = client.get(page.url).content.decode()
    assert 'href="/adesao-de-fornecedor/"' in content
    assert 'href="/fornecedor/"' in content


def test_the_supplier_sign_in_is_linked_from_the_home_page_and_the_enrolment_form(
    demo_content, client
):
    home = client.get("/").content.decode()
    assert re.search(r'<a [^>]*href="/fornecedor/"[^>]*>\s*Entrar na área do fornecedor', home)
    form_start = client.get("/adesao-de-fornecedor/").content.decode()
    assert 'href="/fornecedor/"' in form_start
    sign_in = client.get("/fornecedor/").content.decode()
    assert 'href="/adesao-de-fornecedor/"' in sign_in  # and from there, enrolment


def test_demo_loader_is_idempotent(demo_content):
    from supplier_enrolment.demo import load_info_page

    revisions = EnrolmentInfoPage.objects.get().revisions.count()
    load_info_page()
    assert EnrolmentInfoPage.objects.get().revisions.count() == revisions


def test_staff_send_a_representative_a_new_link(admin_client, django_capture_on_commit_callbacks):
    from django.core import mail

    supplier = Supplier.objects.create(cnpj=CNPJ_X, legal_name="Empresa X", enrolled=True)
    add_url = "/admin/snippets/supplier_enrolment/representative/add/"
    assert "send_link" not in admin_client.get(add_url).content.decode()  # sent anyway
    data = {"supplier": supplier.pk, "name": "Rita", "email": "rita@x.example"}
    admin_client.post(add_url, {**data, "cpf": "", "phone": ""})
    representative = Representative.objects.get()
    edit_url = f"/admin/snippets/supplier_enrolment/representative/edit/{representative.pk}/"
    assert "send_link" in admin_client.get(edit_url).content.decode()

    def links():
        return OutboundEmail.objects.filter(kind=SET_PASSWORD_EMAIL, to="rita@x.example").count()

    admin_client.post(edit_url, {**data, "cpf": "", "phone": ""})
    assert links() == 1  # saving alone sends nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(edit_url, {**data, "cpf": "", "phone": "", "send_link": "on"})
    assert response.status_code == 302
    assert links() == 2
    assert [m.to for m in mail.outbox] == [["rita@x.example"]]
    assert "/fornecedor/senha/" in mail.outbox[0].body

    admin_client.post(
        edit_url, {**data, "cpf": "", "phone": "", "revoked": "on", "send_link": "on"}
    )
    assert links() == 2  # revoked: no link
