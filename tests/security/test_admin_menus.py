"""The admin menu entries of the inbox, the letter queue and the failed e-mails
show exactly to the groups (inbox/permissions.py) whose users may open them:
each viewset's menu item asks the same permission policy as its views."""

import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from inbox.permissions import ATTENDANTS, EDITORS, SUPERVISORS
from tests.inbox.conftest import member

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>')

# Menu item name -> (the groups that may use it, the address it opens).
MENUS = {
    "cases": ({ATTENDANTS, SUPERVISORS}, "inbox:index"),
    "letters": ({ATTENDANTS, SUPERVISORS}, "supplier_letters:queue"),
    # No group reads submissions outside the inbox (`view_submission`, see the
    # roles migration); superusers and holders of that permission do.
    "failed-emails": (set(), "failed_emails:index"),
}


def packed_values(value, found):
    """Telepath writes a value seen twice once, with an `_id`, then `{"_ref": id}`."""
    if isinstance(value, dict):
        if "_id" in value:
            found[value["_id"]] = value.get("_val", value)
        for item in value.values():
            packed_values(item, found)
    elif isinstance(value, list):
        for item in value:
            packed_values(item, found)
    return found


def menu_item_names(client):
    """Every item of the main menu the user sees, submenus (Reports) included."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    props = json.loads(SIDEBAR.search(html)[1])
    packed = packed_values(props, {})

    def unpacked(value):
        if isinstance(value, dict) and "_ref" in value:
            return packed[value["_ref"]]
        if isinstance(value, dict) and "_val" in value:
            return value["_val"]
        return value

    main = next(m for m in props["modules"] if m["_type"] == "wagtail.sidebar.MainMenuModule")
    names = set()

    def walk(items):
        for item in map(unpacked, items):
            first, *rest = item["_args"]
            names.add(unpacked(unpacked(first)["name"]))
            for more in map(unpacked, rest):
                if isinstance(more, list):
                    walk(more)

    walk(main["_args"][0])
    return names


def may_open(client, url_name):
    status = client.get(reverse(url_name)).status_code
    assert status in (200, 302, 403), (url_name, status)
    return status == 200


@pytest.mark.parametrize("group", [EDITORS, ATTENDANTS, SUPERVISORS])
def test_menu_entries_show_to_the_groups_that_may_use_them(client, django_user_model, group):
    client.force_login(member(django_user_model, "pessoa", group))
    shown = menu_item_names(client)
    for name, (groups, url_name) in MENUS.items():
        expected = group in groups
        assert (name in shown) is expected, (group, name)
        assert may_open(client, url_name) is expected, (group, name)


def test_failed_emails_show_to_whoever_may_see_the_outbox(client, django_user_model):
    user = member(django_user_model, "leitora", EDITORS)
    client.force_login(user)
    assert "failed-emails" not in menu_item_names(client)
    user.user_permissions.add(Permission.objects.get(codename="view_submission"))
    assert "failed-emails" not in menu_item_names(client)  # reading cases is not enough
    user.user_permissions.add(
        Permission.objects.get(codename="view_outboundemail", content_type__app_label="core")
    )
    assert "failed-emails" in menu_item_names(client)
    assert may_open(client, "failed_emails:index")
    assert "cases" not in menu_item_names(client)  # the inbox asks its own policy


def test_a_superuser_sees_every_entry(admin_client):
    shown = menu_item_names(admin_client)
    assert set(MENUS) <= shown
    for _groups, url_name in MENUS.values():
        assert may_open(admin_client, url_name)
