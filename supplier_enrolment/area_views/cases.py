"""The supplier area's cases: the list, one case with the timeline and the
forms of what the supplier may do now, the actions, and the case's files. Who
may see a case is `area.SupplierActor`'s to say; the work is in `actions`."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forms.downloads import log, serve
from forms.models import Attachment, AttachmentAccess
from inbox import audit, hearings, workflow
from inbox.models import CaseEvent, EventKind, Visibility
from inbox.statuses import Status
from inbox.workflow import TransitionError

from .. import actions, enrolment
from ..area_forms import (
    AnswerForm,
    AppealForm,
    ExtensionForm,
    RefuseForm,
    ReplyForm,
    RescheduleForm,
)
from ..sharing import shared_answers, shared_documents
from ..texts import event_title
from .common import supplier_required

CODE_ACCESS = "supplier access code"


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
