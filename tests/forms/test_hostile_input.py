"""Random and hostile input on every field type: never a 500, nothing stored when invalid."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from forms.blocks import FIELD_TYPES
from forms.demo import field, step
from forms.models import Draft, FormPage

EXTRA = {
    "dropdown": {"choices": ["A", "B"]},
    "radio": {"choices": ["Sim", "Não"]},
    "checkboxes": {"choices": ["A", "B"]},
    "multiselect": {"choices": ["A", "B"]},
}
HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE procon_forms_submission; --",
            "\x00\x01\x1b[31m",
            "\uff19\uff19\uff19.\uff19\uff19\uff19.\uff19\uff19\uff19-\uff19\uff19",
            "1e309",
            "NaN",
            "-0",
            "2026-02-30",
            "9" * 5000,
            "R$ -1,00",
            "\u202e",
        ]
    ),
    st.binary(max_size=50).map(lambda b: b.decode("latin-1")),
)


@pytest.fixture(scope="module")
def every_type_form(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from wagtail.models import Site

        home = Site.objects.get(is_default_site=True).root_page.specific
        fields = [
            field(
                type_name,
                f"Campo {type_name}",
                f"campo_{type_name}",
                required=True,
                **EXTRA.get(type_name, {}),
            )
            for type_name in FIELD_TYPES
        ]
        page = home.add_child(
            instance=FormPage(
                title="Todos os tipos", slug="todos-os-tipos", steps=[step("Tudo", fields)]
            )
        )
        page.save_revision().publish()
        yield FormPage.objects.get(pk=page.pk)
        page.delete()


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from(sorted(FIELD_TYPES)), HOSTILE))
def test_hostile_step_posts_never_fail(every_type_form, data):
    client = Client()
    before = Draft.objects.count()
    post = {f"campo_{type_name}": value.replace("\x00", "") for type_name, value in data.items()}
    response = client.post(f"{every_type_form.url}etapa/1/", post)
    assert response.status_code in (200, 302)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if response.status_code == 200:  # invalid: shown again, nothing saved
        assert Draft.objects.count() == before
        assert "data-error-summary" in html


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["\x00", "a\x00b"])
def test_null_bytes_are_refused_cleanly(every_type_form, value):
    response = Client().post(
        f"{every_type_form.url}etapa/1/", {"campo_singleline": value, "campo_multiline": value}
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_too_many_fields_is_a_clean_400(every_type_form):
    data = {f"x{i}": "1" for i in range(1500)}
    response = Client().post(f"{every_type_form.url}etapa/1/", data)
    assert response.status_code == 400
