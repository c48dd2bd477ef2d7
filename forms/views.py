"""The citizen's side of a FormPage: start, steps, review, confirmation, continue later.

Routes of the page (`forms/page_urls.py`, which FormPage's RoutablePageMixin
resolves): each view takes the page and the request, calls the engine or
`submission.submit`, and picks a template. The page itself holds what other code
asks of it too (its step addresses, the draft cookie, the continue-later link).
"""

import re
from contextlib import nullcontext
from functools import wraps

from django import forms as django_forms
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.http import client_address, too_many_requests
from core.ratelimit import hit
from services.suggestions import guidance_for_step

from . import attachments, engine, filing
from .abuse import honeypot_filled, over_limit
from .emails import RESUME_LINK
from .models import RESUME_SALT, Draft
from .roles import EMAIL_ROLES
from .submission import submit

RETURN_TO_REVIEW = "revisar"
SAVE_LATER_LIMIT = 5  # emails per address and per IP per hour
# The name of a step's second submit button: keep what is there and leave.
SAVE_LATER_BUTTON = "continuar_depois"


class DeclarationForm(django_forms.Form):
    declaration_confirmed = django_forms.BooleanField(
        required=True,
        error_messages={"required": _("Confirm the declaration to send.")},
    )

    def __init__(self, *args, declaration="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declaration_confirmed"].label = declaration


class SaveForLaterForm(django_forms.Form):
    email = django_forms.EmailField(
        label=_("Your email"),
        max_length=254,
        widget=django_forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your email."),
            "invalid": _("Enter an email like nome@exemplo.com.br."),
        },
    )


