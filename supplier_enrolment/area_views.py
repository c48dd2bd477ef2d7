"""The supplier area, /fornecedor/: sign-in (password or one-case access code),
the list of cases, one case and its actions. Views are thin: `area` says who
acts and what they may see, `actions` does the work."""

import uuid
from functools import wraps

from axes.utils import reset as reset_lockout
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from forms.brazil import only_digits
from forms.downloads import log, serve
from forms.models import Attachment, AttachmentAccess
from home.ratelimit import hit
from inbox import audit, hearings, workflow
from inbox.models import CaseEvent, EventKind, Visibility
from inbox.statuses import Status
from inbox.workflow import TransitionError

from . import actions, area, enrolment
from .area_forms import (
    AccessCodeForm,
    AnswerForm,
    AppealForm,
    ExtensionForm,
    InviteForm,
    PasswordLinkForm,
    RefuseForm,
    ReplyForm,
    RepresentativePasswordForm,
    RescheduleForm,
    SignInForm,
)
from .letters import find_letter
from .models import Representative, Supplier
from .sharing import shared_answers, shared_documents
from .tasks import send_password_link
from .texts import event_title

CODE_ACCESS = "supplier access code"
# New set-password links a representative's email may be sent, per hour.
LINKS_PER_EMAIL = 3
LINK_WINDOW_SECONDS = 60 * 60


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    # Same-origin only: the set-password link never leaks to another site, and
    # forms still send their Origin (CSRF).
    response["Referrer-Policy"] = "same-origin"
    return response


