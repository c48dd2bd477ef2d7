"""Wagtail's default groups and workflow become Portuguese, on a fresh database
(as migrated for the tests) and on one that already has them, with members."""

from importlib import import_module

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from .conftest import ensure_roles, member

pytestmark = pytest.mark.django_db

MIGRATION = "0010_portuguese_groups_and_workflows"


def migrate():
    state = MigrationLoader(connection).project_state(("inbox", MIGRATION))
    import_module(f"inbox.migrations.{MIGRATION}").forwards(state.apps, None)


def wagtail_defaults():
    """What Wagtail's own migrations leave: two groups and the moderators' workflow."""
    editors = Group.objects.create(name="Editors")
    moderators = Group.objects.create(name="Moderators")
    task = GroupApprovalTask.objects.create(
        name="Moderators approval",
        content_type=ContentType.objects.get_for_model(GroupApprovalTask),
    )
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.objects.get(depth=1), defaults={"workflow": workflow}
    )
    return editors, moderators


def test_a_migrated_database_has_only_portuguese_groups_and_workflows():
    ensure_roles()
    migrate()  # a flushed database lost them; on a migrated one this changes nothing
    names = set(Group.objects.values_list("name", flat=True))
    assert not names & {"Editors", "Moderators"}
    assert {"Editores de conteúdo", "Atendentes", "Supervisores"} <= names
    workflows = set(Workflow.objects.values_list("name", flat=True))
    assert "Moderators approval" not in workflows
    assert "Aprovação de formulários" in workflows
    assert not GroupApprovalTask.objects.filter(name__icontains="approval").exists()


def test_existing_members_move_to_the_portuguese_group(django_user_model):
    ensure_roles()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()
    Workflow.objects.all().delete()
    editors, moderators = wagtail_defaults()
    ana = member(django_user_model, "ana")
    bia = member(django_user_model, "bia")
    ana.groups.add(editors)
    bia.groups.add(moderators)
    moderators.permissions.add(Permission.objects.get(codename="delete_pagefeedback"))
    Group.objects.get(name="Editores de conteúdo").permissions.remove(
        Permission.objects.get(codename="delete_pagefeedback")
    )

    migrate()
    migrate()  # run again: nothing changes, nothing doubles

    content_editors = Group.objects.get(name="Editores de conteúdo")
    assert set(content_editors.user_set.values_list("username", flat=True)) >= {"ana", "bia"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    # The old groups' permissions came along (nobody loses what they could do).
    assert content_editors.permissions.filter(codename="delete_pagefeedback").exists()

    pages = Workflow.objects.get(name="Aprovação de páginas")
    assert pages.workflow_pages.filter(page__depth=1).exists()  # still on the whole tree
    task = pages.tasks.get().specific
    assert task.name == "Revisão pelos editores de conteúdo"
    assert list(task.groups.all()) == [content_editors]

    forms = Workflow.objects.get(name="Aprovação de formulários")
    assert [g.name for g in forms.tasks.get().specific.groups.all()] == ["Supervisores"]
    assert Workflow.objects.count() == 2