def never_cached(view):
    """Django's `never_cache` for a view that takes the page before the request."""

    @wraps(view)
    def wrapper(page, request, *args, **kwargs):
        response = view(page, request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    return wrapper


# --- start ------------------------------------------------------------------
def start(page, request):
    draft = page.current_draft(request)
    context = page.base_context(
        request,
        first_step_url=page.step_url(page.definition.steps[0]),
        draft=(
            draft
            if draft and not draft.submission_id and (draft.steps or draft.later_steps)
            else None
        ),
        resume_url=page.resume_url(draft) if draft else None,
    )
    return TemplateResponse(request, page.template, context)


# --- one step ---------------------------------------------------------------
@never_cached
def step(page, request, number):
    steps = page.definition.steps
    if not 1 <= number <= len(steps):
        raise Http404
    step = steps[number - 1]
    draft = page.current_draft(request)
    if draft and draft.submission_id:
        draft = None  # already sent: a new visit starts afresh
    stored_steps = draft.steps if draft else {}
    states, _tokens = engine.progress(page.definition, stored_steps)
    visible = [s for s in states if s.visible]
    if not states[step.index].visible:
        return redirect(page.first_pending_url(draft))
    earlier = filing.blocking_step(page.definition, stored_steps, step)
    if earlier is not None:
        return redirect(page.step_url(earlier))

    tokens = engine.prior_tokens(page.definition, stored_steps, step.index)
    has_files = bool(attachments.file_specs(step))
    if has_files and draft is None:
        draft = Draft(page=page)  # saved only once a file is attached
    context = {**page.form_context(request), "draft": draft}
    returning = request.GET.get("voltar") == RETURN_TO_REVIEW

    if request.method == "POST":
        wait = over_limit(request, "steps")
        if wait:
            return too_many_requests(request, wait)
        returning = request.POST.get("voltar") == RETURN_TO_REVIEW
        if honeypot_filled(request):
            # Answer as if all went well; keep nothing.
            later = steps[step.index + 1 :]
            return redirect(page.step_url(later[0]) if later else page.review_url())
        if request.POST.get(SAVE_LATER_BUTTON):
            return save_step_for_later(page, request, step, tokens, context, draft)
        # A step with files writes the attachments and the draft together:
        # one commit rather than one per row.
        with transaction.atomic() if has_files else nullcontext():
            form, upload_errors = filing.bind_step(
                step,
                tokens,
                context,
                draft,
                request.POST,
                request.FILES,
                request.POST.getlist(attachments.REMOVE_FIELD),
            )
            saved = form.is_valid() and not upload_errors
            if saved:
                draft = filing.save_step(page, draft, step, form)
        if saved:
            target = next_url(page, draft, step, returning)
            return page.remember_draft(redirect(target), draft)
        for key, errors in upload_errors.items():
            form.errors.pop(key, None)  # the file's own message says more
            for error in errors:
                form.add_error(key, error)
    elif draft is not None and str(step.index) in draft.later_steps:
        form = engine.bind(step, draft.later_steps[str(step.index)], tokens, context, checked=False)
    elif str(step.index) in stored_steps:
        form = engine.bind(step, stored_steps[str(step.index)]["raw"], tokens, context)
        form.is_valid()  # shows what changed if the form was edited meanwhile
    else:
        form = engine.StepForm(step, tokens, context=context)

    position = [s.step.index for s in visible].index(step.index) + 1
    previous = [s.step for s in visible if s.step.index < step.index]
    back_url = (
        page.review_url() if returning else (page.step_url(previous[-1]) if previous else page.url)
    )
    response = TemplateResponse(
        request,
        "forms/form_step.html",
        page.base_context(
            request,
            step=step,
            form=form,
            position=position,
            # Steps that may still open count too, so the total only shrinks.
            total=len([s for s in states if s.visible or s.undecided]),
            back_url=back_url,
            returning=returning,
            save_later_button=SAVE_LATER_BUTTON,
            draft_version=draft_version(draft),
            guidance=guidance_for_step(page.definition, step, form, draft),
        ),
    )
    if attachments.is_saved(draft):
        # Files attached by a post that failed otherwise stay with the draft.
        page.remember_draft(response, draft)
    return response


def save_step_for_later(page, request, step, tokens, context, draft):
    """Keep what the step holds, unchecked, and ask where to send the link.

    Nothing is validated except the files sent with the post: they are checked
    like any upload and kept on the draft; a refused one is not kept and the
    next page says why.
    """
    if draft is None:
        draft = Draft(page=page)
    form = engine.StepForm(step, tokens, data=request.POST, context=context)
    has_files = bool(attachments.file_specs(step))
    # With files, the attachments and the draft are written together.
    with transaction.atomic() if has_files else nullcontext():
        upload_errors = {}
        if has_files:
            upload_errors = attachments.receive(
                draft,
                step,
                request.FILES,
                request.POST.getlist(attachments.REMOVE_FIELD),
                form.fields,
                data=request.POST,
            )
        draft.later_steps[str(step.index)] = form.raw_data()
        draft.resume_step = step.number
        draft.save()
    for errors in upload_errors.values():
        for error in errors:
            messages.warning(
                request,
                gettext("%(problem)s This file was not kept; attach another when you continue.")
                % {"problem": error},
            )
    return page.remember_draft(redirect(page.url + page.reverse_subpage("form_save")), draft)


def next_url(page, draft, step, returning):
    pending = filing.pending_steps(page.definition, draft.steps)
    if returning and not pending:
        return page.review_url()
    after = [s for s in pending if s.index > step.index]
    if after:
        return page.step_url(after[0])
    if pending:
        return page.step_url(pending[0])
    return page.review_url()


# --- check your answers and send ---------------------------------------------
@never_cached
def review(page, request):
    draft = page.current_draft(request)
    if draft is None:
        return redirect(page.url)
    if draft.submission_id:
        return redirect(page.url + page.reverse_subpage("form_confirmation"))
    validation = engine.validate_all(
        page.definition, draft.steps, {**page.form_context(request), "draft": draft}
    )
    if not validation.ok:
        messages.warning(
            request, gettext("Please check this step before sending: something is missing.")
        )
        return redirect(page.step_url(validation.failed_step))

    declaration = None
    if page.declaration:
        declaration = DeclarationForm(
            request.POST if request.method == "POST" else None,
            declaration=page.declaration,
        )
    if request.method == "POST":
        wait = over_limit(request, "submits")
        if wait:
            return too_many_requests(request, wait)
        if honeypot_filled(request):
            # Dropped silently: the confirmation page, finding no submission,
            # sends the sender back to the start.
            return redirect(page.url + page.reverse_subpage("form_confirmation"))
    if request.method == "POST" and (declaration is None or declaration.is_valid()):
        submit(draft, validation, agency=page.agency_settings(request))
        return redirect(page.url + page.reverse_subpage("form_confirmation"))

    return TemplateResponse(
        request,
        "forms/form_review.html",
        page.base_context(
            request,
            rows=engine.review_rows(page.definition, validation),
            declaration_form=declaration,
            back_url=page.step_url(validation.visible_steps[-1]),
            draft_version=draft_version(draft),
        ),
    )


# --- confirmation --------------------------------------------------------------
@never_cached
def confirmation(page, request):
    draft_id = page.draft_id_from_cookie(request)
    draft = (
        Draft.objects.select_related("submission")
        .filter(pk=draft_id, page=page, submission__isnull=False)
        .first()
        if draft_id
        else None
    )
    if draft is None:
        return redirect(page.url)
    return page.render_landing_page(
        request,
        draft.submission,
        access_code=draft.access_code if not draft.is_expired else "",
    )


# --- continue later ------------------------------------------------------------
@never_cached
def save_for_later(page, request):
    draft = page.current_draft(request)
    if draft is None or draft.submission_id:
        return redirect(page.url)
    if request.method == "POST":
        form = SaveForLaterForm(request.POST)
    else:
        # The address the citizen already gave: for this link before, or
        # in the form's own e-mail field.
        known = draft.email or engine.role_answer(
            page.definition, draft.steps, EMAIL_ROLES, draft.later_steps
        )
        form = SaveForLaterForm(initial={"email": known} if known else None)
    sent_to = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        if not hit(
            "forms-save-ip", client_address(request), limit=SAVE_LATER_LIMIT, period=3600
        ) or (not hit("forms-save-email", email.lower(), limit=SAVE_LATER_LIMIT, period=3600)):
            form.add_error("email", gettext("Too many requests. Try again in an hour."))
        else:
            link = page.resume_link(draft, request)
            # A stored outbox row first, then its delivery task: nothing lost.
            subject, body = outbox.render(
                "forms/email/resume",
                {"page": page, "link": link, "expires_at": draft.expires_at},
                language=translation.get_language(),
            )
            with transaction.atomic():
                outbox.queue(RESUME_LINK, email, subject, body)
                # Kept for the one reminder before the draft expires.
                draft.email = email
                draft.save(update_fields=["email", "updated_at"])
            sent_to = email
    return TemplateResponse(
        request,
        "forms/form_save.html",
        page.base_context(
            request,
            form=form,
            sent_to=sent_to,
            back_url=page.resume_url(draft),
            expires_at=draft.expires_at,
            draft_version=draft_version(draft),
        ),
    )


@never_cached
def resume(page, request):
    token = request.GET.get("t", "")
    try:
        draft_id = signing.TimestampSigner(salt=RESUME_SALT).unsign(token)
    except signing.BadSignature:
        draft_id = None
    draft = Draft.objects.filter(pk=draft_id, page=page).first() if draft_id else None
    if draft is None or draft.is_expired or draft.submission_id:
        messages.error(
            request,
            gettext("This link has expired or was already used. Please start again."),
        )
        return redirect(page.url)
    return page.remember_draft(redirect(page.resume_url(draft)), draft)


# Where the citizen was, as the language switcher names it ("etapa-2", "revisar").
PLACE = re.compile(r"^(?:etapa-(?P<number>[1-9][0-9]{0,2})|(?P<review>revisar))$")


@never_cached
def switch_language(page, request, code):
    """The same form in another language, with the citizen's answers: their
    draft moves to that language's page (answers are the same in every
    language: keys and option values are the Portuguese form's) and they land
    where they were (`?ir=etapa-2`, `?ir=revisar`), else where they left off."""
    target = page.form_in_language(code)
    if target is None:
        raise Http404
    with translation.override(code):
        draft = page.current_draft(request)
        if draft is None or draft.submission_id:
            return redirect(target.url)
        place = PLACE.match(request.GET.get("ir", ""))
        steps = target.definition.steps
        if place and place["review"]:
            destination = target.review_url()
        elif place and int(place["number"]) <= len(steps):
            destination = target.step_url(steps[int(place["number"]) - 1])
        else:
            destination = target.resume_url(draft)
        Draft.objects.filter(pk=draft.pk).update(page=target)
        draft.page = target
        return target.remember_draft(redirect(destination), draft)


def draft_version(draft):
    """Changes whenever the draft is stored: the step-keeping script compares it
    before and after a step's post to learn whether the server kept the step."""
    if not attachments.is_saved(draft):
        return ""
    return f"{draft.updated_at.timestamp():.6f}"
