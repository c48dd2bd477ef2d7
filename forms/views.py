"""The citizen's side of a FormPage: start, steps, review, confirmation, continue later.

Declared as routes of FormPage (RoutablePageMixin). Each view reads the
request, calls the engine or `submission.submit`, and picks a template.
"""

from contextlib import nullcontext

from django import forms as django_forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail.contrib.routable_page.models import path

from home.links import absolute_url
from home.ratelimit import client_address, hit
from services.suggestions import guidance_for_step

from . import attachments, engine, outbox
from .abuse import honeypot_filled, over_limit, too_many_requests
from .roles import EMAIL_ROLES
from .submission import submit

DRAFT_SALT = "procon.forms.draft"
RESUME_SALT = "procon.forms.resume"
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


class FormPageRoutes:
    """Routes of FormPage; mixed into the page model."""

    # --- draft handling ---------------------------------------------------------
    def draft_cookie_name(self):
        return f"procon_rascunho_{self.pk}"

    def draft_id_from_cookie(self, request):
        """The draft id in this page's signed cookie, or None (absent or forged)."""
        signed = request.COOKIES.get(self.draft_cookie_name())
        if not signed:
            return None
        try:
            return signing.TimestampSigner(salt=DRAFT_SALT).unsign(signed)
        except signing.BadSignature:
            return None

    def current_draft(self, request):
        from .models import Draft

        draft_id = self.draft_id_from_cookie(request)
        if draft_id is None:
            return None
        draft = Draft.objects.filter(pk=draft_id, page=self).first()
        if draft is None or draft.is_expired:
            return None
        draft.page = self  # already at hand: no query when the submit reads it
        return draft

    def remember_draft(self, response, draft):
        response.set_cookie(
            self.draft_cookie_name(),
            signing.TimestampSigner(salt=DRAFT_SALT).sign(str(draft.pk)),
            max_age=int((draft.expires_at - draft.created_at).total_seconds()),
            path=self.url or "/",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response

    def step_url(self, step):
        return self.url + self.reverse_subpage("form_step", args=[step.number])

    def review_url(self):
        return self.url + self.reverse_subpage("form_review")

    def resume_url(self, draft):
        """Where a continue-later link leads: the step the citizen saved from (the
        step view sends them further back if an earlier step is missing), or
        the first step still to answer."""
        if draft and draft.resume_step and draft.resume_step <= len(self.definition.steps):
            return self.step_url(self.definition.steps[draft.resume_step - 1])
        return self.first_pending_url(draft)

    def resume_link(self, draft, request=None):
        """Absolute address that reopens `draft` on any device, until it expires."""
        token = signing.TimestampSigner(salt=RESUME_SALT).sign(str(draft.pk))
        # In the query string: Wagtail's page URLs allow only [\w-] in path
        # segments, and signed values contain ":".
        path = self.url + self.reverse_subpage("form_resume") + "?" + urlencode({"t": token})
        if request is not None:
            return request.build_absolute_uri(path)
        if path.startswith("/"):  # from a scheduled job: the site's own address
            return absolute_url(path)
        return path

    def first_pending_url(self, draft):
        """Where a citizen resumes: the first visible step not yet answered, or review."""
        states, _tokens = engine.progress(self.definition, draft.steps if draft else {})
        for state in states:
            if state.visible and not state.complete:
                return self.step_url(state.step)
        return self.review_url()

    def base_context(self, request, **extra):
        context = self.get_context(request)
        context.update(extra)
        return context

    # --- start ------------------------------------------------------------------
    @path("", name="form_start")
    def start(self, request):
        draft = self.current_draft(request)
        context = self.base_context(
            request,
            first_step_url=self.step_url(self.definition.steps[0]),
            draft=(
                draft
                if draft and not draft.submission_id and (draft.steps or draft.later_steps)
                else None
            ),
            resume_url=self.resume_url(draft) if draft else None,
        )
        return TemplateResponse(request, self.template, context)

    # --- one step ---------------------------------------------------------------
    @path("etapa/<int:number>/", name="form_step")
    @method_decorator(never_cache)
    def step(self, request, number):
        steps = self.definition.steps
        if not 1 <= number <= len(steps):
            raise Http404
        step = steps[number - 1]
        draft = self.current_draft(request)
        if draft and draft.submission_id:
            draft = None  # already sent: a new visit starts afresh
        stored_steps = draft.steps if draft else {}
        states, _tokens = engine.progress(self.definition, stored_steps)
        visible = [s for s in states if s.visible]
        state = states[step.index]
        if not state.visible:
            return redirect(self.first_pending_url(draft))
        for earlier in visible:
            if earlier.step.index >= step.index:
                break
            if not earlier.complete:
                return redirect(self.step_url(earlier.step))

        tokens = engine.prior_tokens(self.definition, stored_steps, step.index)
        has_files = bool(attachments.file_specs(step))
        if has_files and draft is None:
            from .models import Draft

            draft = Draft(page=self)  # saved only once a file is attached
        context = {**self.form_context(request), "draft": draft}
        returning = request.GET.get("voltar") == RETURN_TO_REVIEW

        if request.method == "POST":
            wait = over_limit(request, "steps")
            if wait:
                return too_many_requests(request, wait)
            returning = request.POST.get("voltar") == RETURN_TO_REVIEW
            if honeypot_filled(request):
                # Answer as if all went well; keep nothing.
                later = steps[step.index + 1 :]
                return redirect(self.step_url(later[0]) if later else self.review_url())
            if request.POST.get(SAVE_LATER_BUTTON):
                return self.save_step_for_later(request, step, tokens, context, draft)
            # A step with files writes the attachments and the draft together:
            # one commit rather than one per row.
            with transaction.atomic() if has_files else nullcontext():
                form, upload_errors = self.bind_post(request, step, tokens, context, draft)
                saved = form.is_valid() and not upload_errors
                if saved:
                    draft = self.save_step(draft, step, form)
            if saved:
                target = self.next_url(draft, step, returning)
                return self.remember_draft(redirect(target), draft)
            for key, errors in upload_errors.items():
                form.errors.pop(key, None)  # the file's own message says more
                for error in errors:
                    form.add_error(key, error)
        elif draft is not None and str(step.index) in draft.later_steps:
            form = engine.bind(
                step, draft.later_steps[str(step.index)], tokens, context, checked=False
            )
        elif str(step.index) in stored_steps:
            form = engine.bind(step, stored_steps[str(step.index)]["raw"], tokens, context)
            form.is_valid()  # shows what changed if the form was edited meanwhile
        else:
            form = engine.StepForm(step, tokens, context=context)

        position = [s.step.index for s in visible].index(step.index) + 1
        previous = [s.step for s in visible if s.step.index < step.index]
        back_url = (
            self.review_url()
            if returning
            else (self.step_url(previous[-1]) if previous else self.url)
        )
        response = TemplateResponse(
            request,
            "forms/form_step.html",
            self.base_context(
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
                guidance=guidance_for_step(self.definition, step, form, draft),
            ),
        )
        if attachments.is_saved(draft):
            # Files attached by a post that failed otherwise stay with the draft.
            self.remember_draft(response, draft)
        return response

    def bind_post(self, request, step, tokens, context, draft):
        """The step form for a POST, with its files received onto the draft first.

        Returns (form, {field key: [upload errors]}). A file field's value is
        always the draft's attachments for it, never what the client claims.
        """
        form = engine.StepForm(step, tokens, data=request.POST, context=context)
        specs = attachments.file_specs(step)
        if not specs:
            return form, {}
        upload_errors = attachments.receive(
            draft,
            step,
            request.FILES,
            request.POST.getlist(attachments.REMOVE_FIELD),
            form.fields,
            data=request.POST,
        )
        data = request.POST.copy()
        for spec in specs:
            data.setlist(spec.key, [str(a.pk) for a in form.fields[spec.key].attached()])
        return engine.StepForm(step, tokens, data=data, context=context), upload_errors

    def save_step(self, draft, step, form):
        from .models import Draft

        if draft is None:
            draft = Draft(page=self)
        draft.steps[str(step.index)] = {"raw": form.raw_data(), "answers": form.answers()}
        draft.later_steps.pop(str(step.index), None)  # checked now: the unchecked copy goes
        if draft.resume_step == step.number:
            draft.resume_step = None  # a link now resumes at the first step still to answer
        draft.save()
        return draft

    def save_step_for_later(self, request, step, tokens, context, draft):
        """Keep what the step holds, unchecked, and ask where to send the link.

        Nothing is validated except the files sent with the post: they are checked
        like any upload and kept on the draft; a refused one is not kept and the
        next page says why.
        """
        from .models import Draft

        if draft is None:
            draft = Draft(page=self)
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
        return self.remember_draft(redirect(self.url + self.reverse_subpage("form_save")), draft)

    def next_url(self, draft, step, returning):
        states, _tokens = engine.progress(self.definition, draft.steps)
        pending = [s for s in states if s.visible and not s.complete]
        if returning and not pending:
            return self.review_url()
        after = [s for s in pending if s.step.index > step.index]
        if after:
            return self.step_url(after[0].step)
        if pending:
            return self.step_url(pending[0].step)
        return self.review_url()

    # --- check your answers and send ---------------------------------------------
    @path("revisar/", name="form_review")
    @method_decorator(never_cache)
    def review(self, request):
        draft = self.current_draft(request)
        if draft is None:
            return redirect(self.url)
        if draft.submission_id:
            return redirect(self.url + self.reverse_subpage("form_confirmation"))
        validation = engine.validate_all(
            self.definition, draft.steps, {**self.form_context(request), "draft": draft}
        )
        if not validation.ok:
            messages.warning(
                request, gettext("Please check this step before sending: something is missing.")
            )
            return redirect(self.step_url(validation.failed_step))

        declaration = None
        if self.declaration:
            declaration = DeclarationForm(
                request.POST if request.method == "POST" else None,
                declaration=self.declaration,
            )
        if request.method == "POST":
            wait = over_limit(request, "submits")
            if wait:
                return too_many_requests(request, wait)
            if honeypot_filled(request):
                # Dropped silently: the confirmation page, finding no submission,
                # sends the sender back to the start.
                return redirect(self.url + self.reverse_subpage("form_confirmation"))
        if request.method == "POST" and (declaration is None or declaration.is_valid()):
            submit(draft, validation, agency=self.agency_settings(request))
            return redirect(self.url + self.reverse_subpage("form_confirmation"))

        return TemplateResponse(
            request,
            "forms/form_review.html",
            self.base_context(
                request,
                rows=engine.review_rows(self.definition, validation),
                declaration_form=declaration,
                back_url=self.step_url(validation.visible_steps[-1]),
                draft_version=draft_version(draft),
            ),
        )

    # --- confirmation --------------------------------------------------------------
    @path("enviado/", name="form_confirmation")
    @method_decorator(never_cache)
    def confirmation(self, request):
        from .models import Draft

        draft_id = self.draft_id_from_cookie(request)
        draft = (
            Draft.objects.select_related("submission")
            .filter(pk=draft_id, page=self, submission__isnull=False)
            .first()
            if draft_id
            else None
        )
        if draft is None:
            return redirect(self.url)
        return self.render_landing_page(
            request,
            draft.submission,
            access_code=draft.access_code if not draft.is_expired else "",
        )

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        context = self.base_context(
            request,
            form_submission=form_submission,
            access_code=kwargs.get("access_code"),
            tracking_url=(
                f"{settings.TRACKING_PATH}?{urlencode({'protocolo': form_submission.protocol})}"
                if settings.TRACKING_PATH and form_submission is not None
                else settings.TRACKING_PATH
            ),
        )
        return TemplateResponse(request, self.get_landing_page_template(request), context)

    # --- continue later ------------------------------------------------------------
    @path("salvar/", name="form_save")
    @method_decorator(never_cache)
    def save_for_later(self, request):
        draft = self.current_draft(request)
        if draft is None or draft.submission_id:
            return redirect(self.url)
        if request.method == "POST":
            form = SaveForLaterForm(request.POST)
        else:
            # The address the citizen already gave: for this link before, or
            # in the form's own e-mail field.
            known = draft.email or engine.role_answer(
                self.definition, draft.steps, EMAIL_ROLES, draft.later_steps
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
                link = self.resume_link(draft, request)
                # A stored outbox row first, then its delivery task: nothing lost.
                subject, body = outbox.render(
                    "resume", {"page": self, "link": link, "expires_at": draft.expires_at}
                )
                with transaction.atomic():
                    outbox.queue(outbox.RESUME_LINK, email, subject, body)
                    # Kept for the one reminder before the draft expires.
                    draft.email = email
                    draft.save(update_fields=["email", "updated_at"])
                sent_to = email
        return TemplateResponse(
            request,
            "forms/form_save.html",
            self.base_context(
                request,
                form=form,
                sent_to=sent_to,
                back_url=self.resume_url(draft),
                expires_at=draft.expires_at,
                draft_version=draft_version(draft),
            ),
        )

    @path("continuar/", name="form_resume")
    @method_decorator(never_cache)
    def resume(self, request):
        from .models import Draft

        token = request.GET.get("t", "")
        try:
            draft_id = signing.TimestampSigner(salt=RESUME_SALT).unsign(token)
        except signing.BadSignature:
            draft_id = None
        draft = Draft.objects.filter(pk=draft_id, page=self).first() if draft_id else None
        if draft is None or draft.is_expired or draft.submission_id:
            messages.error(
                request,
                gettext("This link has expired or was already used. Please start again."),
            )
            return redirect(self.url)
        return self.remember_draft(redirect(self.resume_url(draft)), draft)

    # --- preview for editors ---------------------------------------------------------
    def serve_preview(self, request, mode_name):
        if mode_name == "steps":
            context = self.base_context(
                request,
                previews=[
                    (step, engine.StepForm(step, {}, context=self.form_context(request)))
                    for step in self.definition.steps
                ],
            )
            return TemplateResponse(request, "forms/form_preview_steps.html", context)
        return self.start(request)

    def get_preview_context(self, request, mode_name):
        return self.get_context(request)


def draft_version(draft):
    """Changes whenever the draft is stored: the step-keeping script compares it
    before and after a step's post to learn whether the server kept the step."""
    if not attachments.is_saved(draft):
        return ""
    return f"{draft.updated_at.timestamp():.6f}"
