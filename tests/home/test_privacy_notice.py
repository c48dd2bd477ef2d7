"""The privacy notice: in the demo content at /privacidade/, linked from every form page."""

import pytest

from home.models import AgencySettings, PrivacyNoticePage

pytestmark = pytest.mark.django_db


def test_the_notice_names_legal_basis_rights_retention_sharing_and_the_dpo(client, demo_content):
    page = PrivacyNoticePage.objects.get()
    assert page.url == "/privacidade/"
    assert AgencySettings.for_site(demo_content).privacy_page_id == page.pk
    html = client.get("/privacidade/").content.decode()
    for expected in (
        "art. 7º, inciso III",
        "art. 23",
        "art. 18",
        "cinco anos",
        "empresa reclamada",
        "encarregado@procon.mt.gov.br",
    ):
        assert expected in html, expected
    # Who answers for the data (LGPD arts. 9 and 41): the demo's controller is a
    # marked demonstration value and its officer is not named yet, which the page
    # says instead of showing the job title as a name (tests/home/test_lgpd_contacts.py).
    assert 'data-testid="controller-identity"' in html and "(demonstração)" in html
    assert 'data-testid="dpo-missing"' in html


def test_every_form_page_links_to_the_notice(client, demo_content):
    from forms.models import FormPage

    for form in FormPage.objects.live().select_related("locale"):
        url = form.url
        # The notice in the form's language: /privacidade/, /en/privacidade/...
        prefix = "" if form.locale.language_code == "pt-br" else f"/{form.locale.language_code}"
        for path in (url, f"{url}etapa/1/"):
            html = client.get(path).content.decode()
            assert f'href="{prefix}/privacidade/"' in html, path
    # The review page too, once a draft exists (checked by the form journeys' pages).
    from django.conf import settings

    template = (settings.BASE_DIR / "templates/forms/form_review.html").read_text()
    assert "forms/includes/privacy_link.html" in template


def test_the_notice_lists_the_address_the_complaint_asks_for(client, demo_content):
    html = " ".join(client.get("/privacidade/").content.decode().split())
    assert "telefone e endereço (com CEP e município)" in html
    assert "nunca seu endereço, CEP, e-mail ou telefone" in html  # not shared with the company
    assert "enviamos a ele só o CEP" in html  # the optional CEP lookup
