"""Guidance suggested while a citizen writes a complaint (issue #17, item 5)."""

import datetime
import json

import pytest
from django.utils import timezone

from forms.demo import field, step
from forms.models import FormKind, FormPage, Submission
from services import suggestions
from services.models import GuidancePage, SuggestionOpening

pytestmark = pytest.mark.django_db

DEFECT = "compras-e-garantia/produtos-com-defeito/conserto-fora-do-prazo"


@pytest.fixture
def complaint(demo_content):
    """A two-step complaint: the problem and the description first, then the wish."""
    home = demo_content.root_page
    page = home.add_child(
        instance=FormPage(
            title="Reclamação curta",
            slug="reclamacao-curta",
            kind=FormKind.COMPLAINT,
            steps=[
                step(
                    "O que aconteceu",
                    [
                        field("problem", "Qual foi o problema?", "problema", role="problem"),
                        field(
                            "multiline",
                            "Conte o que aconteceu",
                            "descricao",
                            role="description",
                            max_length=5000,
                        ),
                    ],
                ),
                step(
                    "O que você quer",
                    [field("radio", "Pedido", "pedido", choices=["Troca", "Outro"])],
                ),
            ],
            declaration="Declaro que as informações são verdadeiras.",
        )
    )
    page.save_revision().publish()
    return FormPage.objects.get(pk=page.pk)


def test_the_problem_alone_suggests_the_defective_product_page_first(demo_content):
    pages = suggestions.suggest(DEFECT)
    assert 1 <= len(pages) <= 3
    assert pages[0].slug == "produto-com-defeito"
    assert all(isinstance(page, GuidancePage) for page in pages)


def test_the_description_counts_too(demo_content):
    pages = suggestions.suggest("", "A minha conta de luz veio muito alta este mês")
    assert pages[0].slug == "conta-de-luz-ou-agua-alta"


def test_nothing_to_match_suggests_nothing(demo_content):
    assert suggestions.suggest("") == []
    assert suggestions.suggest("não/existe/isto", "de com para") == []


