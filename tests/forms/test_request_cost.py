"""Work a form step does once per process rather than once per request."""

import pytest

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
