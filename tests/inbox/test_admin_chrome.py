"""The admin sidebar and shortcuts dialog come from the cache (home/admin_chrome.py)
and still follow the user's groups, permissions and name at once."""

import json
import re
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.admin.menu import admin_menu

from inbox.permissions import ATTENDANTS

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>')


def sidebar(client):
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    return json.loads(SIDEBAR.search(html)[1])


def menu_names(props):
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return {item["_args"][0]["name"] for item in main["_args"][0]}


def account_name(props):
    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    return main["_args"][2]["name"]


def test_second_page_reuses_the_sidebar_and_it_is_wagtails(client, editor, settings):
    client.force_login(editor)
    render = admin_menu.render_component
    with mock.patch.object(admin_menu, "render_component", wraps=render) as menu:
        first = sidebar(client)
        second = sidebar(client)
    assert menu.call_count == 1
    assert first == second
    settings.ADMIN_SIDEBAR_CACHE_SECONDS = 0
    assert sidebar(client) == first


def test_joining_a_group_shows_its_menu_at_once(client, editor):
    client.force_login(editor)
    assert "cases" not in menu_names(sidebar(client))
    editor.groups.add(Group.objects.get(name=ATTENDANTS))
    assert "cases" in menu_names(sidebar(client))
    editor.groups.remove(Group.objects.get(name=ATTENDANTS))
    assert "cases" not in menu_names(sidebar(client))


def test_a_group_losing_a_permission_hides_its_menu_at_once(client, attendant):
    client.force_login(attendant)
    assert "cases" in menu_names(sidebar(client))
    group = Group.objects.get(name=ATTENDANTS)
    group.permissions.remove(*group.permissions.filter(codename="work_case"))
    assert "cases" not in menu_names(sidebar(client))


def test_users_do_not_share_sidebars_and_names_show_at_once(client, editor, attendant):
    client.force_login(attendant)
    assert account_name(sidebar(client)) == "Atendente"
    client.force_login(editor)
    assert account_name(sidebar(client)) == "Editora"
    editor.first_name = "Beatriz"
    editor.save()
    assert account_name(sidebar(client)) == "Beatriz"


def test_shortcuts_dialog_is_wagtails(client, editor, settings):
    client.force_login(editor)
    url = reverse("wagtailadmin_home")
    dialog = re.compile(r'id="keyboard-shortcuts-dialog".*?</table>', re.S)
    first = dialog.search(client.get(url).content.decode())[0]
    assert "keyboard-shortcuts-dialog" in first
    mac = client.get(url, HTTP_USER_AGENT="Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)")
    assert dialog.search(mac.content.decode())[0] != first  # ⌘ rather than Ctrl
    assert dialog.search(client.get(url).content.decode())[0] == first