def test_endpoint_answers_json_cached_and_bounded(
    client, demo_content, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        response = client.get("/busca/sugestoes/", {"problema": DEFECT, "texto": "geladeira"})
    assert response.status_code == 200
    # What the citizen typed is in the address: no browser or proxy keeps it.
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    data = json.loads(response.content)
    first = data["results"][0]
    defect = GuidancePage.objects.get(slug="produto-com-defeito", locale__language_code="pt-br")
    assert first["url"] == f"/busca/abrir/{defect.pk}/"
    assert first["title"] == defect.title
    assert data["message"].endswith("podem ajudar você.")
    # The same words again come from the cache.
    with django_assert_max_num_queries(0):
        again = client.get("/busca/sugestoes/", {"problema": DEFECT, "texto": "geladeira"})
    assert json.loads(again.content) == data


def test_endpoint_survives_bad_input(client, demo_content):
    for params in [
        {},
        {"problema": "../../etc/passwd", "texto": "x" * 10000},
        {"problema": "a/b/c", "texto": 'javascript:alert(1) "OR 1=1'},
        {"texto": "NEAR(a b) * ^ { } : -"},
    ]:
        response = client.get("/busca/sugestoes/", params)
        assert response.status_code == 200, params
        assert isinstance(json.loads(response.content)["results"], list)
    assert client.post("/busca/sugestoes/").status_code == 405


def test_endpoint_is_rate_limited(client, demo_content, monkeypatch):
    from services import views

    monkeypatch.setattr(views, "SUGGESTIONS_PER_MINUTE", 2)
    for _ in range(2):
        assert client.get("/busca/sugestoes/", {"texto": "garantia"}).status_code == 200
    response = client.get("/busca/sugestoes/", {"texto": "garantia"})
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_opening_a_suggestion_counts_and_redirects(client, demo_content):
    defect = GuidancePage.objects.get(slug="produto-com-defeito", locale__language_code="pt-br")
    token = suggestions.sign_journey(suggestions.journey_key("abc"))
    response = client.get(f"/busca/abrir/{defect.pk}/", {"j": token})
    assert response.status_code == 302 and response["Location"] == defect.url
    opening = SuggestionOpening.objects.get()
    assert opening.page_id == defect.pk
    assert opening.journey == suggestions.journey_key("abc") != "abc"
    # A forged journey is counted without one; unpublished or unknown pages are not found.
    client.get(f"/busca/abrir/{defect.pk}/", {"j": "abc:forged"})
    assert SuggestionOpening.objects.filter(journey="").count() == 1
    defect.unpublish()
    assert client.get(f"/busca/abrir/{defect.pk}/").status_code == 404
    assert client.get("/busca/abrir/999999/").status_code == 404
    # Only guidance pages: not the root (no address) nor any other page.
    assert client.get("/busca/abrir/1/").status_code == 404
    home = GuidancePage.objects.get(
        slug="produto-com-defeito", locale__language_code="pt-br"
    ).get_parent()
    assert client.get(f"/busca/abrir/{home.pk}/").status_code == 404
    assert SuggestionOpening.objects.count() == 2


def test_without_javascript_the_next_step_shows_the_suggestions(client, complaint):
    first = client.get(f"{complaint.url}etapa/1/").content.decode()
    # On the problem's step the box waits, hidden, for the script.
    assert 'data-guidance-suggestions="/busca/sugestoes/"' in first
    assert 'data-problem-field="id_problema"' in first
    assert 'data-description-field="id_descricao"' in first
    assert "js/guidance-suggestions" in first

    response = client.post(
        f"{complaint.url}etapa/1/",
        {"problema": DEFECT, "descricao": "A geladeira parou e a loja não consertou."},
    )
    assert response.status_code == 302
    html = client.get(f"{complaint.url}etapa/2/").content.decode()
    defect = GuidancePage.objects.get(slug="produto-com-defeito", locale__language_code="pt-br")
    assert f'href="/busca/abrir/{defect.pk}/?j=' in html
    assert "(abre em nova aba)" in html
    assert 'target="_blank"' in html
    assert "data-guidance-suggestions" not in html  # nothing for the script to do here


def test_a_form_without_a_problem_field_shows_nothing(client, demo_content):
    html = client.get("/consulta/etapa/1/").content.decode()
    assert "guidance-suggestions" not in html


def test_a_sent_complaint_marks_its_openings_and_the_report_counts_the_rest(
    client, admin_client, complaint
):
    from forms.models import Draft

    client.post(f"{complaint.url}etapa/1/", {"problema": DEFECT, "descricao": "Quebrou."})
    html = client.get(f"{complaint.url}etapa/2/").content.decode()
    link = html.split('href="/busca/abrir/', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    client.get("/busca/abrir/" + link)
    draft = Draft.objects.get()
    opening = SuggestionOpening.objects.get()
    assert opening.journey == suggestions.journey_key(draft.pk)
    assert not opening.journey_submitted

    client.post(f"{complaint.url}etapa/2/", {"pedido": "Troca"})
    client.post(f"{complaint.url}revisar/", {"declaration_confirmed": "on"})
    assert Submission.objects.count() == 1
    opening.refresh_from_db()
    assert opening.journey_submitted

    # Another journey opened a page long ago and never sent: resolved without complaining.
    page = GuidancePage.objects.get(slug="produto-com-defeito", locale__language_code="pt-br")
    old = SuggestionOpening.objects.create(page=page, journey="x" * 32)
    SuggestionOpening.objects.filter(pk=old.pk).update(
        opened_at=timezone.now() - datetime.timedelta(days=30)
    )
    SuggestionOpening.objects.create(page=page, journey="y" * 32)  # still being written
    report = admin_client.get("/admin/resolvidos-sem-reclamacao/").content.decode()
    assert "1 de 3 reclamações" in report
    assert "1 foram enviadas depois; 1 ainda estão" in report
    assert page.title in report
