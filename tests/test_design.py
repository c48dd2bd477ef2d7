"""The project uses Wagtail through its public API: a Wagtail upgrade that changes
its internals must not break us silently."""

import importlib
import pkgutil
import re
from pathlib import Path

import wagtail

ROOT = Path(__file__).resolve().parents[1]
SKIPPED = {".venv", "tests", "node_modules", "var", "static", "templates", "locale", "docs"}


def project_python_files():
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if parts[0] in SKIPPED or parts[0].startswith(".") or "migrations" in parts:
            continue
        yield path


def is_ours(path):
    try:
        parts = path.relative_to(ROOT).parts
    except ValueError:
        return False
    return not parts[0].startswith(".")


def test_the_project_source_is_found():
    names = {str(path.relative_to(ROOT)) for path in project_python_files()}
    assert "forms/models.py" in names and "home/page_cache.py" in names


def test_no_module_touches_wagtails_private_attributes():
    private = re.compile(r"\b_wagtail_\w+")
    found = {
        str(path.relative_to(ROOT)): private.findall(path.read_text())
        for path in project_python_files()
        if private.search(path.read_text())
    }
    assert found == {}


def test_no_module_imports_wagtails_template_tag_libraries():
    library = re.compile(r"wagtail[\w.]*\.templatetags")
    found = [
        str(path.relative_to(ROOT))
        for path in project_python_files()
        if library.search(path.read_text())
    ]
    assert found == []


def test_wagtails_template_tags_are_wagtails_own():
    """Every tag and filter in Wagtail's libraries is still the function Wagtail
    registered (Wagtail's, or a library's it uses): none is a wrapper of ours."""
    replaced = []
    for module_info in pkgutil.walk_packages(wagtail.__path__, "wagtail."):
        if ".templatetags." not in module_info.name or "test" in module_info.name:
            continue
        try:
            module = importlib.import_module(module_info.name)
        except ImportError:  # an optional contrib module's dependency
            continue
        register = getattr(module, "register", None)
        if register is None:
            continue
        for kind in ("tags", "filters"):
            for name, function in getattr(register, kind).items():
                code = getattr(getattr(function, "__wrapped__", function), "__code__", None)
                source = Path(code.co_filename).resolve() if code else None
                if source is not None and is_ours(source):
                    replaced.append(f"{module_info.name}:{name}")
    assert replaced == []
