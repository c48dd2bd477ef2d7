"""The citizen's tracking pages. Thin: each view reads the request, calls the
access or action functions, and picks a template."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core import outbox
from core.http import private, too_many_requests
from forms.abuse import honeypot_filled
from forms.access import citizen_link
from home.links import absolute_url
from inbox import audit, hearings
from inbox.files import case_files, for_citizen
from inbox.models import CaseEvent, EventKind
from inbox.statuses import FINAL
from inbox.workflow import CITIZEN, TransitionError

from . import access, actions, export
from .forms import (
    AgreementForm,
    ComplementForm,
    EvaluationForm,
    LinkRequestForm,
    ReplyForm,
    RescheduleForm,
    TrackForm,
    WithdrawForm,
)
from .texts import (
    DEADLINE_LABELS,
    citizen_status_label,
    event_title,
    explanation,
    sent_by,
    withdrawn_message,
)

LINK_EMAIL = "tracking_link"
AUDIT_DOWNLOAD = "procon.tracking_download"


def _too_many(request, seconds):
    return too_many_requests(request, seconds, template="tracking/too_many_requests.html")


def _to_start(protocol=""):
    url = reverse("tracking:start")
    if protocol:
        url += "?" + urlencode({"protocolo": protocol})
    return redirect(url)


def _case_or_none(request, protocol):
    submission = access.authorised_submission(request, protocol)
    return submission.case if submission is not None else None


# --- proving access ------------------------------------------------------------------


@never_cache
def start(request):
    """Protocol and access code. Every wrong combination gets the same answer."""
    if request.method == "POST":
        form = TrackForm(request.POST)
        protocol = access.normalised_protocol(request.POST.get("protocol"))
        wait = access.check_limits(request, protocol)
        if wait:
            return _too_many(request, wait)
        if form.is_valid() and not honeypot_filled(request):
            submission = access.find(
                form.cleaned_data["protocol"], form.cleaned_data["access_code"]
            )
            if submission is not None:
                access.authorise(request, [submission.pk])
                return redirect("tracking:case", protocol=submission.protocol)
            access.record_failure(protocol)
            form.add_error(
                None,
                _(
                    "We could not open a case with this protocol number and access code. "
                    "Check both and try again."
                ),
            )
        form.data = form.data.copy()
        form.data["access_code"] = ""  # never echo the code back
        status = 400
    else:
        form = TrackForm(initial={"protocol": request.GET.get("protocolo", "")[:30]})
        status = 200
    context = {
        "form": form,
        "has_cases": access.has_cases(request),
        "my_cases_url": reverse("tracking:my_cases"),
    }
    return private(TemplateResponse(request, "tracking/start.html", context, status=status))


@never_cache
def link_request(request):
    """Ask for a link by e-mail. The answer never says whether the address has cases."""
    if request.method == "POST":
        form = LinkRequestForm(request.POST)
        if form.is_valid() and not honeypot_filled(request):
            email = form.cleaned_data["email"]
            wait, email_ok = access.link_request_limits(request, email)
            if wait:
                return _too_many(request, wait)
            if email_ok:
                _queue_link(email)
            return redirect("tracking:link_sent")
        status = 400
    else:
        form = LinkRequestForm()
        status = 200
    return TemplateResponse(request, "tracking/link_request.html", {"form": form}, status=status)


def _queue_link(email):
    ids = list(
        access.submissions_for_email(email).values_list("pk", flat=True)[: access.MAX_LINK_CASES]
    )
    if not ids:
        return None
    token = access.make_link_token(ids)
    context = {
        "link": absolute_url(reverse("tracking:link_open", args=[token])),
        "minutes": access.link_max_age() // 60,
    }
    subject, body = outbox.render("tracking/email/link", context, translation.get_language())
    return outbox.queue(LINK_EMAIL, email, subject, body)


def link_sent(request):
    return TemplateResponse(
        request, "tracking/link_sent.html", {"minutes": access.link_max_age() // 60}
    )


@never_cache
def link_open(request, token):
    ids = access.read_link_token(token)
    if not ids:
        response = TemplateResponse(
            request,
            "tracking/link_invalid.html",
            # The language switcher offers a new link's page, not this token.
            {"form": LinkRequestForm(), "language_links_path": reverse("tracking:link_request")},
            status=400,
        )
        return private(response)
    access.authorise(request, ids)
    return private(redirect("tracking:my_cases"))


@never_cache
def my_cases(request):
    from forms.models import Submission

    allowed = access.authorised_filter(request)
    if allowed is None:
        return _to_start()
    submissions = (
        Submission.objects.filter(allowed).select_related("case", "page").order_by("-submit_time")
    )
    rows = [(s, citizen_status_label(s.status)) for s in submissions]
    return private(TemplateResponse(request, "tracking/my_cases.html", {"rows": rows}))


@require_POST
def sign_out(request):
    access.forget(request)
    messages.success(request, _("You left the tracking pages on this device."))
    return redirect("tracking:start")


# --- the case --------------------------------------------------------------------------


def _case_context(request, case, reply_form=None):
    submission = case.submission
    today = timezone.localdate()
    events = list(CaseEvent.objects.for_citizen().filter(case=case).order_by("created_at", "pk"))
    supplier_answer = next(
        (e for e in reversed(events) if e.action == "record_supplier_answer"), None
    )
    meaning, next_step = explanation(submission.status, submission.kind)
    allowed = actions.allowed(case)
    days_left = case.days_left(today)
    hearing = hearings.current_hearing(case)
    return {
        "submission": submission,
        "case": case,
        "status_label": citizen_status_label(submission.status),
        "meaning": meaning,
        "next_step": next_step,
        "events": [(event, event_title(event, submission.kind)) for event in events],
        "supplier_answer": supplier_answer,
        "deadline_label": DEADLINE_LABELS.get(case.deadline_kind, _("Deadline")),
        "days_left": days_left,
        "files": [
            {
                "attachment": item.attachment,
                "link": citizen_link(item.attachment),
                "party": item.party,
                "sent_by": sent_by(item.party, item.sent_at),
            }
            for item in case_files(case, shown=for_citizen)
        ],
        # In the reader's language where the form is translated into it.
        "answer_rows": submission.answer_rows(translation.get_language()),
        "can_reply": submission.status not in FINAL,
        "can_complement": "receive_complement" in allowed,
        "can_evaluate": actions.evaluation_open(case, today),
        "can_withdraw": "withdraw" in allowed,
        "hearing": hearing,
        "ata_link": citizen_link(hearing.ata) if hearing and hearing.ata else "",
        "can_reschedule": actions.reschedule_open(case),
        "reschedule_request": hearings.reschedule_request(case, CITIZEN, hearing)
        if hearing
        else None,
        "can_confirm_agreement": actions.agreement_open(case, today),
        "reply_form": reply_form or ReplyForm(),
        "form": reply_form,  # the error summary reads `form`
    }


@never_cache
def case_page(request, protocol):
    case = _case_or_none(request, protocol)
    if case is None:
        return _to_start(protocol)
    if request.method == "POST":  # a reply, with files or not
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            wait = access.message_limit(case)
            if wait:
                return _too_many(request, wait)
            checked, errors = actions.check_files(form.uploads())
            for error in errors:
                form.add_error("files", error)
        if form.is_valid():  # no file refused: send all, or nothing
            try:
                actions.reply(case, form.cleaned_data["text"], checked)
            except TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your message was sent to the Procon."))
            return redirect("tracking:case", protocol=protocol)
        if form.uploads():  # a browser never fills a file input again
            form.add_error(
                "files", _("Nothing was sent: choose the files again. Your message is kept.")
            )
        context = _case_context(request, case, reply_form=form)
        return private(TemplateResponse(request, "tracking/case.html", context, status=400))
    return private(TemplateResponse(request, "tracking/case.html", _case_context(request, case)))


def _action_page(request, protocol, allowed_check):
    """The case, when the session may see it and the action is open; else a redirect."""
    case = _case_or_none(request, protocol)
    if case is None:
        return None, _to_start(protocol)
    if not allowed_check(case):
        messages.info(request, _("This action is not available for this case now."))
        return None, redirect("tracking:case", protocol=protocol)
    return case, None


def _last_request(case):
    return (
        CaseEvent.objects.for_citizen()
        .filter(case=case, kind=EventKind.TRANSITION, action="request_complement")
        .order_by("-created_at", "-pk")
        .first()
    )


@never_cache
def complement(request, protocol):
    case, refusal = _action_page(
        request, protocol, lambda c: "receive_complement" in actions.allowed(c)
    )
    if refusal:
        return refusal
    status = 200
    if request.method == "POST":
        form = ComplementForm(request.POST, request.FILES)
        if form.is_valid():
            checked, errors = actions.check_files(form.uploads())
            for error in errors:
                form.add_error("files", error)
            if not errors:
                try:
                    actions.send_complement(case, checked, form.cleaned_data["text"])
                except TransitionError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Thank you. What you sent was added to your case."))
                return redirect("tracking:case", protocol=protocol)
        status = 400
    else:
        form = ComplementForm()
    context = {
        "case": case,
        "submission": case.submission,
        "form": form,
        "request_event": _last_request(case),
    }
    return private(TemplateResponse(request, "tracking/complement.html", context, status=status))


@never_cache
def evaluate(request, protocol):
    case, refusal = _action_page(request, protocol, actions.evaluation_open)
    if refusal:
        return refusal
    status = 200
    if request.method == "POST":
        form = EvaluationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.evaluate(case, data["outcome"], data["score"], data["comment"])
            except TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you. Your evaluation was recorded."))
            return redirect("tracking:case", protocol=protocol)
        status = 400
    else:
        form = EvaluationForm()
    context = {
        "case": case,
        "submission": case.submission,
        "form": form,
        "days_left": case.days_left(),
    }
    return private(TemplateResponse(request, "tracking/evaluate.html", context, status=status))


@never_cache
def withdraw(request, protocol):
    case, refusal = _action_page(request, protocol, lambda c: "withdraw" in actions.allowed(c))
    if refusal:
        return refusal
    status = 200
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                actions.withdraw(case, form.cleaned_data["reason"])
            except TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, withdrawn_message(case.submission.kind))
            return redirect("tracking:case", protocol=protocol)
        status = 400
    else:
        form = WithdrawForm()
    context = {"case": case, "submission": case.submission, "form": form}
    return private(TemplateResponse(request, "tracking/withdraw.html", context, status=status))


@never_cache
def reschedule(request, protocol):
    """The citizen asks, once, for another hearing date."""
    case, refusal = _action_page(request, protocol, actions.reschedule_open)
    if refusal:
        return refusal
    status = 200
    if request.method == "POST":
        form = RescheduleForm(request.POST)
        if form.is_valid():
            try:
                actions.ask_to_reschedule(case, form.cleaned_data["reason"])
            except TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Your request for another date was sent. The Procon will decide.")
                )
            return redirect("tracking:case", protocol=protocol)
        status = 400
    else:
        form = RescheduleForm()
    context = {
        "case": case,
        "submission": case.submission,
        "form": form,
        "hearing": hearings.open_hearing(case),
    }
    return private(TemplateResponse(request, "tracking/reschedule.html", context, status=status))


@never_cache
def agreement(request, protocol):
    """From the agreement's due date: was it kept?"""
    case, refusal = _action_page(request, protocol, actions.agreement_open)
    if refusal:
        return refusal
    status = 200
    if request.method == "POST":
        form = AgreementForm(request.POST)
        if form.is_valid():
            kept = form.cleaned_data["answer"] == "kept"
            try:
                actions.confirm_agreement(case, kept, form.cleaned_data["reason"])
            except TransitionError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request,
                    _("Thank you. The complaint is closed.")
                    if kept
                    else _("Thank you. The Procon will take the next step."),
                )
            return redirect("tracking:case", protocol=protocol)
        status = 400
    else:
        form = AgreementForm()
    context = {
        "case": case,
        "submission": case.submission,
        "form": form,
        "hearing": hearings.current_hearing(case),
    }
    return private(TemplateResponse(request, "tracking/agreement.html", context, status=status))


@never_cache
def download(request, protocol, fmt):
    """LGPD art. 18: the protocol's data as JSON or PDF; logged in the audit log."""
    case = _case_or_none(request, protocol)
    if case is None:
        return _to_start(protocol)
    data = export.protocol_data(case.submission)
    audit.log(request, AUDIT_DOWNLOAD, case, party=CITIZEN, detail=fmt)
    name = f"procon-{case.submission.protocol}"
    if fmt == "json":
        response = HttpResponse(
            export.as_json(data), content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(export.as_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)
