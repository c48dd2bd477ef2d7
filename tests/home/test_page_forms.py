"""A slug clash (e.g. an autosaved draft left behind on the add screen) is
explained in Portuguese, with a link to the page that holds the address."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.models import HomePage
from supplier_enrolment.models import EnrolmentInfoPage


class SlugClashTests(WagtailPageTestCase):
    def setUp(self):
        self.user = self.login()
        self.home = HomePage.objects.get(depth=2)
        # What autosave leaves when an editor starts a page and goes away.
        self.draft = self.home.add_child(
            instance=EnrolmentInfoPage(
                title="Empresas", slug="empresas", intro="Adesão.", live=False
            )
        )
        self.draft.save_revision(user=self.user)

    def post_again(self):
        data = nested_form_data(
            {
                "title": "Empresas",
                "slug": "empresas",
                "intro": "Outra.",
                "body": rich_text("<p>Outro.</p>"),
                "call_to_action": "Pedir a adesão",
            }
        )
        url = reverse(
            "wagtailadmin_pages:add", args=["supplier_enrolment", "enrolmentinfopage", self.home.pk]
        )
        return self.client.post(url, data)

    def test_the_clash_names_the_draft_and_links_to_it(self):
        response = self.post_again()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(EnrolmentInfoPage.objects.count(), 1)
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.draft.pk])
        [message] = response.context["form"].errors["slug"]
        self.assertIn("Já existe uma página no endereço “empresas” aqui: “Empresas”", message)
        self.assertIn("rascunho salvo em", message)
        self.assertIn(f'<a href="{edit_url}">Abrir essa página</a>', message)
        # Under the slug field, as HTML (the link works); nothing in the top list,
        # where Wagtail shows errors as text.
        self.assertContains(response, f'<a href="{edit_url}">Abrir essa página</a>', html=False)
        self.assertNotContains(response, "&lt;a href=")
        self.assertEqual(response.context["form"].non_field_errors(), [])
        self.assertNotContains(response, "is already in use")

    def test_a_live_page_is_named_as_published(self):
        self.draft.save_revision(user=self.user).publish()
        response = self.post_again()
        [message] = response.context["form"].errors["slug"]
        self.assertIn("(publicada)", message)
