"""Editors build forms in the Wagtail admin; the admin refuses unsound forms."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from forms.admin_forms import check_steps
from forms.demo import field, step
from forms.models import FormKind, FormPage, Submission
from home.models import HomePage

from .conftest import conditional_step, fill

NO_CONDITION = {"field": "", "operator": "equals", "value": ""}


def listblock(items):
    data = {"count": len(items)}
    for index, item in enumerate(items):
        data.update(
            {
                f"{index}-value": item,
                f"{index}-deleted": "",
                f"{index}-order": index,
                f"{index}-id": "",
            }
        )
    return data


def admin_field(label, *, key="", required=True, role="", help_text="", condition=None, **extra):
    return {
        "label": label,
        "key": key,
        "help_text": help_text,
        "required": required,
        "role": role,
        "condition": condition or NO_CONDITION,
        **extra,
    }


def admin_step(title, fields, condition=None):
    return {
        "title": title,
        "intro": rich_text(""),
        "fields": streamfield(fields),
        "condition": condition or NO_CONDITION,
    }


def three_step_post_data(title="Denúncia de preço abusivo", slug="denuncia"):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "kind": FormKind.GENERIC,
            "intro": rich_text("<p>Conte o que viu.</p>"),
            "before_you_start": rich_text(""),
            "declaration": "",
            "submit_button_text": "Enviar",
            "expected_time": "",
            "next_steps": rich_text(""),
            "steps": streamfield(
                [
                    (
                        "step",
                        admin_step(
                            "Você",
                            [
                                (
                                    "singleline",
                                    admin_field("Seu nome", role="consumer_name", max_length=100),
                                ),
                                ("email", admin_field("Seu e-mail", role="consumer_email")),
                            ],
                        ),
                    ),
                    (
                        "step",
                        admin_step(
                            "A compra",
                            [
                                (
                                    "radio",
                                    admin_field(
                                        "Tem nota fiscal?", choices=listblock(["Sim", "Não"])
                                    ),
                                ),
                                (
                                    "singleline",
                                    admin_field(
                                        "Número da nota",
                                        condition={
                                            "field": "tem_nota_fiscal",
                                            "operator": "equals",
                                            "value": "Sim",
                                        },
                                        max_length=50,
                                    ),
                                ),
                            ],
                        ),
                    ),
                    (
                        "step",
                        admin_step(
                            "Relato",
                            [("multiline", admin_field("O que aconteceu?", max_length=2000))],
                        ),
                    ),
                ]
            ),
        }
    )


class EditorBuildsAFormTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(depth=2)

    def test_create_publish_and_fill(self):
        data = three_step_post_data()
        data["action-publish"] = "action-publish"
        self.assertCanCreate(self.home, FormPage, data)
        page = FormPage.objects.get(slug="denuncia")
        self.assertTrue(page.live)
        # Keys were filled from the labels on save.
        self.assertEqual(
            list(page.definition.fields),
            ["seu_nome", "seu_e_mail", "tem_nota_fiscal", "numero_da_nota", "o_que_aconteceu"],
        )

        self.client.logout()
        fill(self.client, page, 1, {"seu_nome": "Ana", "seu_e_mail": "ana@example.com"})
        fill(self.client, page, 2, {"tem_nota_fiscal": "Sim", "numero_da_nota": "NF-123"})
        fill(self.client, page, 3, {"o_que_aconteceu": "Preço dobrou."})
        response = self.client.post(f"{page.url}revisar/")
        self.assertRedirects(response, f"{page.url}enviado/", fetch_redirect_response=False)
        submission = Submission.objects.get()
        self.assertEqual(
            submission.form_data,
            {
                "seu_nome": "Ana",
                "seu_e_mail": "ana@example.com",
                "tem_nota_fiscal": "Sim",
                "numero_da_nota": "NF-123",
                "o_que_aconteceu": "Preço dobrou.",
            },
        )

    def test_admin_refuses_a_condition_on_a_later_field(self):
        data = three_step_post_data()
        data["steps-1-value-fields-1-value-condition-field"] = "o_que_aconteceu"
        url = reverse("wagtailadmin_pages:add", args=["procon_forms", "formpage", self.home.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(FormPage.objects.filter(slug="denuncia").exists())
        error = response.context["form"].errors.as_data()["steps"][0]
        messages = [str(getattr(e, "message", e)) for e in error.non_block_errors]
        self.assertEqual(len(messages), 1)
        self.assertIn("o_que_aconteceu", messages[0])
        self.assertIn("não é um campo anterior", messages[0])
        self.assertIn("“Tem nota fiscal?” (tem_nota_fiscal)", messages[0])  # what to choose
        # The same message sits on the condition's field input, where the editor looks.
        on_input = (
            error.block_errors[1]
            .block_errors["fields"]
            .block_errors[1]
            .block_errors["condition"]
            .block_errors["field"]
        )
        self.assertEqual(on_input.messages, [messages[0]])

    def test_admin_refuses_a_condition_value_that_is_not_an_option(self):
        data = three_step_post_data()
        data["steps-1-value-fields-1-value-condition-value"] = "Talvez"
        url = reverse("wagtailadmin_pages:add", args=["procon_forms", "formpage", self.home.pk])
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(FormPage.objects.filter(slug="denuncia").exists())
        error = response.context["form"].errors.as_data()["steps"][0]
        condition = (
            error.block_errors[1].block_errors["fields"].block_errors[1].block_errors["condition"]
        )
        [message] = condition.block_errors["value"].messages
        self.assertIn("“Talvez” não é uma resposta de “Tem nota fiscal?”", message)
        self.assertIn("“Sim”, “Não”", message)

        data["steps-1-value-fields-1-value-condition-value"] = "sim"  # case and accents are free
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(FormPage.objects.filter(slug="denuncia").exists())

    def test_previews_render(self):
        data = three_step_post_data()
        data["action-publish"] = "action-publish"
        self.assertCanCreate(self.home, FormPage, data)
        page = FormPage.objects.get(slug="denuncia")
        self.assertPageIsPreviewable(page, post_data=three_step_post_data(), mode="")
        self.assertPageIsPreviewable(page, post_data=three_step_post_data(), mode="steps")


def as_stream(raw):
    page = FormPage(steps=raw)
    return page.steps


@pytest.mark.django_db
def test_check_steps_finds_duplicates_and_bad_roles_and_conditions():
    steps = as_stream(
        [
            step(
                "Um",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("singleline", "Nome de novo", "nome", role="consumer_name"),
                    field("singleline", "CPF em texto", "cpf_texto", role="consumer_cpf"),
                    field(
                        "singleline",
                        "Depende de depois",
                        "depende",
                        condition={"field": "mais_tarde", "operator": "equals", "value": "x"},
                    ),
                ],
            ),
            conditional_step(
                "Dois",
                [field("singleline", "Mais tarde", "mais_tarde")],
                {"field": "mais_tarde", "operator": "equals", "value": "x"},
            ),
        ]
    )
    problems = check_steps(steps)
    assert len(problems) == 5
    assert any('"nome"' in p for p in problems)  # duplicate key
    assert any("Consumidor: nome" in p for p in problems)  # duplicate role
    assert any("Consumidor: CPF" in p for p in problems)  # role needs a CPF field
    assert sum("mais_tarde" in p for p in problems) == 2  # forward conditions


@pytest.mark.django_db
def test_the_demo_forms_are_sound():
    from forms.demo import FORMS

    for spec in FORMS:
        assert check_steps(as_stream(spec["steps"])) == [], spec["slug"]


@pytest.mark.django_db
def test_field_key_is_kept_when_the_label_changes(client, three_step_form):
    """Editing a label after submissions exist leaves them readable and correct."""
    page = three_step_form
    fill(client, page, 1, {"nome": "Maria", "cpf": "52998224725", "email_contato": "m@example.com"})
    fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    submission = Submission.objects.get()

    raw = page.steps.raw_data
    raw[0]["value"]["fields"][0]["value"]["label"] = "Nome completo do consumidor"
    raw[1]["value"]["fields"][0]["value"]["choices"] = ["Sim, procurei", "Não procurei"]
    page.steps = raw
    page.save_revision().publish()
    page = FormPage.objects.get(pk=page.pk)
    assert page.definition.fields["nome"].label == "Nome completo do consumidor"

    submission.refresh_from_db()
    rows = dict(submission.answer_rows())
    assert ("Nome", "Maria") in rows["Identificação"]
    assert ("Já procurou a empresa?", "Não") in rows["Detalhes"]
    assert ("Data da compra", "15/01/2026") in rows["Detalhes"]
    assert submission.get_data()["nome"] == "Maria"


@pytest.mark.django_db
def test_submissions_are_hidden_from_content_editors(client, django_user_model, three_step_form):
    from wagtail.contrib.forms.utils import get_forms_for_user

    editors = Group.objects.get(name="Editores de conteúdo")
    editor = django_user_model.objects.create_user("editora", password="x")
    editor.groups.add(editors)
    assert not get_forms_for_user(editor).exists()

    staff = Group.objects.create(name="Atendentes (teste)")
    staff.permissions.add(Permission.objects.get(codename="view_submission"))
    editor.groups.add(staff)
    editor = django_user_model.objects.get(pk=editor.pk)
    assert three_step_form.pk in get_forms_for_user(editor).values_list("pk", flat=True)


@pytest.mark.django_db
def test_stock_submissions_listing_shows_readable_answers(admin_client, three_step_form):
    from django.test import Client

    citizen = Client()
    page = three_step_form
    fill(
        citizen, page, 1, {"nome": "Maria", "cpf": "52998224725", "email_contato": "m@example.com"}
    )
    fill(citizen, page, 2, {"procurou": "Não", "data_compra": "2026-01-15", "valor": "10,50"})
    citizen.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    submission = Submission.objects.get()

    response = admin_client.get(reverse("wagtailforms:list_submissions", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert submission.protocol in html
    assert "R$\xa010,50" in html and "15/01/2026" in html
    # "Protocolo do SAC" and step 3 were hidden by their conditions: blank, not "None".
    assert not re.search(r">\s*None\s*<", html)

    export = admin_client.get(
        reverse("wagtailforms:list_submissions", args=[page.pk]) + "?export=csv"
    )
    assert export.status_code == 200
    csv = export.getvalue().decode()
    assert submission.protocol in csv
    assert "None" not in csv


@pytest.mark.django_db
def test_every_field_type_has_a_description_and_a_preview(admin_client, demo_content):
    """The block picker shows each field type with what it is for and as the citizen sees it."""
    from forms.blocks import StepBlock

    fields = StepBlock().child_blocks["fields"].child_blocks
    for name, block in fields.items():
        assert str(block.get_description()), name
        assert block.is_previewable, name
        response = admin_client.get(
            reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
        )
        assert response.status_code == 200, name
        html = response.content.decode()
        if name != "information":
            assert 'name="exemplo"' in html, name  # the citizen's input, from the form engine
    radio = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": fields["radio"].definition_prefix}
    ).content.decode()
    assert "Já procurou a empresa?" in radio and 'type="radio"' in radio
