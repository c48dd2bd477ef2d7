"""Idempotent creation of demo pages and snippets.

Everything is looked up by a stable key (a slug under a parent, a slug under a
topic...). A page gets a new published revision only when its content differs
from the wanted content, so loading twice changes nothing; a page or snippet
someone changed in the admin is left as it is.
"""

from home.demo import edited_by_person, kept

CDC = "Código de Defesa do Consumidor (Lei nº 8.078/1990)"
CDC_URL = "https://www.planalto.gov.br/ccivil_03/leis/l8078compilado.htm"


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


# Block constructors: demo content reads like the page it becomes. -------------------


def h2(text):
    return {"type": "heading", "value": {"text": text, "level": "h2"}}


def h3(text):
    return {"type": "heading", "value": {"text": text, "level": "h3"}}


def text(*paragraphs):
    """Paragraphs; an item starting with "<" is kept as HTML (e.g. a list)."""
    html = "".join(item if item.startswith("<") else f"<p>{item}</p>" for item in paragraphs)
    return {"type": "paragraph", "value": html}


def your_right(*paragraphs, title=""):
    return {
        "type": "your_right",
        "value": {"title": title, "text": text(*paragraphs)["value"]},
    }


def legal(article, quote="", *, law=CDC, url=CDC_URL):
    return {
        "type": "legal_reference",
        "value": {"law": law, "article": article, "quote": quote, "url": url},
    }


def warning(*paragraphs):
    return {"type": "warning", "value": {"text": text(*paragraphs)["value"]}}


def faq(*pairs, title=""):
    return {
        "type": "faq",
        "value": {
            "title": title,
            "questions": [
                {"question": question, "answer": text(answer)["value"]}
                for question, answer in pairs
            ],
        },
    }


def steps(*pairs, title=""):
    return {
        "type": "numbered_steps",
        "value": {
            "title": title,
            "steps": [
                {"title": step, "text": text(details)["value"] if details else ""}
                for step, details in pairs
            ],
        },
    }


def documents(*items, title=""):
    return {"type": "documents", "value": {"title": title, "documents": list(items)}}


def links(*pairs, title=""):
    return {
        "type": "related_links",
        "value": {
            "title": title,
            "links": [{"label": label, "page": None, "url": url} for label, url in pairs],
        },
    }


def call_to_action(title, body, button, url):
    return {
        "type": "call_to_action",
        "value": {"title": title, "text": body, "button_text": button, "page": None, "url": url},
    }


COMPLAINT_CTA = call_to_action(
    "Não conseguiu resolver com a empresa?",
    "Registre sua reclamação no Procon pela internet. É gratuito.",
    "Registrar reclamação",
    "/reclamacao/",
)
