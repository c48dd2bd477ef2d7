"""Guidance offered while a citizen writes a complaint: self-help first.

The complaint form's problem (role "problem") and description (role
"description") are searched through the same search as /busca/, any of the
words, guidance pages only. The form's step view asks `guidance_for_step` for
what to show; the script in static/js/guidance-suggestions.js asks the JSON
endpoint (services.views.guidance_suggestions) as the citizen types.

Opened suggestions are counted through a redirect (services.views.open_suggestion)
with the journey: a keyed hash of the draft's id, signed in the link. When that
draft is sent, its openings are marked (`mark_journey_submitted`, connected in
services.apps); the editors' report counts the journeys never sent.
"""

from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode

from .models import GuidancePage, Problem
from .search import result_summary, search_pages, specific_pages

LIMIT = 3
# The words of a description that are searched (the first ones are enough, and
# the endpoint's cache keys stay small).
DESCRIPTION_WORDS = 40
JOURNEY_SALT = "services.suggestions.journey"
PROBLEM_ROLE = "problem"
DESCRIPTION_ROLE = "description"


def journey_key(draft_id):
    """What the openings keep of a draft: a keyed hash of its id, never the id."""
    return salted_hmac(JOURNEY_SALT, str(draft_id)).hexdigest()[:32]


def journey_token(draft):
    """The signed journey key put in suggestion links; empty without a saved draft."""
    if draft is None or draft._state.adding:
        return ""
    return sign_journey(journey_key(draft.pk))


def sign_journey(key):
    return signing.Signer(salt=JOURNEY_SALT).sign(key)


def journey_from_token(token):
    try:
        return signing.Signer(salt=JOURNEY_SALT).unsign(token or "")
    except signing.BadSignature:
        return ""


def problem_text(value):
    """Words for a problem: the names of its subject and problem.

    ``value`` is the stored answer (a dict of names) or the select's value, a
    slug path "topic/subject/problem" (one query to find the names).
    """
    if isinstance(value, dict):
        return f"{value.get('subject', '')} {value.get('problem', '')}".strip()
    parts = str(value or "").split("/")
    if len(parts) != 3 or not all(parts):
        return ""
    topic, subject, problem = parts
    found = (
        Problem.objects.filter(slug=problem, subject__slug=subject, subject__topic__slug=topic)
        .select_related("subject")
        .first()
    )
    return f"{found.subject.name} {found.name}" if found else ""


def suggest(problem, description="", *, limit=LIMIT):
    """Up to ``limit`` live guidance pages for a problem and a description, best first."""
    words = " ".join(str(description or "").split()[:DESCRIPTION_WORDS])
    query = f"{problem_text(problem)} {words}".strip()
    if not query:
        return []
    return specific_pages(search_pages(query, models=[GuidancePage], operator="or")[:limit])


def open_url(page, journey=""):
    url = reverse("search_suggestion_open", args=[page.pk])
    return f"{url}?{urlencode({'j': journey})}" if journey else url


def as_items(pages, journey=""):
    return [
        {"title": page.title, "summary": result_summary(page), "url": open_url(page, journey)}
        for page in pages
    ]


def _field_with_role(definition, role):
    for step in definition.steps:
        for spec in step.fields:
            if spec.value.get("role") == role:
                return spec
    return None


def _stored_answer(draft, spec):
    if draft is None or spec is None:
        return None
    return (draft.steps.get(str(spec.step_index)) or {}).get("answers", {}).get(spec.key)


def guidance_for_step(definition, step, form, draft):
    """What templates/forms/includes/guidance_suggestions.html shows on a form step.

    None when the form has no problem field, or on steps other than the problem's
    and the first one reached after it. On the problem's step the suggestions
    follow what the form holds (a post with errors, a step revisited) and the
    script updates them as the citizen chooses and types; on the next step they
    come from the answers just saved, so they also reach a browser without
    JavaScript.
    """
    problem_spec = _field_with_role(definition, PROBLEM_ROLE)
    if problem_spec is None:
        return None
    description_spec = _field_with_role(definition, DESCRIPTION_ROLE)
    journey = journey_token(draft)
    if step.index == problem_spec.step_index:
        if problem_spec.key not in form.fields:
            return None
        problem = form[problem_spec.key].value() if form.is_bound else None
        on_step = description_spec is not None and description_spec.step_index == step.index
        if on_step:
            description = form[description_spec.key].value() if form.is_bound else ""
        else:
            description = _stored_answer(draft, description_spec) or ""
        return {
            "live": True,
            "problem_field": form[problem_spec.key].id_for_label,
            "description_field": form[description_spec.key].id_for_label if on_step else "",
            "endpoint": reverse("search_suggestions"),
            "journey": journey,
            "suggestions": as_items(suggest(problem, description), journey) if problem else [],
        }
    stored = {int(index) for index in (draft.steps if draft else {})}
    between = {index for index in stored if problem_spec.step_index < index < step.index}
    problem = _stored_answer(draft, problem_spec)
    if step.index < problem_spec.step_index or between or not problem:
        return None
    description = _stored_answer(draft, description_spec) or ""
    return {
        "live": False,
        "suggestions": as_items(suggest(problem, description), journey),
    }


def mark_journey_submitted(sender, instance, **kwargs):
    """post_save of a form draft: once it is sent, its journey's openings are marked.

    Only a draft with a problem answer (a dict naming the problem, as ProblemField
    cleans it) can have been offered suggestions: other forms cost no query.
    """
    if not getattr(instance, "submission_id", None):
        return
    answers = (
        answer
        for saved in (getattr(instance, "steps", None) or {}).values()
        for answer in (saved.get("answers") or {}).values()
    )
    if any(isinstance(answer, dict) and "problem" in answer for answer in answers):
        from .models import SuggestionOpening

        SuggestionOpening.objects.filter(
            journey=journey_key(instance.pk), journey_submitted=False
        ).update(journey_submitted=True)
