"""Form pages go live through review: content editors submit them to the forms'
workflow, supervisors approve; editors still publish other pages themselves."""

from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse
from wagtail.models import Workflow
from wagtail.test.utils.form_data import nested_form_data

from forms import approval
from forms.models import FormPage
from inbox.permissions import EDITORS, SUPERVISORS
from services.models import TopicIndexPage
from tests.inbox.conftest import ensure_roles, member

from .test_editor import three_step_post_data

pytestmark = pytest.mark.django_db

MIGRATION = ("inbox", "0010_portuguese_groups_and_workflows")


@pytest.fixture
def workflows(db):
    """The groups and workflows as the migrations leave them (rebuilt when an
    earlier transactional test flushed the database)."""
    ensure_roles()
    if not Workflow.objects.filter(name=approval.WORKFLOW).exists():
        state = MigrationLoader(connection).project_state(MIGRATION)
        import_module("inbox.migrations." + MIGRATION[1]).forwards(state.apps, None)
    return Workflow.objects.get(name=approval.WORKFLOW)


@pytest.fixture
def editor(workflows, django_user_model):
    return member(django_user_model, "editora", EDITORS)


@pytest.fixture
def supervisor(workflows, django_user_model):
    return member(django_user_model, "supervisora", SUPERVISORS)


@pytest.fixture
def live_form(admin_client, home_page, workflows):
    """A live form page, published by a superuser through the admin."""
    data = three_step_post_data(title="Denúncia", slug="denuncia")
    data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add", args=["procon_forms", "formpage", home_page.pk])
    assert admin_client.post(url, data).status_code == 302
    page = FormPage.objects.get(slug="denuncia")
    assert page.live
    return page


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def edit(client, page, action, title="Denúncia de preço abusivo"):
    data = three_step_post_data(title=title, slug=page.slug)
    data[action] = action
    return client.post(edit_url(page), data)


def test_every_form_page_uses_the_forms_workflow(live_form, workflows):
    assert live_form.get_workflow() == workflows
    assert live_form.has_workflow
    task = workflows.tasks.get().specific
    assert [group.name for group in task.groups.all()] == [SUPERVISORS]


def test_an_editor_is_offered_review_not_publishing(client, editor, live_form):
    client.force_login(editor)
    html = client.get(edit_url(live_form)).content.decode()
    assert 'name="action-submit"' in html
    assert "Aprovação de formulários" in html
    assert 'name="action-publish"' not in html
    assert not live_form.permissions_for_user(editor).can_publish()


def test_an_editors_publish_request_only_saves_a_draft(client, editor, live_form):
    client.force_login(editor)
    response = edit(client, live_form, "action-publish", title="Publicado sem revisão")
    assert response.status_code == 302
    live_form.refresh_from_db()
    assert live_form.title == "Denúncia"  # the live page did not change
    assert live_form.has_unpublished_changes
    assert live_form.get_latest_revision_as_object().title == "Publicado sem revisão"
    assert live_form.current_workflow_state is None


def test_an_editor_submits_and_a_supervisor_approves(client, editor, supervisor, live_form):
    client.force_login(editor)
    assert edit(client, live_form, "action-submit", title="Nova versão").status_code == 302
    live_form.refresh_from_db()
    state = live_form.current_workflow_state
    assert state.workflow.name == approval.WORKFLOW
    assert live_form.title == "Denúncia"
    # The editor cannot approve their own change.
    task_state = state.current_task_state
    assert not task_state.task.specific.get_actions(live_form, editor)

    client.force_login(supervisor)
    assert client.get(edit_url(live_form)).status_code == 200
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[live_form.pk, "approve", task_state.pk]
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    live_form.refresh_from_db()
    assert live_form.title == "Nova versão"
    assert live_form.live and not live_form.has_unpublished_changes


def test_a_new_form_page_by_an_editor_is_a_draft(client, editor, home_page):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["procon_forms", "formpage", home_page.pk])
    html = client.get(url).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    data = three_step_post_data(title="Formulário novo", slug="formulario-novo")
    data["action-publish"] = "action-publish"
    assert client.post(url, data).status_code == 302
    page = FormPage.objects.get(slug="formulario-novo")
    assert not page.live


def test_a_new_form_page_by_an_editor_goes_to_review(client, editor, home_page):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["procon_forms", "formpage", home_page.pk])
    data = three_step_post_data(title="Formulário novo", slug="formulario-novo")
    data["action-submit"] = "action-submit"
    assert client.post(url, data).status_code == 302
    page = FormPage.objects.get(slug="formulario-novo")
    assert not page.live
    assert page.current_workflow_state.workflow.name == approval.WORKFLOW


def test_a_supervisor_or_superuser_may_publish_forms(supervisor, admin_user, editor):
    assert approval.may_publish_forms(supervisor)
    assert approval.may_publish_forms(admin_user)
    assert not approval.may_publish_forms(editor)


def test_without_the_forms_workflow_only_superusers_publish_forms(
    workflows, supervisor, admin_user
):
    workflows.deactivate()
    assert not approval.may_publish_forms(supervisor)
    assert approval.may_publish_forms(admin_user)


def test_editors_still_publish_other_pages(client, editor, home_page):
    index = home_page.add_child(instance=TopicIndexPage(title="Orientações", slug="orientacoes"))
    index.save_revision().publish()
    client.force_login(editor)
    html = client.get(edit_url(index)).content.decode()
    assert 'name="action-publish"' in html
    data = nested_form_data({"title": "Orientações ao consumidor", "slug": "orientacoes"})
    data["intro"] = "Seus direitos."
    data["action-publish"] = "action-publish"
    assert client.post(edit_url(index), data).status_code == 302
    index.refresh_from_db()
    assert index.title == "Orientações ao consumidor"
    assert not index.has_unpublished_changes
