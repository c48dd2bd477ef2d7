"""Bulk operations on the case list; each case goes through the workflow on its own.

A status change takes two steps, so it works without JavaScript: the list posts
the selected cases ("choose"), this view answers with the actions valid for
every one of them, and the chosen one is then applied case by case.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from .. import cases, permissions, workflow
from ..models import Case

MAX_BULK = 500


def bulk_eligible(action):
    """Actions taken on many cases at once need nothing typed per case."""
    return not (
        action.reason_required
        or action.needs_duplicate_of
        or action.extends
        or action.needs_supplier
        or action.needs_request
        or action.hearing
    )


def bulk_choices(selected, user):
    """The status changes `user` may make on every selected case."""
    return workflow.common_actions(selected, user, eligible=bulk_eligible)


@require_POST
def bulk(request):
    user = request.user
    if not permissions.policy.user_has_permission(user, "work"):
        raise PermissionDenied
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = ""
    back = redirect(next_url or "inbox:index")
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()][:MAX_BULK]
    visible = permissions.visible_submissions(user, "work").filter(pk__in=ids)
    selected = list(
        Case.objects.filter(submission__in=visible)
        .select_related("submission")
        .order_by("submission__protocol")
    )
    if not selected:
        messages.error(request, _("Select at least one case."))
        return back

    operation = request.POST.get("operation")
    if operation == "choose":
        return TemplateResponse(
            request,
            "inbox/bulk_transition.html",
            {"selected": selected, "actions": bulk_choices(selected, user), "next": next_url},
        )
    if operation == "assign":
        value = request.POST.get("assignee", "")
        if value == "none":
            assignee = None
        else:
            assignee = (
                get_user_model().objects.filter(pk=value if value.isdigit() else None).first()
            )
            if assignee is None:
                messages.error(request, _("Choose a staff member."))
                return back

        def run(case):
            cases.assign(case, assignee, user)
    elif operation in ("transition", "spam"):
        action = "mark_spam" if operation == "spam" else request.POST.get("action", "")

        def run(case):
            workflow.apply(case, action, user)
    else:
        messages.error(request, _("Choose what to do with the selected cases."))
        return back

    done, refused = 0, []
    for case in selected:
        try:
            run(case)
            done += 1
        except workflow.TransitionError as error:
            refused.append(f"{case.submission.protocol}: {error.message}")
    if done:
        messages.success(
            request,
            ngettext("%(count)d case updated.", "%(count)d cases updated.", done) % {"count": done},
        )
    for line in refused[:10]:
        messages.error(request, line)
    return back
