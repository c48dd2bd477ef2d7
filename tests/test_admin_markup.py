"""Admin listings are Wagtail's: no project code copies its table markup.

A listing screen is a Wagtail view with columns rendered by Wagtail's table
template (`wagtailadmin/tables/table.html`); a column may write its own cell
(`<td>`), never a table, a row or the table's loops. Hand-written tables in
templates are listed below with the reason they are not listings."""

import fnmatch
import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_PROJECT = {".venv", "tests", "node_modules", "var", "static", "locale", "docs"}

# Templates with a small table that is not a listing of objects, and why.
SMALL_TABLES = {
    "inbox/dashboard_panel.html": "figures of the dashboard panel (by status, by week)",
    "inbox/bulk_transition.html": "the cases a bulk status change is about to change",
    "privacy/subject_search.html": "a data subject's records found across the apps",
}

TABLE_MARKUP = re.compile(r"<(table|thead|tbody|tr)[\s>]", re.IGNORECASE)


def project_files(pattern):
    for folder, dirs, files in os.walk(ROOT):
        dirs[:] = sorted(d for d in dirs if d not in NOT_PROJECT and not d.startswith("."))
        for name in sorted(fnmatch.filter(files, pattern)):
            yield Path(folder) / name


def test_no_python_writes_a_table_or_its_rows():
    found = []
    for path in project_files("*.py"):
        text = path.read_text(encoding="utf-8")
        if "ROW_HTML" in text or 'class="listing' in text or TABLE_MARKUP.search(text):
            found.append(str(path.relative_to(ROOT)))
    assert found == []


def test_no_template_copies_wagtails_table():
    templates = ROOT / "templates"
    assert not (templates / "wagtailadmin" / "tables").exists()
    copies, tables = [], set()
    for path in project_files("*.html"):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(templates).as_posix() if templates in path.parents else path
        # Wagtail's table template loops over `table.columns` and `table.rows`.
        if re.search(r"table\.(rows|columns|case_rows)", text):
            copies.append(name)
        if 'class="listing' in text:
            tables.add(name)
    assert copies == []
    assert tables <= set(SMALL_TABLES), tables - set(SMALL_TABLES)


def test_the_scan_sees_the_project():
    """The scans above read the apps' code and templates (not an empty folder)."""
    python = {path.relative_to(ROOT).as_posix() for path in project_files("*.py")}
    assert {"inbox/views/columns.py", "core/admin_views.py"} <= python
    html = {path.relative_to(ROOT).as_posix() for path in project_files("*.html")}
    assert "templates/inbox/case_index.html" in html
