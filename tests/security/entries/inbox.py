"""The staff inbox: cases, actions, exports and the access log (in Wagtail's site history)."""

from django.urls import reverse

from inbox import audit
from inbox.models import WorkflowSettings

from ..conftest import target_case
from ..matrix import CASE_WORKERS, SUPERVISORS, Entry, register, register_world


def case_url(name):
    return lambda world, role: reverse(name, args=[target_case(world, role).pk])


def case_file_url(name):
    def url(world, role):
        key = "attachment_taken" if role == "attendant_of_other_case" else "attachment_a"
        return reverse(name, args=[target_case(world, role).pk, world[key].pk])

    return url


def fixed(name, *args):
    return lambda world, role: reverse(name, args=list(args))


def protocol(world, role):
    return target_case(world, role).submission.protocol


def record_reads(world):
    """The access log holds a reading of each target case (labelled with its protocol)."""
    for key in ("case_a", "case_taken"):
        audit.record(audit.CASE_VIEW, world[key], user=world["users"]["supervisor"])


register_world(record_reads)


def case_state(world, role):
    case = target_case(world, role)
    case.refresh_from_db()
    case.submission.refresh_from_db()
    return (case.submission.status, case.assignee_id, case.events.count())


def post(name, url, data, allowed=CASE_WORKERS):
    return Entry(name, url, allowed, method="post", data=data, state=case_state)


register(
    # Lists: the target appears only for those who may see it.
    Entry("inbox:index", fixed("inbox:index"), CASE_WORKERS),
    Entry("inbox:index_results", fixed("inbox:index_results"), CASE_WORKERS),
    Entry("inbox:case", case_url("inbox:case"), CASE_WORKERS),
    post("inbox:action", case_url("inbox:action"), {"action": "accept"}),
    post("inbox:assign", case_url("inbox:assign"), {"assignee": "me"}),
    # The hearing pages (closed for the target's status: back to the case page).
    Entry("inbox:hearing_schedule", case_url("inbox:hearing_schedule"), CASE_WORKERS),
    Entry("inbox:hearing_reschedule", case_url("inbox:hearing_reschedule"), CASE_WORKERS),
    Entry("inbox:hearing_outcome", case_url("inbox:hearing_outcome"), CASE_WORKERS),
    post("inbox:note", case_url("inbox:note"), {"text": "nota"}),
    post("inbox:message", case_url("inbox:message"), {"text": "olá"}),
    post("inbox:message_supplier", case_url("inbox:message_supplier"), {"text": "olá"}),
    # Staff stop sharing the case's file with the supplier (an event is written).
    post("inbox:file_sharing", case_file_url("inbox:file_sharing"), {"shared": "0"}),
    post(
        "inbox:bulk",
        fixed("inbox:bulk"),
        lambda world, role: {"ids": str(target_case(world, role).pk), "operation": "spam"},
    ),
    Entry("inbox:export", fixed("inbox:export", "csv"), SUPERVISORS, label="inbox:export csv"),
    # A zipped workbook: the status code tells.
    Entry(
        "inbox:export",
        fixed("inbox:export", "xlsx"),
        SUPERVISORS,
        marker=None,
        label="inbox:export xlsx",
    ),
    # The access log holds no personal data, but who read which case is for
    # supervisors: in Wagtail's site history, only they see its entries.
    Entry(
        "wagtailadmin_reports:site_history",
        fixed("wagtailadmin_reports:site_history"),
        SUPERVISORS,
        marker=protocol,
    ),
    Entry(
        "wagtailadmin_reports:site_history_results",
        fixed("wagtailadmin_reports:site_history_results"),
        SUPERVISORS,
        marker=protocol,
    ),
    Entry("inbox_access_log:index", fixed("inbox_access_log:index"), SUPERVISORS, marker=protocol),
    Entry(
        "inbox_access_log:results",
        fixed("inbox_access_log:results"),
        SUPERVISORS,
        marker=protocol,
    ),
    Entry(
        "wagtailsnippets_inbox_reasontemplate:list",
        lambda world, role: reverse("wagtailsnippets_inbox_reasontemplate:list"),
        SUPERVISORS,
        marker=None,
        label="rejection reason templates",
    ),
    Entry(
        "wagtailsettings:edit",
        lambda world, role: reverse(
            "wagtailsettings:edit", args=["inbox", "workflowsettings", WorkflowSettings.load().pk]
        ),
        SUPERVISORS,
        marker=None,
        label="case deadline settings",
    ),
)
