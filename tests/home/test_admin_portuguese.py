"""The Wagtail admin reads in Portuguese for every staff role.

Each role signs in, opens every page of its admin menu, the page editor and the
account page, and no known English string may show. The messages Wagtail's own
pt-BR catalogues lack are translated by ours (home/wagtail_pt_br.py and
locale/pt_BR/LC_MESSAGES/djangojs.po); a Wagtail upgrade that renames one is
caught here too.
"""

import ast
import html
import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.urls import reverse
from django.utils import translation

from forms.models import FormPage
from home import wagtail_pt_br
from inbox.permissions import ATTENDANTS, EDITORS, SUPERVISORS
from services.models import GuidancePage
from tests.forms.test_approval import workflows  # noqa: F401  (fixture)
from tests.forms.test_editor import three_step_post_data
from tests.inbox.conftest import member

pytestmark = pytest.mark.django_db

WAGTAIL = Path(wagtail.__file__).parent
JS_CATALOGUE = Path(__file__).resolve().parents[2] / "locale/pt_BR/LC_MESSAGES/djangojs.po"

# What editors reported, and Wagtail's words for its default groups and workflow.
KNOWN_ENGLISH = [
    "Autosave is paused",
    "Autosave is <span>paused</span>",
    "could not be created due to validation errors",
    "could not be saved due to validation errors",
    "Select an option",
    "Keyboard shortcuts are currently",
    "Show keyboard shortcuts",
    "Moderators approval",
    "Go to the first error",
    "Schedule to publish",
    "Currently idle",
    "You have unsaved changes",
    "Readability",
    "Usage count",
    "Grid layout",
    "List layout",
    "More contrast",
]
KNOWN_ENGLISH_PATTERNS = [
    re.compile(r"\b\d+ (Images?|Documents?|Pages?)\b"),
    re.compile(r"\b(Editors|Moderators)\b"),
]


def literal_phrases():
    """Wagtail's messages we translate, as the plain phrases that would show
    untranslated: the longest run of text between placeholders and tags, when
    it has three words or more."""
    phrases = []
    for message in wagtail_pt_br.MESSAGES:
        parts = re.split(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>", message)
        longest = max(parts, key=len).strip(" .,:'\"")
        if len(longest.split()) >= 3:
            phrases.append(longest)
    return phrases


def english_in(content):
    text = html.unescape(content)
    found = [phrase for phrase in KNOWN_ENGLISH + literal_phrases() if phrase in text]
    for pattern in KNOWN_ENGLISH_PATTERNS:
        found += [m.group(0) for m in pattern.finditer(text)]
    return found


def menu_urls(content):
    """Every admin URL in the sidebar (Wagtail serialises the menu as JSON)."""
    match = re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', content, re.S)
    assert match, "no sidebar on the dashboard"
    urls = []

    def walk(node):
        if isinstance(node, dict):
            url = node.get("url")
            if isinstance(url, str) and url.startswith("/admin/"):
                urls.append(url)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(match.group(1)))
    return list(dict.fromkeys(urls))


@pytest.fixture
def users(workflows, django_user_model):  # noqa: F811
    return {
        "superuser": django_user_model.objects.create_superuser("chefe", "c@procon.example", "x"),
        "editor": member(django_user_model, "editora", EDITORS),
        "attendant": member(django_user_model, "atendente", ATTENDANTS),
        "supervisor": member(django_user_model, "supervisora", SUPERVISORS),
    }


@pytest.mark.parametrize("role", ["superuser", "editor", "attendant", "supervisor"])
def test_every_admin_page_of_a_role_is_in_portuguese(client, demo_content, users, role):
    client.force_login(users[role])
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    urls = menu_urls(dashboard.content.decode())
    assert len(urls) >= 2
    guidance = GuidancePage.objects.live().first()
    form = FormPage.objects.live().first()
    urls += [
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_pages:edit", args=[guidance.pk]),
        reverse("wagtailadmin_pages:edit", args=[form.pk]),
        reverse("wagtailadmin_pages:add", args=["procon_forms", "formpage", form.get_parent().pk]),
    ]
    pages = {reverse("wagtailadmin_home"): dashboard.content.decode()}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        if response.status_code == 200:
            pages[url] = response.content.decode()
    if role in ("superuser", "editor"):
        assert any("/edit/" in url for url in pages), "the page editor was not shown"
        # A page sent with errors: Wagtail's message, in Portuguese.
        add_form = reverse(
            "wagtailadmin_pages:add", args=["procon_forms", "formpage", form.get_parent().pk]
        )
        response = client.post(add_form, three_step_post_data(title="", slug="rascunho"))
        assert response.status_code == 200
        pages["edit with errors"] = response.content.decode()
        assert "erros de validação" in pages["edit with errors"]

    english = {url: found for url, content in pages.items() if (found := english_in(content))}
    assert english == {}


def test_the_admin_scripts_messages_are_in_portuguese(admin_client):
    catalogue = polib.pofile(str(JS_CATALOGUE))
    with translation.override("pt-br"):
        script = admin_client.get("/admin/jsi18n/").content.decode()
    for entry in catalogue:
        translated = entry.msgstr or entry.msgstr_plural[1]
        assert json.dumps(translated)[1:-1] in script, entry.msgid


def wagtail_msgids(domain):
    msgids = set()
    for path in WAGTAIL.rglob(f"locale/en/LC_MESSAGES/{domain}.po"):
        msgids |= {entry.msgid for entry in polib.pofile(str(path))}
    return msgids


def test_our_wagtail_messages_match_wagtails_own():
    """A Wagtail upgrade that rewords a message leaves ours unused: update them."""
    tree = ast.parse(Path(wagtail_pt_br.__file__).read_text())
    ours = {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "").endswith("gettext_lazy")
    } | set(wagtail_pt_br.MESSAGES)
    assert len(ours) == len(wagtail_pt_br.MESSAGES) + len(wagtail_pt_br.PLURALS)
    assert ours - wagtail_msgids("django") == set()
    scripts = {entry.msgid for entry in polib.pofile(str(JS_CATALOGUE))}
    assert scripts - wagtail_msgids("djangojs") == set()


def test_our_wagtail_messages_are_translated():
    with translation.override("pt-br"):
        same = [m for m in wagtail_pt_br.MESSAGES if translation.gettext(m) == m]
    # Placeholders only, or a word Portuguese shares.
    assert set(same) <= {
        "%(range_start)s - %(range_end)s",
        "%(field_label)s:",
        "%(status_display)s %(task_name)s %(started_at)s",
        "item",
        "Token",
    }
