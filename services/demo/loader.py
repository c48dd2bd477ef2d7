"""Idempotent creation of demo pages and snippets, and the stream blocks the
data files describe.

Everything is looked up by a stable key (a slug under a parent, a slug under a
topic...). A page gets a new published revision only when its content differs
from the wanted content, so loading twice changes nothing; a page or snippet
someone changed in the admin is left as it is.
"""

from home.demo import edited_by_person, kept


def _strip_ids(data):
    if isinstance(data, dict):
        return {key: _strip_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_strip_ids(item) for item in data]
    return data


def stream_content(model, field_name, value):
    """A StreamField value (raw list or StreamValue) as stored, without block ids."""
    block = model._meta.get_field(field_name).stream_block
    if isinstance(value, list):
        value = block.to_python(value)
    return _strip_ids(block.get_prep_value(value))


def upsert_snippet(model, lookup, values):
    """Create or update one row; return it. ``lookup`` identifies, ``values`` fills."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values)
    if edited_by_person(obj):
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return obj


def upsert_page(parent, model, slug, *, fields, streams=None, topics=None, stdout=None):
    """Create or update a published child page of ``parent``; return it (specific)."""
    streams = streams or {}
    page = model.objects.child_of(parent).filter(slug=slug).first()
    wanted_topics = sorted(topic.pk for topic in topics) if topics is not None else None

    if page is not None and edited_by_person(page):
        kept(stdout, page.url_path)
        return page
    if page is not None:
        same = (
            all(getattr(page, name) == value for name, value in fields.items())
            and all(
                stream_content(model, name, getattr(page, name))
                == stream_content(model, name, value)
                for name, value in streams.items()
            )
            and (
                wanted_topics is None
                or sorted(page.topics.values_list("pk", flat=True)) == wanted_topics
            )
            and page.live
            and not page.has_unpublished_changes
        )
        if same:
            return page
    else:
        page = model(slug=slug, **fields)

    for name, value in {**fields, **streams}.items():
        setattr(page, name, value)
    page.draft_title = page.title
    if topics is not None:
        page.topics.set(topics)
    if page.pk is None:
        parent.add_child(instance=page)
    page.save_revision().publish()
    if stdout:
        stdout.write(f"  page {page.url_path} published")
    return page


# Blocks from the data files (their shapes are described in content/blocks.toml). ------


def _html(items):
    """Paragraph HTML from one item or a list: an item starting with "<" is kept as
    HTML (e.g. a list), any other is a paragraph of text."""
    items = [items] if isinstance(items, str) else items
    return "".join(item if item.startswith("<") else f"<p>{item}</p>" for item in items)


def _heading(data, common):
    return {"text": data["text"], "level": data.get("level", "h2")}


def _paragraph(data, common):
    return _html(data["text"])


def _your_right(data, common):
    return {"title": data.get("title", ""), "text": _html(data["text"])}


def _legal_reference(data, common):
    law = common["law"][data.get("law", "cdc")]
    return {
        "law": law["name"],
        "article": data["article"],
        "quote": data.get("quote", ""),
        "url": law["url"],
    }


def _warning(data, common):
    return {"text": _html(data["text"])}


def _faq(data, common):
    return {
        "title": data.get("title", ""),
        "questions": [
            {"question": item["question"], "answer": _html(item["answer"])}
            for item in data["questions"]
        ],
    }


def _numbered_steps(data, common):
    return {
        "title": data.get("title", ""),
        "steps": [
            {"title": item["title"], "text": _html(item["text"]) if item.get("text") else ""}
            for item in data["steps"]
        ],
    }


def _documents(data, common):
    return {"title": data.get("title", ""), "documents": list(data["documents"])}


def _related_links(data, common):
    return {
        "title": data.get("title", ""),
        "links": [
            {"label": link["label"], "page": None, "url": link["url"]} for link in data["links"]
        ],
    }


def call_to_action(name, common):
    """The call to action `name` of blocks.toml, as a block."""
    data = common["call_to_action"][name]
    return {
        "type": "call_to_action",
        "value": {
            "title": data["title"],
            "text": data["text"],
            "button_text": data["button_text"],
            "page": None,
            "url": data["url"],
        },
    }


BLOCK_VALUES = {
    "heading": _heading,
    "paragraph": _paragraph,
    "your_right": _your_right,
    "legal_reference": _legal_reference,
    "warning": _warning,
    "faq": _faq,
    "numbered_steps": _numbered_steps,
    "documents": _documents,
    "related_links": _related_links,
}


def body(blocks, common):
    """Stream data of a body from its [[...body]] tables; `common` is blocks.toml."""
    stream = []
    for data in blocks:
        if data["type"] == "call_to_action":
            stream.append(call_to_action(data["name"], common))
        else:
            stream.append({"type": data["type"], "value": BLOCK_VALUES[data["type"]](data, common)})
    return stream
