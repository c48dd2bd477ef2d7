"""One case: answers, timeline, notes, messages, assignment and the workflow's actions."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin import messages

from forms.access import staff_url
from forms.models import Attachment, Submission
from forms.protocol import ProtocolNumber

from .. import audit, cases, duplicates, hearings, permissions, workflow
from ..files import case_files, set_sharing
from ..models import Case, EventKind, Party, ReasonTemplate, WorkflowSettings


def get_case(request, pk, action="view"):
    """The case `pk` if the request's user may `action` it, else 403."""
    if not permissions.policy.user_has_permission(request.user, action):
        raise PermissionDenied
    case = get_object_or_404(
        Case.objects.select_related("submission__page", "assignee", "duplicate_of"), pk=pk
    )
    if not permissions.policy.user_has_permission_for_instance(request.user, action, case):
        raise PermissionDenied
    return case


# Who sent a file, as staff read it.
SENT_BY = {
    Party.CITIZEN: gettext_lazy("Sent by the consumer"),
    Party.SUPPLIER: gettext_lazy("Sent by the supplier"),
    Party.STAFF: gettext_lazy("Sent by the Procon"),
}


def file_rows(case, events):
    """The case's files, each with who sent it, when, its kind, whether the
    supplier receives it, and its protected download link (the download view
    checks access again and logs every download); `events`: all the case's
    events, already read."""
    return [
        {
            "id": item.attachment.pk,
            "kind": item.attachment.kind_label,
            "shared": item.attachment.shared_with_supplier,
            # The supplier's own files are its own: their sharing is not a choice.
            "shareable": item.party != Party.SUPPLIER,
            "name": item.attachment.original_name,
            "size": item.attachment.size,
            "url": staff_url(item.attachment),
            "party": item.party,
            "sent_by": SENT_BY.get(item.party, SENT_BY[Party.STAFF]),
            "sent_at": item.sent_at,
            "event_id": item.event.pk if item.event else None,
        }
        for item in case_files(case, events=events)
    ]


def hearing_pages(case, user, allowed):
    """[(url, title)] of the hearing pages (schedule, reschedule, outcome) open
    to `user` on `case`, given the actions `allowed` to them now."""
    from django.urls import reverse

    from .hearing import PAGES, TITLES

    names = {action.name for action in allowed}
    return [
        (reverse(url, args=[case.pk]), TITLES[page])
        for page, (url, actions) in PAGES.items()
        if names & set(actions)
    ]


def case_notices(case):
    """Warnings other apps raise about a case (the "inbox_case_notices" hook: a
    function of the case returning a list of texts), e.g. the supplier side's
    "goes by post: the company has no active representative"."""
    return [notice for hook in hooks.get_hooks("inbox_case_notices") for notice in hook(case)]


def case_view(request, pk):
    case = get_case(request, pk)
    audit.log(request, audit.CASE_VIEW, case.submission)
    submission = case.submission
    user = request.user
    events = list(case.events.select_related("actor"))
    files = file_rows(case, events)
    allowed = workflow.allowed_actions(case, user)
    by_event = {}
    for row in files:
        by_event.setdefault(row["event_id"], []).append(row)
    context = {
        "case": case,
        "submission": submission,
        "answers": submission.answer_rows(),
        "attachments": files,
        "timeline": [(event, by_event.get(event.pk, [])) for event in events],
        "actions": [action for action in allowed if not action.hearing],
        "hearing": hearings.current_hearing(case),
        "hearing_pages": hearing_pages(case, user, allowed),
        "reschedule_request": workflow.pending_request(case, EventKind.RESCHEDULE_REQUEST),
        "possible_duplicates": duplicates.for_case(case),
        "link_duplicate": next((a for a in allowed if a.name == "mark_duplicate"), None),
        "extension_request": workflow.pending_request(case),
        "max_extension_days": WorkflowSettings.load().max_extension_days,
        "reason_templates": ReasonTemplate.objects.filter(active=True),
        "can_work": permissions.policy.user_has_permission_for_instance(user, "work", case),
        "can_reassign": permissions.is_supervisor(user),
        "staff": permissions.case_staff() if permissions.is_supervisor(user) else [],
        "days_left": case.days_left(),
        "supplier_involved": workflow.supplier_involved(case),
        "notices": case_notices(case),
    }
    return TemplateResponse(request, "inbox/case.html", context)


