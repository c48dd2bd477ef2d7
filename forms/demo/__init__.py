"""Demo forms: complaint, consultation and supplier enrolment, as editors would
build them, read from content/forms.toml.

Idempotent: a page is created when its slug is missing and republished only
when its definition in the data file differs from what is live and no one has
changed it in the admin (an editor's form is never overwritten).

`field` and `step` build stream data as the form editor stores it; tests use
them to define forms of their own.
"""

import uuid
from pathlib import Path

from wagtail.models import Site

from home.demo import edited_by_person, kept, read_content, same_stream

from ..models import FormKind, FormPage

CONTENT = Path(__file__).with_name("content")


def field(type_name, label, key, *, role="", required=True, help_text="", condition=None, **extra):
    value = {
        "label": label,
        "key": key,
        "help_text": help_text,
        "required": required,
        "role": role,
        "condition": condition or {"field": "", "operator": "equals", "value": ""},
        **extra,
    }
    return {"type": type_name, "value": value}


def info(heading, html):
    return {
        "type": "information",
        "value": {
            "heading": heading,
            "text": html,
            "condition": {"field": "", "operator": "equals", "value": ""},
        },
    }


def step(title, fields, intro="", condition=None):
    return {
        "type": "step",
        "value": {
            "title": title,
            "intro": intro,
            "fields": fields,
            "condition": condition or {"field": "", "operator": "equals", "value": ""},
        },
    }


def _field(data):
    """A field (or information) block from its table in the data file."""
    data = dict(data)
    type_name = data.pop("type")
    if type_name == "information":
        return info(data["heading"], data["text"])
    if type_name == "problem":
        data["topic"] = None  # every topic (a data file names no snippet)
    return field(type_name, data.pop("label"), data.pop("key"), **data)


def _forms(content):
    """The forms of the data file as the loader writes them: page fields and steps."""
    forms = []
    for form in content["form"]:
        spec = {key: value for key, value in form.items() if key != "step"}
        spec["kind"] = FormKind(spec["kind"])
        spec["steps"] = [
            step(
                step_data["title"],
                [_field(field_data) for field_data in step_data["field"]],
                step_data.get("intro", ""),
                step_data.get("condition"),
            )
            for step_data in form["step"]
        ]
        forms.append(spec)
    return forms


# The demo forms, as {slug, title, kind, intro, ..., steps}; the steps by kind
# for tests that build forms like them.
FORMS = _forms(read_content(CONTENT / "forms.toml"))
COMPLAINT_STEPS, CONSULTATION_STEPS, ENROLMENT_STEPS = (
    next(spec["steps"] for spec in FORMS if spec["kind"] == kind)
    for kind in (FormKind.COMPLAINT, FormKind.CONSULTATION, FormKind.ENROLMENT)
)


def _with_block_ids(raw):
    """`raw` with an id on every block and option, nested ones included (Wagtail
    gives ids only to the top level of raw data; translations find blocks by id)."""
    if isinstance(raw, list):
        return [_with_block_ids(item) for item in raw]
    if isinstance(raw, dict):
        raw = {key: _with_block_ids(value) for key, value in raw.items()}
        if isinstance(raw.get("choices"), list):
            # Options as Wagtail stores a list: items with ids.
            raw["choices"] = [
                item if isinstance(item, dict) else {"type": "item", "value": item, "id": None}
                for item in raw["choices"]
            ]
            raw["choices"] = _with_block_ids(raw["choices"])
        if "type" in raw and "value" in raw and not raw.get("id"):
            raw["id"] = str(uuid.uuid4())
        return raw
    return raw


def _has_block_ids(stream_value):
    return _with_block_ids(list(stream_value.raw_data)) == list(stream_value.raw_data)


def load(stdout=None):
    home = Site.objects.get(is_default_site=True).root_page.specific
    for spec in FORMS:
        page = FormPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        simple = {k: v for k, v in spec.items() if k not in {"steps", "slug"}}
        if page is None:
            page = home.add_child(
                instance=FormPage(slug=spec["slug"], steps=_with_block_ids(spec["steps"]), **simple)
            )
            page.save_revision().publish()
            if stdout:
                stdout.write(f"  form created: /{spec['slug']}/")
            continue
        if edited_by_person(page):
            kept(stdout, f"/{spec['slug']}/")
            continue
        same = all(getattr(page, k) == v for k, v in simple.items())
        if (
            same
            and same_stream(page.steps, _with_block_ids(spec["steps"]))
            and _has_block_ids(page.steps)
            and not page.has_unpublished_changes
        ):
            continue
        for key, value in simple.items():
            setattr(page, key, value)
        page.steps = _with_block_ids(spec["steps"])
        page.save_revision().publish()
        if stdout:
            stdout.write(f"  form updated: /{spec['slug']}/")
