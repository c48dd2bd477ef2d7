"""Per-form settings and the go-live checklist: a form the inbox cannot handle
does not go live; each form says who answers questions, links its privacy
notice and tells its own people of new submissions."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase

from forms.demo import FORMS, field, step
from forms.models import FormKind, FormPage, Submission
from forms.readiness import check
from home.models import HomePage

from .conftest import fill
from .test_editor import as_stream, three_step_post_data


def complaint_data(without_cpf=True):
    data = three_step_post_data(title="Reclamação sem CPF", slug="reclamacao-sem-cpf")
    data["kind"] = FormKind.COMPLAINT
    data["declaration"] = "Declaro que as informações são verdadeiras."
    return data


class GoLiveTests(WagtailPageTestCase):
    def setUp(self):
        self.login()
        self.home = HomePage.objects.get(depth=2)
        self.add_url = reverse(
            "wagtailadmin_pages:add", args=["procon_forms", "formpage", self.home.pk]
        )

    def test_publishing_a_complaint_form_without_a_consumer_cpf_is_refused(self):
        data = complaint_data()
        data["action-publish"] = "action-publish"
        response = self.client.post(self.add_url, data)

        self.assertEqual(response.status_code, 200)
        self.assertFalse(FormPage.objects.filter(slug="reclamacao-sem-cpf").exists())
        [message] = response.context["form"].non_field_errors()
        self.assertIn("Este formulário ainda não pode ser publicado", message)
        self.assertIn("Um campo com o papel “Consumidor: CPF”", message)
        self.assertIn("“Fornecedor: nome”", message)
        self.assertIn("“Problema”", message)
        self.assertContains(response, "Este formulário ainda não pode ser publicado")

    def test_sending_it_for_approval_is_refused_too_but_a_draft_is_kept(self):
        data = complaint_data()
        data["action-submit"] = "action-submit"
        response = self.client.post(self.add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(FormPage.objects.filter(slug="reclamacao-sem-cpf").exists())

        del data["action-submit"]
        response = self.client.post(self.add_url, data)  # "Save draft"
        self.assertEqual(response.status_code, 302)
        page = FormPage.objects.get(slug="reclamacao-sem-cpf")
        self.assertFalse(page.live)

        # The editor page lists what is missing and why it matters.
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertContains(edit, "Pronto para publicar?")
        self.assertContains(edit, "Falta (necessário para publicar)")
        self.assertContains(edit, "Um campo com o papel “Consumidor: CPF”")
        self.assertContains(edit, "vai para o fornecedor localizar o cliente")  # what CPF is for

    def test_a_generic_form_goes_live_without_those_roles(self):
        data = three_step_post_data()
        data["action-publish"] = "action-publish"
        self.assertEqual(self.client.post(self.add_url, data).status_code, 302)
        self.assertTrue(FormPage.objects.get(slug="denuncia").live)

    def test_a_role_of_another_kind_of_form_is_refused_on_its_input(self):
        data = complaint_data()
        data["steps-0-value-fields-0-value-role"] = "company_legal_name"
        response = self.client.post(self.add_url, data)
        self.assertEqual(response.status_code, 200)
        error = response.context["form"].errors.as_data()["steps"][0]
        [message] = (
            error.block_errors[0]
            .block_errors["fields"]
            .block_errors[0]
            .block_errors["role"]
            .messages
        )
        self.assertIn("não é usado por este tipo de formulário", message)

    def test_recipient_addresses_must_be_e_mail_addresses(self):
        data = three_step_post_data()
        data["notify_emails"] = "ouvidoria@procon.mt.gov.br\nnão é e-mail"
        response = self.client.post(self.add_url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Não é um endereço de e-mail: não é e-mail.",
            response.context["form"].errors["notify_emails"][0],
        )


@pytest.mark.django_db
def test_the_demo_forms_are_ready_to_go_live():
    for spec in FORMS:
        readiness = check(
            kind=spec["kind"],
            steps_value=as_stream(spec["steps"]),
            declaration=spec.get("declaration", ""),
        )
        assert readiness.ready, (spec["slug"], [item.label for item in readiness.blocking])


@pytest.mark.django_db
def test_a_complaint_needs_a_declaration():
    steps = as_stream(
        [
            step(
                "Tudo",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field("cpf", "CPF", "cpf", role="consumer_cpf"),
                    field("email", "E-mail", "email", role="consumer_email"),
                    field("supplier", "Empresa", "empresa", role="supplier_name"),
                    field("problem", "Problema", "problema", role="problem"),
                    field("multiline", "Relato", "relato", role="description"),
                ],
            )
        ]
    )
    without = check(kind=FormKind.COMPLAINT, steps_value=steps, declaration="")
    assert [item.label for item in without.blocking] == [
        "Uma declaração que o cidadão marca antes de enviar"
    ]
    assert check(kind=FormKind.COMPLAINT, steps_value=steps, declaration="Declaro.").ready


@pytest.mark.django_db
@override_settings(FORMS_STAFF_NOTIFICATION_EMAILS=["geral@procon.mt.gov.br"])
def test_new_submissions_are_told_to_the_form_s_own_people(
    client, three_step_form, django_user_model
):
    page = three_step_form
    # Nothing set on the form: the deployment's addresses.
    assert page.notification_recipients() == ["geral@procon.mt.gov.br"]

    team = Group.objects.create(name="Equipe de consultas")
    member = django_user_model.objects.create_user("ana", "Ana@Procon.example", "x" * 12)
    member.groups.add(team)
    gone = django_user_model.objects.create_user("bia", "bia@procon.example", "x" * 12)
    gone.groups.add(team)
    gone.is_active = False
    gone.save()
    page.notify_emails = "chefia@procon.example\nana@procon.example"
    page.save()
    page.notify_groups.set([team])
    page.save()
    assert page.notification_recipients() == ["chefia@procon.example", "ana@procon.example"]

    fill(client, page, 1, {"nome": "Maria", "cpf": "52998224725", "email_contato": "m@example.com"})
    fill(client, page, 2, {"procurou": "Não", "data_compra": "2026-01-15"})
    client.post(f"{page.url}revisar/", {"declaration_confirmed": "on"})
    submission = Submission.objects.get()
    told = submission.emails.filter(kind="staff_notification")
    assert sorted(told.values_list("to", flat=True)) == [
        "ana@procon.example",
        "chefia@procon.example",
    ]


@pytest.mark.django_db
def test_each_step_shows_the_form_s_contact_and_privacy_notice(client, three_step_form, site):
    from home.models import AgencySettings, PrivacyNoticePage

    agency = AgencySettings.for_site(site)
    agency.phone = "151"
    agency.save()
    page = three_step_form
    response = client.get(f"{page.url}etapa/1/")
    assert "Dúvidas sobre este formulário: 151" in response.content.decode()

    notice = site.root_page.add_child(
        instance=PrivacyNoticePage(
            title="Privacidade das consultas", slug="privacidade-consultas", body="<p>Texto.</p>"
        )
    )
    page.contact = "Equipe de consultas: (65) 3613-0001"
    page.privacy_page = notice
    page.save_revision().publish()
    html = client.get(f"{page.url}etapa/1/").content.decode()
    assert "Dúvidas sobre este formulário: Equipe de consultas: (65) 3613-0001" in html
    assert 'href="/privacidade-consultas/"' in html


def test_every_role_is_grouped_and_explained():
    from forms.roles import GROUPED_CHOICES, ROLE_HELP, Role

    grouped = [value for _, choices in GROUPED_CHOICES for value, _ in choices]
    assert sorted(grouped) == sorted(role.value for role in Role)
    assert set(ROLE_HELP) == set(Role)