# The values an action's form may send (the workflow checks those it reads).
ACTION_DATA = ("score", "days", "cnpj", "supplier_name")


def _back(case):
    return redirect("inbox:case", case.pk)


@require_POST
def take_action(request, pk):
    case = get_case(request, pk, "work")
    reason = request.POST.get("reason", "")
    template_id = request.POST.get("reason_template")
    if template_id:
        template = ReasonTemplate.objects.filter(pk=template_id, active=True).first()
        if template:
            reason = f"{template.text}\n\n{reason}".strip()
    duplicate_of = None
    if request.POST.get("duplicate_of"):
        number = ProtocolNumber.parse(request.POST["duplicate_of"])
        duplicate_of = Submission.objects.filter(protocol=str(number)).first() if number else None
        if duplicate_of is None:
            messages.error(request, _("There is no submission with that protocol."))
            return _back(case)
    try:
        event = workflow.apply(
            case,
            request.POST.get("action", ""),
            user=request.user,
            reason=reason,
            duplicate_of=duplicate_of,
            data={key: request.POST[key] for key in ACTION_DATA if request.POST.get(key)},
        )
    except workflow.TransitionError as error:
        messages.error(request, str(error.message))
    else:
        if event.from_status == event.to_status:
            messages.success(request, _("Done: %(action)s.") % {"action": event.action_label})
        else:
            messages.success(
                request, _("Status changed to “%(status)s”.") % {"status": event.to_label}
            )
    return _back(case)


@require_POST
def assign(request, pk):
    case = get_case(request, pk, "work")
    value = request.POST.get("assignee", "")
    if value == "me":
        assignee = request.user
    elif value in ("", "none"):
        assignee = None
    else:
        assignee = get_user_model().objects.filter(pk=value if value.isdigit() else None).first()
        if assignee is None:
            messages.error(request, _("Choose a staff member."))
            return _back(case)
    try:
        cases.assign(case, assignee, request.user)
    except workflow.TransitionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Assignment saved."))
    return _back(case)


@require_POST
def add_note(request, pk):
    case = get_case(request, pk, "work")
    try:
        cases.add_note(case, request.user, request.POST.get("text", ""))
    except workflow.TransitionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Internal note added."))
    return _back(case)


@require_POST
def send_message(request, pk):
    case = get_case(request, pk, "work")
    try:
        cases.send_message(case, request.user, request.POST.get("text", ""))
    except workflow.TransitionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Message sent to the citizen."))
    return _back(case)


@require_POST
def message_supplier(request, pk):
    case = get_case(request, pk, "work")
    try:
        cases.message_supplier(case, request.user, request.POST.get("text", ""))
    except workflow.TransitionError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Message sent to the supplier."))
    return _back(case)


@require_POST
def file_sharing(request, pk, attachment_id):
    """Share a file of the case with the supplier, or stop sharing it (an event
    records who did it)."""
    case = get_case(request, pk, "work")
    attachment = get_object_or_404(Attachment, pk=attachment_id, submission_id=case.pk)
    shared = request.POST.get("shared") == "1"
    try:
        set_sharing(case, attachment, shared, request.user)
    except workflow.TransitionError as error:
        messages.error(request, str(error.message))
    else:
        if shared:
            message = _("“%(name)s” is now shared with the supplier.")
        else:
            message = _("“%(name)s” is no longer shared with the supplier.")
        messages.success(request, message % {"name": attachment.original_name})
    return _back(case)
