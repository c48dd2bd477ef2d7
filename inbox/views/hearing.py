"""Staff pages of the conciliation hearing: schedule, reschedule, record the
outcome. Each its own page with a form, so nothing typed is lost on an error."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from .. import hearings, workflow
from ..hearing_forms import HearingForm, OutcomeForm
from .case import get_case

# The hearing pages and the workflow actions each one takes.
PAGES = {
    "schedule": ("inbox:hearing_schedule", ("schedule_hearing",)),
    "reschedule": ("inbox:hearing_reschedule", ("reschedule_hearing",)),
    "outcome": ("inbox:hearing_outcome", tuple(hearings.OUTCOME_ACTIONS.values())),
}
TITLES = {
    "schedule": gettext_lazy("Schedule a conciliation hearing"),
    "reschedule": gettext_lazy("Reschedule the hearing"),
    "outcome": gettext_lazy("Record the hearing's outcome"),
}


def _page(request, pk, name):
    case = get_case(request, pk, "work")
    allowed = {action.name for action in workflow.allowed_actions(case, request.user)}
    if not allowed & set(PAGES[name][1]):
        messages.error(
            request,
            _("This is not possible while the case is “%(status)s”.")
            % {"status": case.status_label},
        )
        return case, redirect("inbox:case", case.pk)
    return case, None


def _render(request, case, name, form, status=200):
    context = {
        "case": case,
        "submission": case.submission,
        "form": form,
        "title": TITLES[name],
        "page": name,
        "hearing": hearings.current_hearing(case),
        "reschedule_request": workflow.pending_request(case, "reschedule_request"),
    }
    return TemplateResponse(request, "inbox/hearing_form.html", context, status=status)


DONE = {
    "schedule": gettext_lazy("Hearing scheduled; both parties are told."),
    "reschedule": gettext_lazy("Hearing rescheduled; both parties are told."),
}


def _when_form(request, pk, name, act):
    case, refusal = _page(request, pk, name)
    if refusal:
        return refusal
    hearing = hearings.open_hearing(case)
    if request.method == "POST":
        form = HearingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                act(
                    case,
                    request.user,
                    data["when"],
                    data["place"],
                    data["video_link"],
                    data["note"],
                )
            except workflow.TransitionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, DONE[name])
                return redirect("inbox:case", case.pk)
        return _render(request, case, name, form, status=400)
    initial = HearingForm.initial_for(hearing) if hearing and name == "reschedule" else None
    return _render(request, case, name, HearingForm(initial=initial))


def schedule(request, pk):
    return _when_form(request, pk, "schedule", hearings.schedule)


def reschedule(request, pk):
    return _when_form(request, pk, "reschedule", hearings.reschedule)


def outcome(request, pk):
    case, refusal = _page(request, pk, "outcome")
    if refusal:
        return refusal
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                hearings.record_outcome(
                    case,
                    request.user,
                    data["outcome"],
                    minutes=data["minutes"],
                    terms=data["agreement_terms"],
                    due_date=data["due_date"],
                    today=timezone.localdate(),
                )
            except workflow.TransitionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request, _("Outcome recorded; the minutes are with the case's files.")
                )
                return redirect("inbox:case", case.pk)
        return _render(request, case, "outcome", form, status=400)
    return _render(request, case, "outcome", OutcomeForm())