def supplier_required(view):
    """The view runs with `request.supplier` (a SupplierActor) or sends the
    visitor to the sign-in page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.supplier = area.actor_for(request)
        if request.supplier is None:
            return redirect("supplier_area:login")
        return _no_store(view(request, *args, **kwargs))

    return never_cache(wrapper)


def _too_many(request):
    response = TemplateResponse(
        request,
        "forms/too_many_requests.html",
        {"minutes": area.ATTEMPT_WINDOW_SECONDS // 60},
        status=429,
    )
    response["Retry-After"] = str(area.ATTEMPT_WINDOW_SECONDS)
    return response


@never_cache
@sensitive_post_parameters("entrar-password", "codigo-access_code")
def sign_in(request):
    actor = area.actor_for(request)
    if actor is not None and request.method != "POST":
        return redirect("supplier_area:cases")
    sign_in_form, code_form = SignInForm(), AccessCodeForm()
    status = 200
    if request.method == "POST":
        if not area.address_within_limit(request, "supplier-sign-in"):
            return _too_many(request)
        if "codigo-protocol" in request.POST:
            code_form = AccessCodeForm(request.POST)
            if code_form.is_valid():
                letter = find_letter(
                    code_form.cleaned_data["protocol"], code_form.cleaned_data["access_code"]
                )
                if letter is not None:
                    logout(request)  # a fresh session, holding this one case only
                    request.session[area.SESSION_CASE_KEY] = letter.pk
                    request.session.cycle_key()
                    return redirect("supplier_area:case", letter.case_id)
                code_form.add_error(None, _("The protocol or the access code is not right."))
        else:
            sign_in_form = SignInForm(request.POST)
            if sign_in_form.is_valid():
                user = _check_password(request, sign_in_form)
                if user is not None:
                    request.session.pop(area.SESSION_CASE_KEY, None)
                    login(request, user)  # rotates the session key
                    return redirect("supplier_area:cases")
        status = 400
    context = {"sign_in_form": sign_in_form, "code_form": code_form}
    return _no_store(
        TemplateResponse(request, "supplier_enrolment/sign_in.html", context, status=status)
    )


def _check_password(request, form):
    """The representative's account for these credentials, or None with the
    form's error set. Locked for a while after repeated failures: by email here
    (from any address), and by account and client address in django-axes, which
    counts the attempts `authenticate()` sees with the request (and answers 429
    through its middleware once the pair is locked)."""
    email = form.cleaned_data["email"]
    if area.is_locked(email):
        form.add_error(
            None,
            _(
                "Too many failed attempts for this email. Wait %(minutes)s minutes or "
                "choose a new password."
            )
            % {"minutes": area.LOCKOUT_SECONDS // 60},
        )
        return None
    representative = (
        Representative.objects.may_sign_in()
        .filter(email__iexact=email)
        .select_related("user")
        .first()
    )
    user = None
    if representative:
        user = authenticate(
            request,
            username=representative.user.get_username(),
            password=form.cleaned_data["password"],
        )
    if user is not None and user.pk == representative.user_id:
        area.clear_failures(email)
        return user
    area.record_failure(email)
    form.add_error(None, _("The email or the password is not right."))
    return None


@never_cache
def password_link(request):
    """A new link to choose a password, for a representative who forgot theirs,
    was locked out, or whose first link expired.

    The answer is the same whether or not the email is a representative's, and
    takes the same time (the e-mail is written by a task enqueued for every
    request), so the page tells nobody who acts for which company. Limited per
    client address (as the sign-in) and per email (LINKS_PER_EMAIL an hour), so
    nobody can fill a representative's mailbox.
    """
    form = PasswordLinkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not area.address_within_limit(request, "supplier-password-link"):
            return _too_many(request)
        if form.is_valid():
            email = form.cleaned_data["email"]
            if hit(
                "supplier-password-link-email",
                email.lower(),
                limit=LINKS_PER_EMAIL,
                period=LINK_WINDOW_SECONDS,
            ):
                # The same work whoever the e-mail belongs to: a look-up and a
                # task; the task writes the e-mail (see tasks.send_password_link).
                representative_id = (
                    Representative.objects.may_sign_in()
                    .filter(email__iexact=email)
                    .values_list("pk", flat=True)
                    .first()
                )
                send_password_link.enqueue(representative_id)
            return _no_store(
                TemplateResponse(
                    request,
                    "supplier_enrolment/password_link_sent.html",
                    {"days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)},
                )
            )
        status = 400
    return _no_store(
        TemplateResponse(
            request, "supplier_enrolment/password_link.html", {"form": form}, status=status
        )
    )


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You have signed out."))
    return redirect("supplier_area:login")


@never_cache
@sensitive_post_parameters()
def set_password(request, uidb64, token):
    """The one-time link emailed to a new representative."""
    try:
        user_id = force_str(urlsafe_base64_decode(uidb64))
        representative = (
            Representative.objects.active().filter(user_id=user_id).select_related("user").first()
        )
    except (TypeError, ValueError, OverflowError, ValidationError):
        representative = None
    user = representative.user if representative else None
    if user is None or not default_token_generator.check_token(user, token):
        return _no_store(
            TemplateResponse(request, "supplier_enrolment/set_password_invalid.html", status=400)
        )
    form = RepresentativePasswordForm(representative, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        area.clear_failures(representative.email)
        reset_lockout(username=user.get_username())  # a new password ends both lockouts
        messages.success(
            request, _("Password saved. Sign in with your email and the new password.")
        )
        return redirect("supplier_area:login")
    status = 400 if form.errors else 200
    return _no_store(
        TemplateResponse(
            request,
            "supplier_enrolment/set_password.html",
            {"form": form, "representative": representative},
            status=status,
        )
    )


@supplier_required
def case_list(request):
    actor = request.supplier
    if actor.by_code:
        return redirect("supplier_area:case", actor.case_id)
    cases = (
        actor.cases()
        .select_related("submission", "forwarding__supplier")
        .order_by("-forwarding__forwarded_at", "-pk")
    )
    context = {
        "cases": cases,
        "actor": actor,
        "manages": enrolment.managed_by(actor.user).exists(),
    }
    return TemplateResponse(request, "supplier_enrolment/case_list.html", context)


FORM_CLASSES = {
    "answer": AnswerForm,
    "refuse": RefuseForm,
    "extension": ExtensionForm,
    "reply": ReplyForm,
    "appeal": AppealForm,
    "reschedule": RescheduleForm,
}

# The action (in `actions.available`) each form needs.
FORM_NEEDS = {
    "answer": "record_supplier_answer",
    "refuse": "supplier_refuse",
    "extension": "extension",
    "reply": "reply",
    "appeal": "appeal",
    "reschedule": "reschedule",
}


# The Procon's decisions on what the supplier asked, as the supplier reads them.
DECISION_TITLES = {
    "accept_refusal": gettext_lazy("The Procon accepted your refusal and closed the case"),
    "reject_refusal": gettext_lazy("The Procon rejected your refusal: answer the complaint"),
    "grant_extension": gettext_lazy("The Procon gave you more time"),
    "deny_extension": gettext_lazy("The Procon denied your request for more time"),
    "start_supplier_deadline": gettext_lazy("Letter delivered: your deadline started"),
    "schedule_hearing": gettext_lazy("The Procon scheduled a conciliation hearing"),
    "reschedule_hearing": gettext_lazy("The Procon rescheduled the hearing"),
    "deny_reschedule": gettext_lazy("The Procon kept the hearing's date"),
}


def _events(case):
    """The timeline the supplier the case is forwarded to may read. After a
    redirect, the previous supplier's own conversation with the Procon (its
    messages, requests and their decisions) is not this supplier's to read."""
    events = CaseEvent.objects.for_supplier().filter(case=case)
    forwarding = getattr(case, "forwarding", None)
    if forwarding is not None:
        events = events.exclude(
            visibility=Visibility.SUPPLIER, created_at__lt=forwarding.forwarded_at
        )
    events = list(events.order_by("created_at", "pk"))
    for event in events:
        event.case = case  # action labels read the kind without another query
        event.title = DECISION_TITLES.get(event.action) or event_title(event)
    return events


