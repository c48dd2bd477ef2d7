"""Demo content for the guidance section: taxonomy, guidance, step-by-step pages, news.

Registered in ``home.management.commands.load_demo_content.LOADERS``; idempotent.
"""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site

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

from .guidance import GUIDANCE, PROMOTIONS, REVIEWED
from .loader import upsert_page, upsert_snippet
from .news import NEWS
from .step_by_step import CALL_TO_ACTION, STEP_BY_STEPS
from .taxonomy import TAXONOMY


def load_taxonomy():
    topics = {}
    for topic_order, (slug, name, description, subjects) in enumerate(TAXONOMY):
        topic = upsert_snippet(
            Topic,
            {"slug": slug},
            {"name": name, "description": description, "sort_order": topic_order * 10},
        )
        topics[slug] = topic
        for subject_order, (subject_slug, subject_name, problems) in enumerate(subjects):
            subject = upsert_snippet(
                Subject,
                {"topic": topic, "slug": subject_slug},
                {"name": subject_name, "sort_order": subject_order * 10},
            )
            for problem_order, (problem_slug, problem_name) in enumerate(problems):
                upsert_snippet(
                    Problem,
                    {"subject": subject, "slug": problem_slug},
                    {"name": problem_name, "sort_order": problem_order * 10},
                )
    return topics


def _task(label, target, note, pages):
    if target.startswith(("/", "http")):
        return {"label": label, "page": None, "url": target, "note": note}
    return {"label": label, "page": pages[target].pk, "url": "", "note": note}


def promote(query_string, page, description):
    """An editors' promoted result: ``page`` first when someone searches ``query_string``."""
    query = Query.get(query_string)
    upsert_snippet(SearchPromotion, {"query": query, "page": page}, {"description": description})


def load(stdout=None):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    topics = load_taxonomy()

    index = upsert_page(
        home,
        TopicIndexPage,
        "orientacoes",
        fields={
            "title": "Orientações",
            "intro": "Seus direitos explicados em linguagem simples, organizados por tema.",
        },
        stdout=stdout,
    )
    pages = {}
    for slug, title, summary, topic_slugs, body in GUIDANCE:
        pages[slug] = upsert_page(
            index,
            GuidancePage,
            slug,
            fields={"title": title, "summary": summary, "last_reviewed": REVIEWED},
            streams={"body": body},
            topics=[topics[topic_slug] for topic_slug in topic_slugs],
            stdout=stdout,
        )
    for slug, title, summary, topic_slugs, steps in STEP_BY_STEPS:
        step_blocks = [
            {
                "type": "step",
                "value": {
                    "title": step_title,
                    "logic": logic,
                    "description": description,
                    "tasks": [_task(*task, pages) for task in tasks],
                },
            }
            for step_title, logic, description, tasks in steps
        ]
        pages[slug] = upsert_page(
            index,
            StepByStepPage,
            slug,
            fields={"title": title, "summary": summary},
            streams={"steps": step_blocks, "call_to_action": CALL_TO_ACTION},
            topics=[topics[topic_slug] for topic_slug in topic_slugs],
            stdout=stdout,
        )

    for query_string, slug, description in PROMOTIONS:
        promote(query_string, pages[slug], description)

    news_index = upsert_page(
        home,
        NewsIndexPage,
        "noticias",
        fields={
            "title": "Notícias",
            "intro": "Alertas, campanhas e novidades do Procon para os consumidores.",
        },
        stdout=stdout,
    )
    for slug, title, date, summary, topic_slugs, body in NEWS:
        upsert_page(
            news_index,
            NewsPage,
            slug,
            fields={"title": title, "date": date, "summary": summary},
            streams={"body": body},
            topics=[topics[topic_slug] for topic_slug in topic_slugs],
            stdout=stdout,
        )
