"""Loading the demo content again never overwrites what people changed in the admin."""

import io

import pytest
from django.core.management import call_command

from forms.models import FormPage
from home.models import AgencySettings, PrivacyNoticePage
from services.models import GuidancePage
from supplier_enrolment.models import Supplier

pytestmark = pytest.mark.django_db


def load():
    out = io.StringIO()
    call_command("load_demo_content", "--no-admin", stdout=out)
    return out.getvalue()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editora", password="x" * 12)


def test_a_form_an_editor_changed_keeps_the_change(demo_content, editor):
    page = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    page.intro = "<p>Texto da equipe de comunicação.</p>"
    page.save_revision(user=editor).publish(user=editor)

    output = load()

    page.refresh_from_db()
    assert page.intro == "<p>Texto da equipe de comunicação.</p>"
    assert page.get_latest_revision().user == editor
    assert "kept as edited in the admin: /reclamacao/" in output


def test_an_unpublished_draft_by_an_editor_is_not_published_over(demo_content, editor):
    page = FormPage.objects.get(slug="consulta", locale__language_code="pt-br")
    page.title = "Consulta (rascunho)"
    page.save_revision(user=editor)  # a draft, not published

    load()

    page = FormPage.objects.get(slug="consulta", locale__language_code="pt-br")
    assert page.has_unpublished_changes
    assert page.get_latest_revision().user == editor
    assert page.get_latest_revision_as_object().title == "Consulta (rascunho)"


def test_a_page_no_one_touched_is_still_brought_up_to_date(demo_content):
    # A change the loader made itself (no user), e.g. an older version of the demo.
    page = FormPage.objects.get(slug="reclamacao", locale__language_code="pt-br")
    wanted_intro = page.intro
    page.intro = "<p>Versão antiga da demonstração.</p>"
    page.save_revision().publish()

    load()

    page.refresh_from_db()
    assert page.intro == wanted_intro


def test_guidance_and_the_privacy_notice_edited_in_the_admin_are_kept(demo_content, editor):
    guidance = GuidancePage.objects.live().first()
    guidance.title = "Título revisto pela equipe"
    guidance.save_revision(user=editor).publish(user=editor)
    notice = PrivacyNoticePage.objects.get()
    notice.unpublish(user=editor)

    load()

    guidance.refresh_from_db()
    notice.refresh_from_db()
    assert guidance.title == "Título revisto pela equipe"
    assert not notice.live


def test_agency_settings_are_only_filled_where_empty(demo_content):
    agency = AgencySettings.objects.get()
    agency.phone = "(65) 3000-0000"
    agency.opening_hours = ""
    agency.main_menu = [{"type": "link", "value": {"label": "Início", "page": None, "url": "/"}}]
    agency.save()

    load()

    agency.refresh_from_db()
    assert agency.phone == "(65) 3000-0000"
    assert agency.opening_hours == "Segunda a sexta, das 8h às 17h"
    assert [item.value["label"] for item in agency.main_menu] == ["Início"]


def test_a_supplier_staff_changed_is_left_as_it_is(demo_content):
    supplier = Supplier.objects.filter(enrolled=True).first()
    supplier.enrolled = False
    supplier.email = "novo@example.com"
    supplier.save()

    load()

    supplier.refresh_from_db()
    assert not supplier.enrolled
    assert supplier.email == "novo@example.com"