def _render_case(request, case, bound=None, status=200):
    available = actions.available(case, request.supplier)
    extension_request = workflow.pending_request(case)
    if extension_request is not None:
        available.discard("extension")  # one request at a time: the Procon decides it first
    forms = {
        name: (bound if bound is not None and bound.prefix == cls.prefix else cls())
        for name, cls in FORM_CLASSES.items()
        if FORM_NEEDS[name] in available
    }
    context = {
        "case": case,
        "submission": case.submission,
        "actor": request.supplier,
        "answers": shared_answers(case.submission),
        "documents": shared_documents(case.submission),
        "events": _events(case),
        "refusal_pending": case.submission.status == Status.SUPPLIER_REFUSED,
        "extension_request": extension_request,
        "forms": forms,
        "bound": bound,
        "EventKind": EventKind,
        "hearing": hearings.current_hearing(case),
        "reschedule_request": hearings.reschedule_request(case, workflow.SUPPLIER),
    }
    return TemplateResponse(request, "supplier_enrolment/case.html", context, status=status)


# The access log's actions for what the supplier area reads (registered in
# wagtail_hooks.py).
AUDIT_CASE_VIEW = "procon.supplier_case_view"
AUDIT_DOWNLOAD = "procon.supplier_attachment_download"
AUDIT_DENIED = "procon.supplier_attachment_denied"


def _audit(request, action, case, attachment=None):
    """Who of the supplier read it: the representative (their account's id) or
    the letter whose code opened the session."""
    actor = request.supplier
    who = {"letter": actor.letter_id} if actor.by_code else {"representative": actor.user.pk}
    attachment_id = str(attachment.pk) if attachment is not None else None
    audit.log(request, action, case, party=workflow.SUPPLIER, attachment=attachment_id, **who)


@supplier_required
def case_view(request, pk):
    case = request.supplier.case(pk)
    _audit(request, AUDIT_CASE_VIEW, case)
    return _render_case(request, case)


def _act(request, pk, name, do):
    case = request.supplier.case(pk)
    if name not in FORM_CLASSES:
        raise Http404
    form = FORM_CLASSES[name](request.POST, request.FILES)
    if form.is_valid():
        user = request.supplier.user
        try:
            do(case, user, form.cleaned_data)
        except ValidationError as error:
            field = "documents" if "documents" in form.fields else None
            for message in error.messages:
                form.add_error(field, message)
        except TransitionError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, DONE_MESSAGES[name]())
            return redirect("supplier_area:case", case.pk)
    return _render_case(request, case, bound=form, status=400)


DONE_MESSAGES = {
    "answer": lambda: _("Your answer was sent to the Procon and the consumer."),
    "refuse": lambda: _("Your refusal was sent. The Procon will decide."),
    "extension": lambda: _("Your request for more time was sent. The Procon will decide."),
    "reply": lambda: _("Your message was sent to the Procon."),
    "appeal": lambda: _("Your appeal was filed."),
    "reschedule": lambda: _("Your request for another date was sent. The Procon will decide."),
}


