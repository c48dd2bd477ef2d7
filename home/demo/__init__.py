"""Demo content for the home page, the agency settings (Procon-MT) and the
privacy notice, and what every app's demo loader shares.

The content is data: TOML files in each app's `demo/content/` folder, read
with `read_content`; the loaders build the pages from them through the
models. Each loader is idempotent: it looks things up by a stable key (slug,
site) and only creates or updates; running it twice changes nothing. Nothing
a person changed in the admin is overwritten: a page or snippet someone
edited, published, unpublished or moved is left as it is
(`edited_by_person`), and the agency settings are only filled where they are
empty or at their default.
"""

import tomllib
from pathlib import Path

from wagtail.models import Locale, Page, Site

from ..models import AgencySettings, HomePage, PrivacyNoticePage

CONTENT = Path(__file__).with_name("content")


def read_content(path):
    """A demo data file (TOML) as a dict."""
    with open(path, "rb") as file:
        return tomllib.load(file)


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {
            key: _without_ids(value)
            for key, value in data.items()
            if not (key == "id" and "value" in data)
        }
    return data


def stream_data(stream_value):
    """A StreamField's content in storage form without block ids, to compare."""
    return _without_ids(stream_value.stream_block.get_prep_value(stream_value))


def same_stream(stream_value, wanted_raw):
    """Whether a StreamField holds `wanted_raw` (demo data), ignoring block ids."""
    block = stream_value.stream_block
    return stream_data(stream_value) == _without_ids(
        block.get_prep_value(block.to_python(wanted_raw))
    )


def edited_by_person(instance):
    """Whether someone signed in changed `instance` (a page or a snippet) in the
    admin. Wagtail records the user with every revision (drafts included) and
    logs every publication, unpublication and move with it; the demo loaders
    run without one."""
    from wagtail.log_actions import registry

    if instance is None or instance.pk is None:
        return False
    revisions = getattr(instance, "revisions", None)  # drafts are saved without a log entry
    if revisions is not None and revisions.exclude(user=None).exists():
        return True
    return registry.get_logs_for_instance(instance).exclude(user=None).exists()


def kept(stdout, what):
    if stdout:
        stdout.write(f"  kept as edited in the admin: {what}")


def default_site():
    """The default site and its HomePage, created when the database has none
    (the migration normally creates them; a flushed test database does not)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Locale.objects.get_or_create(language_code="pt-br")
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Procon", slug="home"))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site, site.root_page.specific


def load_home_page(stdout=None):
    """Fill the home page and the agency settings of the default site."""
    content = read_content(CONTENT / "home.toml")
    site, home = default_site()
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage.")

    settings_obj = AgencySettings.for_site(site)
    changed = False
    for field, value in content["agency"].items():
        # What the agency wrote stays: only an empty field, or one still at the
        # model's default, is filled.
        current = getattr(settings_obj, field)
        if current != value and current in (
            "",
            None,
            AgencySettings._meta.get_field(field).get_default(),
        ):
            setattr(settings_obj, field, value)
            changed = True
    menu = [{"type": "link", "value": {"page": None, **item}} for item in content["menu"]]
    if not settings_obj.main_menu:
        settings_obj.main_menu = menu
        changed = True
    if changed:
        settings_obj.save()

    wanted = dict(content["home_page"])
    services = [
        {
            "type": "service",
            "value": {
                "title": service["title"],
                "description": service["description"],
                "page": None,
                "url": service["url"],
                "button_text": service["button_text"],
            },
        }
        for service in wanted.pop("service")
    ]
    current = {key: getattr(home, key) for key in wanted}
    if edited_by_person(home):
        kept(stdout, "home page")
    elif (
        current != wanted
        or not same_stream(home.services, services)
        or home.has_unpublished_changes
    ):
        for key, value in wanted.items():
            setattr(home, key, value)
        home.draft_title = home.title
        home.services = services
        home.save_revision().publish()
        if stdout:
            stdout.write("  home page updated")


def load_privacy_notice(stdout=None):
    """The privacy notice at /privacidade/, named in the agency settings."""
    wanted = read_content(CONTENT / "privacy.toml")["page"]
    slug = wanted.pop("slug")
    site, home = default_site()
    page = PrivacyNoticePage.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = PrivacyNoticePage(slug=slug, **wanted)
        home.add_child(instance=page)
        page.save_revision().publish()
        if stdout:
            stdout.write("  privacy notice published")
    elif edited_by_person(page):
        kept(stdout, page.url_path)
    elif (
        any(getattr(page, key) != value for key, value in wanted.items())
        or not page.live
        or page.has_unpublished_changes
    ):
        for key, value in wanted.items():
            setattr(page, key, value)
        page.draft_title = page.title
        page.save_revision().publish()
    agency = AgencySettings.for_site(site)
    if agency.privacy_page_id != page.pk:
        agency.privacy_page = page
        agency.save()
