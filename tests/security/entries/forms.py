"""The citizen's form (drafts, review, confirmation, resume link), files, stock views."""

from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode

from forms import access
from forms.models import RESUME_SALT, Submission

from ..matrix import CASE_WORKERS, Entry, register

FORM = "procon_forms.FormPage"


def page_route(path):
    return lambda world, role: f"{world['page'].url}{path}"


def resume_url(world, role):
    """The e-mailed link is the credential: only its holder has it; others forge one."""
    draft_id = str(world["citizen_a_draft"].pk)
    if role == "citizen_a":
        token = signing.TimestampSigner(salt=RESUME_SALT).sign(draft_id)
    else:
        token = signing.TimestampSigner(salt="forged").sign(draft_id)
    return f"{world['page'].url}continuar/?{urlencode({'t': token})}"


def citizen_file_url(world, role):
    attachment = world["attachment_a"]
    if role == "citizen_a":  # issued after proving the protocol and access code
        return access.citizen_link(attachment)
    token = signing.dumps({"a": str(attachment.pk), "s": attachment.submission_id}, salt="forged")
    return reverse("procon_forms:attachment_citizen", args=[token])


def staff_file_url(world, role):
    key = "attachment_taken" if role == "attendant_of_other_case" else "attachment_a"
    return reverse("procon_forms:attachment", args=[world[key].pk])


def stock_submissions(name):
    return lambda world, role: reverse(name, args=[world["page"].pk])


def submission_count(world, role):
    return Submission.objects.count()


def email_state(world, role):
    email = world["failed_email"]
    email.refresh_from_db()
    return (email.status, email.attempts, email.next_attempt_at)


register(
    Entry(f"{FORM}:form_step", page_route("etapa/1/"), {"citizen_a"}),
    Entry(f"{FORM}:form_review", page_route("revisar/"), {"citizen_a"}),
    # The confirmation shows the protocol and the access code.
    Entry(
        f"{FORM}:form_confirmation",
        page_route("enviado/"),
        {"citizen_a"},
        draft="sent",
        marker=lambda world, role: world["citizen_a_submission"].protocol,
    ),
    Entry(f"{FORM}:form_resume", resume_url, {"citizen_a"}),
    Entry("procon_forms:attachment_citizen", citizen_file_url, {"citizen_a"}),
    Entry("procon_forms:attachment", staff_file_url, CASE_WORKERS),
    # Wagtail's stock submission views: nobody but superusers (the inbox is the way).
    # The list of form pages (editors use it): no submission's data on it.
    Entry("wagtailforms:index", lambda w, r: reverse("wagtailforms:index"), set()),
    Entry("wagtailforms:index_results", lambda w, r: reverse("wagtailforms:index_results"), set()),
    Entry(
        "wagtailforms:list_submissions", stock_submissions("wagtailforms:list_submissions"), set()
    ),
    Entry(
        "wagtailforms:list_submissions_results",
        stock_submissions("wagtailforms:list_submissions_results"),
        set(),
    ),
    Entry(
        "wagtailforms:delete_submissions",
        lambda w, r: (
            reverse("wagtailforms:delete_submissions", args=[w["page"].pk])
            + f"?selected-submissions={w['citizen_a_submission'].pk}"
        ),
        set(),
        method="post",
        data={},
        state=submission_count,
    ),
    Entry(
        "failed_emails:index",
        lambda w, r: reverse("failed_emails:index"),
        set(),
    ),
    Entry(
        "failed_emails:results",
        lambda w, r: reverse("failed_emails:results"),
        set(),
    ),
    Entry(
        "failed_emails:retry",
        lambda w, r: reverse(
            "failed_emails:retry",
            args=[w["failed_email"].pk],
        ),
        set(),
        method="post",
        data={},
        state=email_state,
    ),
)
