"""The demo content's data files: every one parses, and every page one names
(a table with a slug and a title) is on the site after loading, as named."""

import tomllib
from pathlib import Path

import pytest
from wagtail.models import Page

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(ROOT.glob("*/demo/content/*.toml"))


def named_pages(data):
    """Every table of the file with a slug and a title: the pages it names."""
    if isinstance(data, dict):
        if isinstance(data.get("slug"), str) and isinstance(data.get("title"), str):
            yield data["slug"], data["title"]
        for value in data.values():
            yield from named_pages(value)
    elif isinstance(data, list):
        for item in data:
            yield from named_pages(item)


def test_there_are_data_files_for_every_app_with_demo_content():
    apps = {path.relative_to(ROOT).parts[0] for path in DATA_FILES}
    assert apps == {"home", "services", "forms", "supplier_enrolment"}


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_data_file_parses(path):
    with open(path, "rb") as file:
        assert tomllib.load(file)


@pytest.mark.django_db
def test_every_page_a_data_file_names_is_created(demo_content):
    named = {}
    for path in DATA_FILES:
        with open(path, "rb") as file:
            for slug, title in named_pages(tomllib.load(file)):
                named[slug] = title
    assert len(named) >= 25  # guidance, step-by-step, news, forms, indexes, notices
    live = {
        page.slug: page.title
        for page in Page.objects.live().filter(slug__in=named, locale__language_code="pt-br")
    }
    assert live == named
