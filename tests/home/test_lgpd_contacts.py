"""Who answers for citizens' data (LGPD art. 9, III-IV and art. 41, § 1): the
controller and the data protection officer in the agency settings, shown on the
privacy notice and in the footer, and a system check that warns while they are
missing, still a job title, or demonstration values."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connections
from wagtail.models import Site

from home import checks, lgpd
from home.models import AgencySettings

pytestmark = pytest.mark.django_db

REAL_LOOKING = {
    "controller_name": "Estado de Mato Grosso",
    "controller_cnpj": "11.222.333/0001-81",
    "dpo_name": "Ana Beatriz Souza",
    "dpo_email": "encarregado@procon.example",
    "address": "Rua A, 1\nCuiabá - MT",
}


def ids(messages):
    return sorted(message.id for message in messages)


def agency_for(site, **values):
    agency = AgencySettings.for_site(site)
    for field, value in values.items():
        setattr(agency, field, value)
    agency.save()
    return agency


# --- the rule -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "placeholder"),
    [
        ("", True),
        ("  ", True),
        ("Encarregado de Proteção de Dados", True),
        ("ENCARREGADO DE PROTECAO DE DADOS", True),
        ("encarregada", True),
        ("DPO", True),
        ("A definir", True),
        ("Ana Beatriz Souza", False),
        ("Encarregado: Ana Beatriz Souza", False),
    ],
)
def test_a_job_title_is_not_a_name(name, placeholder):
    assert lgpd.is_placeholder(name) is placeholder


def test_demonstration_values_are_recognised():
    assert lgpd.is_demonstration("Procon (demonstração)")
    assert lgpd.is_demonstration("Empresa Exemplo")
    assert not lgpd.is_demonstration("Estado de Mato Grosso")


# --- the check ----------------------------------------------------------------


def test_the_check_needs_a_database(site):
    """Registered with Tags.database: Django passes no database to a plain
    `check --deploy`, and then the check reads nothing."""
    assert checks.privacy_contacts_published(None) == []
    assert checks.privacy_contacts_published(None, databases=None) == []


def test_a_site_without_settings_warns_about_everything(site):
    assert not AgencySettings.objects.exists()
    messages = checks.privacy_contacts_published(None, databases=["default"])
    assert ids(messages) == ["procon.W001", "procon.W002", "procon.W003", "procon.W004"]
    assert all(message.msg.startswith(f"{site.hostname}: ") for message in messages)
    assert all("Agency settings" in message.hint for message in messages)


def test_the_demo_settings_warn_that_nobody_is_named_and_the_controller_is_a_demo(
    demo_content,
):
    messages = checks.privacy_contacts_published(None, databases=["default"])
    assert ids(messages) == ["procon.W001", "procon.W003"]


def test_the_old_placeholder_name_still_warns(site):
    agency_for(site, **{**REAL_LOOKING, "dpo_name": "Encarregado de Proteção de Dados"})
    (message,) = checks.privacy_contacts_published(None, databases=["default"])
    assert message.id == "procon.W001"
    assert "'Encarregado de Proteção de Dados' is not a person's name" in message.msg


def test_filled_settings_pass(site):
    agency_for(site, **REAL_LOOKING)
    assert checks.privacy_contacts_published(None, databases=["default"]) == []


def test_the_officer_needs_a_contact_and_the_controller_a_cnpj(site):
    agency_for(site, **{**REAL_LOOKING, "dpo_email": "", "controller_cnpj": ""})
    assert ids(checks.privacy_contacts_published(None, databases=["default"])) == [
        "procon.W002",
        "procon.W003",
    ]
    agency_for(site, dpo_phone="(65) 3000-0000", controller_cnpj="11222333000181")
    assert checks.privacy_contacts_published(None, databases=["default"]) == []


def test_quiet_before_the_tables_or_columns_exist(site, monkeypatch):
    introspection = connections["default"].introspection
    monkeypatch.setattr(introspection, "table_names", lambda *args, **kwargs: [])
    assert checks.privacy_contacts_published(None, databases=["default"]) == []


def test_quiet_before_the_new_columns_are_migrated(site, monkeypatch):
    introspection = connections["default"].introspection
    describe = introspection.get_table_description

    def without_controller(cursor, table):
        return [c for c in describe(cursor, table) if not c.name.startswith("controller_")]

    monkeypatch.setattr(introspection, "get_table_description", without_controller)
    assert checks.privacy_contacts_published(None, databases=["default"]) == []


def test_check_with_the_database_reports_it_and_plain_check_does_not(site, capsys):
    call_command("check", "--deploy", "--tag", "database")
    assert "procon.W001" not in capsys.readouterr().err
    with pytest.raises(SystemCheckError, match=r"procon\.W001"):
        call_command("check", "--deploy", "--database", "default", "--fail-level", "WARNING")


# --- the settings -------------------------------------------------------------


def test_the_controller_cnpj_is_validated_and_stored_normalised(site):
    agency = AgencySettings.for_site(site)
    agency.controller_cnpj = "11.222.333/0001-80"  # wrong check digit
    with pytest.raises(ValidationError) as error:
        agency.full_clean()
    assert "controller_cnpj" in error.value.message_dict
    agency.controller_cnpj = "11.222.333/0001-81"
    agency.full_clean()
    agency.save()
    agency.refresh_from_db()
    assert agency.controller_cnpj == "11222333000181"
    assert agency.controller_cnpj_formatted == "11.222.333/0001-81"


def test_the_demo_controller_cnpj_is_valid_and_says_what_it_is(demo_content):
    agency = AgencySettings.for_site(demo_content)
    agency.full_clean()
    assert agency.controller_cnpj_formatted == "DE.MON.STR/0001-12"
    assert agency.controller_name.endswith("(demonstração)")
    assert agency.dpo_name == ""  # no invented person


def test_the_admin_edits_the_controller_and_the_officer(admin_client, site):
    from django.urls import reverse

    url = reverse("wagtailsettings:edit", args=["home", "agencysettings", site.pk])
    html = admin_client.get(url).content.decode()
    for name in ("controller_name", "controller_cnpj", "dpo_name", "dpo_email", "dpo_phone"):
        assert f'name="{name}"' in html, name


# --- the pages ----------------------------------------------------------------


def section(html, testid):
    match = re.search(rf'<(section|li) [^>]*data-testid="{testid}".*?</\1>', html, re.S)
    assert match, testid
    return " ".join(match[0].split())


def test_the_demo_notice_shows_the_demo_controller_and_says_the_officer_is_not_named(
    client, demo_content
):
    html = client.get("/privacidade/").content.decode()
    controller = section(html, "controller")
    assert "Superintendência de Defesa do Consumidor de Mato Grosso (demonstração)" in controller
    assert "DE.MON.STR/0001-12" in controller
    assert "Cuiabá - MT" in controller  # the controller's contact: the agency's
    assert "atendimento@procon.mt.gov.br" in controller
    officer = section(html, "dpo")
    assert 'data-testid="dpo-missing"' in officer and 'data-testid="dpo-name"' not in officer
    assert 'href="mailto:encarregado@procon.mt.gov.br"' in officer
    footer = section(html, "footer-dpo")
    assert 'href="mailto:encarregado@procon.mt.gov.br"' in footer
    assert "DE.MON.STR/0001-12" in section(html, "footer-controller")


def test_a_named_officer_and_controller_show_on_the_notice_and_in_the_footer(client, demo_content):
    agency_for(demo_content, **REAL_LOOKING, dpo_phone="(65) 3000-0000")
    html = client.get("/privacidade/").content.decode()
    controller = section(html, "controller")
    assert "Estado de Mato Grosso, CNPJ 11.222.333/0001-81" in controller
    assert 'data-testid="controller-missing"' not in controller
    officer = section(html, "dpo")
    assert "Ana Beatriz Souza" in officer and 'data-testid="dpo-missing"' not in officer
    assert "(65) 3000-0000" in officer
    assert "Ana Beatriz Souza" in section(html, "footer-dpo")
    assert "Estado de Mato Grosso, CNPJ 11.222.333/0001-81" in section(html, "footer-controller")


def test_a_placeholder_name_is_not_shown_as_a_name(client, demo_content):
    agency_for(demo_content, dpo_name="Encarregado de Proteção de Dados", controller_name="")
    html = client.get("/").content.decode()
    assert "Encarregado de Proteção de Dados" not in section(html, "footer-dpo")
    assert 'data-testid="footer-controller"' not in html
    notice = client.get("/privacidade/").content.decode()
    assert 'data-testid="dpo-missing"' in section(notice, "dpo")
    assert 'data-testid="controller-missing"' in section(notice, "controller")


def test_the_review_date_is_written_as_on_the_guidance_pages(client, demo_content):
    html = client.get("/privacidade/").content.decode()
    assert '<time datetime="2026-12-07">7 de dezembro de 2026</time>' in html


def test_every_site_is_checked(site):
    other = Site.objects.create(hostname="outro.example", port=80, root_page=site.root_page)
    agency_for(site, **REAL_LOOKING)
    messages = checks.privacy_contacts_published(None, databases=["default"])
    assert messages and all(m.msg.startswith("outro.example: ") for m in messages)
    agency_for(other, **REAL_LOOKING)
    assert checks.privacy_contacts_published(None, databases=["default"]) == []
