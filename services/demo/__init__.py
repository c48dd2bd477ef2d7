"""Demo content for the guidance section: taxonomy, guidance, step-by-step pages,
news and promoted search results, read from the TOML files in content/.

Registered in ``home.management.commands.load_demo_content.LOADERS``; idempotent.
"""

from pathlib import Path

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site

from home.demo import read_content
from services.models import (
    GuidancePage,
    NewsIndexPage,
    NewsPage,
    Problem,
    StepByStepPage,
    Subject,
    Topic,
    TopicIndexPage,
)

from .loader import body, call_to_action, upsert_page, upsert_snippet

CONTENT = Path(__file__).with_name("content")


def load_taxonomy(content):
    topics = {}
    for topic_order, topic_data in enumerate(content["topic"]):
        topic = upsert_snippet(
            Topic,
            {"slug": topic_data["slug"]},
            {
                "name": topic_data["name"],
                "description": topic_data["description"],
                "sort_order": topic_order * 10,
            },
        )
        topics[topic.slug] = topic
        for subject_order, subject_data in enumerate(topic_data["subject"]):
            subject = upsert_snippet(
                Subject,
                {"topic": topic, "slug": subject_data["slug"]},
                {"name": subject_data["name"], "sort_order": subject_order * 10},
            )
            for problem_order, problem in enumerate(subject_data["problems"]):
                upsert_snippet(
                    Problem,
                    {"subject": subject, "slug": problem["slug"]},
                    {"name": problem["name"], "sort_order": problem_order * 10},
                )
    return topics


def _task(task, pages):
    """A step's task: its target is an address or the slug of a guidance page."""
    target, note = task["target"], task.get("note", "")
    if target.startswith(("/", "http")):
        return {"label": task["label"], "page": None, "url": target, "note": note}
    return {"label": task["label"], "page": pages[target].pk, "url": "", "note": note}


def promote(query_string, page, description):
    """An editors' promoted result: ``page`` first when someone searches ``query_string``."""
    query = Query.get(query_string)
    upsert_snippet(SearchPromotion, {"query": query, "page": page}, {"description": description})


def _index(parent, model, data, stdout):
    return upsert_page(
        parent,
        model,
        data["slug"],
        fields={"title": data["title"], "intro": data["intro"]},
        stdout=stdout,
    )


def load(stdout=None):
    blocks = read_content(CONTENT / "blocks.toml")
    guidance = read_content(CONTENT / "guidance.toml")
    step_by_step = read_content(CONTENT / "step_by_step.toml")
    news = read_content(CONTENT / "news.toml")

    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    topics = load_taxonomy(read_content(CONTENT / "taxonomy.toml"))

    index = _index(home, TopicIndexPage, guidance["index"], stdout)
    pages = {}
    for data in guidance["page"]:
        pages[data["slug"]] = upsert_page(
            index,
            GuidancePage,
            data["slug"],
            fields={
                "title": data["title"],
                "summary": data["summary"],
                "last_reviewed": guidance["reviewed"],
            },
            streams={"body": body(data["body"], blocks)},
            topics=[topics[slug] for slug in data["topics"]],
            stdout=stdout,
        )
    for data in step_by_step["page"]:
        steps = [
            {
                "type": "step",
                "value": {
                    "title": step["title"],
                    "logic": step["logic"],
                    "description": step.get("description", ""),
                    "tasks": [_task(task, pages) for task in step.get("tasks", [])],
                },
            }
            for step in data["step"]
        ]
        pages[data["slug"]] = upsert_page(
            index,
            StepByStepPage,
            data["slug"],
            fields={"title": data["title"], "summary": data["summary"]},
            streams={
                "steps": steps,
                "call_to_action": [call_to_action(data["call_to_action"], blocks)],
            },
            topics=[topics[slug] for slug in data["topics"]],
            stdout=stdout,
        )

    for promotion in guidance.get("promotion", []):
        promote(promotion["query"], pages[promotion["page"]], promotion["description"])

    news_index = _index(home, NewsIndexPage, news["index"], stdout)
    for data in news["article"]:
        upsert_page(
            news_index,
            NewsPage,
            data["slug"],
            fields={"title": data["title"], "date": data["date"], "summary": data["summary"]},
            streams={"body": body(data["body"], blocks)},
            topics=[topics[slug] for slug in data["topics"]],
            stdout=stdout,
        )
