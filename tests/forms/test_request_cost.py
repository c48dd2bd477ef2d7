"""Work a form step does once per process rather than once per request."""

import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.fields import MunicipalityField, OptionsSelect
from forms.models import FormPage

pytestmark = pytest.mark.django_db


def test_the_definition_is_built_once_for_the_same_content(three_step_form):
    first = FormPage.objects.get(pk=three_step_form.pk).definition
    again = FormPage.objects.get(pk=three_step_form.pk).definition
    assert again is first


def test_a_changed_form_gets_a_new_definition(three_step_form):
    before = FormPage.objects.get(pk=three_step_form.pk).definition
    page = FormPage.objects.get(pk=three_step_form.pk)
    stream = page.steps.raw_data
    stream[0]["value"]["title"] = "Quem é você"
    page.save_revision().publish()
    after = FormPage.objects.get(pk=three_step_form.pk).definition
    assert after is not before
    assert after.steps[0].title == "Quem é você"
    assert before.steps[0].title == "Identificação"


def test_the_schema_snapshot_is_a_copy(three_step_form):
    definition = FormPage.objects.get(pk=three_step_form.pk).definition
    schema = definition.schema()
    schema["steps"][0]["fields"][0]["label"] = "changed"
    assert definition.schema()["steps"][0]["fields"][0]["label"] == "Nome"


@pytest.mark.parametrize("value", ["", "b", ["a", "c"], None])
def test_options_select_writes_what_djangos_select_writes(value):
    choices = [
        ("", "Escolha"),
        ("a", "Água & <Boa>"),
        ("Grupo — um", [("b", "Bê"), ("c", 'Cê "aspas"')]),
        (5103403, "Cuiabá"),
    ]
    attrs = {"id": "id_x", "class": "form-select", "required": True, "disabled": False}
    for name, stock_value in (("x", value), ("y<z", "a")):
        stock = forms.Select(choices=choices).render(name, stock_value, attrs)
        ours = OptionsSelect(choices=choices).render(name, stock_value, attrs)
        assert ours == stock


def test_the_municipality_select_is_rendered_in_python(municipalities, client, make_form):
    from forms.demo import field, step

    page = make_form([step("Onde", [field("municipality", "Município", "municipio")])])
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert '<option value="5103403">Cuiabá</option>' in html
    field_ = MunicipalityField(state="MT")
    assert forms.Select(choices=field_.choices).render("m", "5103403") == field_.widget.render(
        "m", "5103403"
    )


def test_a_step_looks_its_municipality_up_once(municipalities, client, make_form):
    from forms.demo import field, step

    page = make_form(
        [
            step(
                "Onde",
                [
                    field("municipality", "Município", "municipio"),
                    field(
                        "singleline",
                        "Bairro",
                        "bairro",
                        condition={"field": "municipio", "operator": "answered"},
                    ),
                ],
            )
        ]
    )
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"{page.url}etapa/1/", {"municipio": "5103403", "bairro": "Centro"})
    assert response.status_code == 302
    lookups = [q for q in queries if "procon_forms_municipality" in q["sql"]]
    assert len(lookups) == 1


def test_the_privacy_link_is_kept_rendered_and_follows_the_settings(
    client, three_step_form, django_assert_max_num_queries
):
    from wagtail.models import Page, Site

    from home.models import AgencySettings

    site = Site.objects.get(is_default_site=True)
    privacy = site.root_page.add_child(
        instance=Page(title="Aviso de privacidade", slug="privacidade")
    )
    step = f"{three_step_form.url}etapa/1/"
    assert "form-privacy" not in client.get(step).content.decode()
    agency = AgencySettings.for_site(site)
    agency.privacy_page = privacy
    agency.save()
    assert 'href="/privacidade/"' in client.get(step).content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert 'href="/privacidade/"' in client.get(step).content.decode()
    read = re.compile(rf'(?<!NOT \()"wagtailcore_page"\."id" = {privacy.pk}\b')
    page_reads = [q for q in queries if read.search(q["sql"])]
    assert not page_reads, "the privacy page was read again"


def test_agency_settings_are_kept_between_requests_and_a_change_shows_at_once(
    client, three_step_form
):
    from wagtail.models import Site

    from home.models import AgencySettings

    site = Site.objects.get(is_default_site=True)
    step = f"{three_step_form.url}etapa/1/"
    client.get(step)
    with CaptureQueriesContext(connection) as queries:
        client.get(step)
    assert [q for q in queries if "home_agencysettings" in q["sql"]] == []
    assert [q for q in queries if 'FROM "wagtailcore_site"' in q["sql"]] == []

    # Each call gets a copy of its own: what one sets on it stays there.
    first = AgencySettings.for_site_id(site.pk)
    first.acronym = "Changed on one request only"
    assert AgencySettings.for_site_id(site.pk).acronym != first.acronym

    agency = AgencySettings.for_site(site)
    agency.acronym = "Procon-XY"
    agency.save()
    assert "Procon-XY" in client.get(step).content.decode()
    assert AgencySettings.for_site_id(site.pk).acronym == "Procon-XY"
    agency.state = "RR"
    agency.save()
    assert three_step_form.agency_state() == "RR"


def test_the_problem_list_is_not_normalised_again_for_each_field(monkeypatch):
    from django.forms import fields as django_fields

    from forms.fields import ProblemField
    from services.models import Problem, Subject, Topic

    telecom = Topic.objects.create(name="Telecomunicações", slug="telecom")
    for subject_slug in ("movel", "fixa"):
        subject = Subject.objects.create(topic=telecom, name=subject_slug, slug=subject_slug)
        for slug in ("cobranca", "portabilidade", "cancelamento"):
            Problem.objects.create(subject=subject, name=slug.title(), slug=slug)
    first = ProblemField()
    calls = []
    original = django_fields.normalize_choices

    def counting(value, **kwargs):
        calls.append(value)
        return original(value, **kwargs)

    monkeypatch.setattr(django_fields, "normalize_choices", counting)
    field = ProblemField()
    assert len(calls) == 1  # the list as a whole, taken as it is
    assert list(field.choices) == list(first.choices)
    assert list(field.widget.choices) == list(first.choices)
    value = next(iter(field.by_value))
    assert field.clean(value)["problem_slug"] == value.rsplit("/", 1)[1]
