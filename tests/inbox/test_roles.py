"""The roles migration: three groups with the permissions their jobs need."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

pytestmark = pytest.mark.django_db


def codenames(name):
    return set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))


def test_roles_have_the_right_permissions(supervisor):  # the fixture ensures the groups
    editors = codenames("Editores de conteúdo")
    assert "access_admin" in editors
    # Content work only (pages, the topic taxonomy, page feedback): nothing about cases.
    access_log = {"view_case_access_log", "view_staff_access_log"}
    assert not editors & ({"work_case", "supervise_case", "view_submission"} | access_log)
    assert {"change_topic", "view_pagefeedback"} <= editors
    assert GroupPagePermission.objects.filter(group__name="Editores de conteúdo").exists()
    assert {"access_admin", "work_case"} <= codenames("Atendentes")
    assert not codenames("Atendentes") & ({"supervise_case"} | access_log)
    assert {"supervise_case", "change_workflowsettings"} | access_log <= codenames("Supervisores")
    for group in ("Editores de conteúdo", "Atendentes", "Supervisores"):
        assert "view_submission" not in codenames(group)