@require_POST
@supplier_required
def answer(request, pk):
    return _act(
        request,
        pk,
        "answer",
        lambda case, user, data: actions.record_answer(
            case,
            user,
            data["text"],
            data["proposed_solution"],
            request.FILES.getlist("resposta-documents"),
        ),
    )


@require_POST
@supplier_required
def refuse(request, pk):
    return _act(
        request,
        pk,
        "refuse",
        lambda case, user, data: actions.refuse(case, user, data["reason"], data["details"]),
    )


@require_POST
@supplier_required
def extension(request, pk):
    return _act(
        request,
        pk,
        "extension",
        lambda case, user, data: actions.ask_for_time(case, user, data["days"], data["reason"]),
    )


@require_POST
@supplier_required
def reply(request, pk):
    return _act(
        request, pk, "reply", lambda case, user, data: actions.reply(case, user, data["text"])
    )


@require_POST
@supplier_required
def appeal(request, pk):
    return _act(
        request, pk, "appeal", lambda case, user, data: actions.appeal(case, user, data["text"])
    )


@require_POST
@supplier_required
def reschedule(request, pk):
    return _act(
        request,
        pk,
        "reschedule",
        lambda case, user, data: actions.ask_to_reschedule(case, user, data["reason"]),
    )


@supplier_required
def document(request, pk, attachment_id):
    """A file of a case this supplier may see (logged like every download)."""
    case = request.supplier.case(pk)
    try:
        attachment_id = uuid.UUID(str(attachment_id))
    except ValueError as error:
        raise Http404 from error
    attachment = Attachment.objects.filter(pk=attachment_id, submission_id=case.pk).first()
    if attachment is None:
        raise Http404
    via = CODE_ACCESS if request.supplier.by_code else "supplier representative"
    if not attachment.shared_with_supplier:
        # Not shared with the supplier (e.g. an identity document): the same 404
        # as a file that does not exist, and the attempt is on record.
        log(request, attachment, via, AttachmentAccess.Action.DENIED)
        _audit(request, AUDIT_DENIED, case, attachment)
        raise Http404
    log(request, attachment, via, AttachmentAccess.Action.DOWNLOAD)
    _audit(request, AUDIT_DOWNLOAD, case, attachment)
    return serve(attachment)


# --- representatives (a manager's page) ------------------------------------------------


def _managed_suppliers(request):
    """The companies the signed-in representative manages; 404 for anyone else
    (a code session, a representative who is not a manager)."""
    actor = request.supplier
    if actor.by_code:
        raise Http404
    ids = list(enrolment.managed_by(actor.user).values_list("supplier_id", flat=True))
    if not ids:
        raise Http404
    return Supplier.objects.filter(pk__in=ids).by_display_name()


@supplier_required
def representatives(request):
    """The companies' representatives, the invitation form and revocation."""
    suppliers = _managed_suppliers(request)
    form = InviteForm(suppliers, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                invited = enrolment.invite(
                    data["supplier"],
                    request.supplier.user,
                    name=data["name"],
                    email=data["email"],
                    cpf=only_digits(data.get("cpf") or ""),
                    phone=data.get("phone") or "",
                    is_manager=data["is_manager"],
                )
            except ValidationError as error:
                form.add_error("email", error.messages[0])
            else:
                messages.success(
                    request,
                    _("%(name)s was invited: the link to choose a password went to %(email)s.")
                    % {"name": invited.name, "email": invited.email},
                )
                return redirect("supplier_area:representatives")
        status = 400
    people = (
        Representative.objects.filter(supplier__in=suppliers)
        .select_related("supplier")
        .order_by(
            "supplier__legal_name_key",
            "supplier",
            F("revoked_at").desc(nulls_first=True),
            "name",
        )
    )
    context = {
        "actor": request.supplier,
        "form": form,
        "suppliers": suppliers,
        "people": people,
    }
    return TemplateResponse(
        request, "supplier_enrolment/representatives.html", context, status=status
    )


@require_POST
@supplier_required
def revoke_representative(request, pk):
    suppliers = _managed_suppliers(request)
    representative = Representative.objects.filter(pk=pk, supplier__in=suppliers).first()
    if representative is None:
        raise Http404
    try:
        enrolment.revoke(representative, request.supplier.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(name)s no longer represents %(company)s.")
            % {"name": representative.name, "company": representative.supplier.display_name},
        )
    return redirect("supplier_area:representatives")
