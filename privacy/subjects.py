"""Data-subject requests (LGPD art. 18) and anonymisation.

Staff handling a request find everything a person sent by CPF or email, across
every form and case (`find`, `unsent_drafts`), hand the person a copy of it
(`export`), and anonymise it (`anonymise`). The retention command uses the same
`anonymise` for closed cases past the retention period.

Other apps that keep personal data about a submission take part through two
Wagtail hooks:

- `privacy_export_submission`: `fn(submission)` returns a dict merged into that
  submission's export (e.g. the supplier area's own records);
- `privacy_anonymise_submission`: `fn(submission)` removes that app's personal
  data of the submission; it runs inside the anonymisation's transaction.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks

from core.brazil import only_digits
from core.models import OutboundEmail
from forms.models import Attachment, AttachmentAccess, Draft, Submission
from forms.roles import Role
from inbox import audit
from inbox.models import CaseEvent
from inbox.statuses import status_label

from .models import Anonymisation

ANONYMISE_ACTION = "procon.subject_anonymise"  # in the access log
EXPORT_HOOK = "privacy_export_submission"
ANONYMISE_HOOK = "privacy_anonymise_submission"

# Answers an anonymised submission keeps: what statistics and the yearly register
# of complaints need (where, against whom, about what), nothing that names or
# reaches the person. Answers of every other field, role or not, are removed.
KEPT_ROLES = {
    Role.CONSUMER_MUNICIPALITY,
    Role.SUPPLIER_NAME,
    Role.SUPPLIER_CNPJ,
    Role.SUPPLIER_WEBSITE,
    Role.PURCHASE_DATE,
    Role.PURCHASE_CHANNEL,
    Role.AMOUNT,
    Role.SUBJECT,
    Role.PROBLEM,
    Role.CONTACTED_SUPPLIER,
    Role.DESIRED_OUTCOME,
    Role.COMPANY_LEGAL_NAME,
    Role.COMPANY_TRADE_NAME,
    Role.COMPANY_CNPJ,
    Role.DECLARATION,
}
PERSONAL_COLUMNS = ("consumer_name", "consumer_cpf", "consumer_email", "consumer_address")


class Identity:
    """Who a request is about: a CPF (digits) and/or an email (case-insensitive)."""

    def __init__(self, cpf="", email=""):
        self.cpf = only_digits(cpf)[:11]
        self.email = (email or "").strip().lower()

    def __bool__(self):
        return bool(self.cpf or self.email)

    def describe(self):
        """For the audit log: which kinds of identifier were used, never their values."""
        return "+".join(kind for kind, value in (("cpf", self.cpf), ("email", self.email)) if value)

    def matches(self, value) -> bool:
        if isinstance(value, dict):
            return any(self.matches(item) for item in value.values())
        if isinstance(value, list):
            return any(self.matches(item) for item in value)
        if not isinstance(value, str):
            return False
        if self.email and value.strip().lower() == self.email:
            return True
        return bool(self.cpf) and len(value) <= 20 and only_digits(value) == self.cpf


def find(identity: Identity):
    """Every submission (any form, any status) the identity appears in."""
    if not identity:
        return Submission.objects.none()
    condition = Q()
    if identity.cpf:
        condition |= Q(consumer_cpf=identity.cpf)
    if identity.email:
        condition |= Q(consumer_email__iexact=identity.email)
    return (
        Submission.objects.filter(condition)
        .select_related("page", "anonymisation")
        .order_by("submit_time", "pk")
    )


def unsent_drafts(identity: Identity):
    """Forms being filled in (not sent) whose answers hold the identity.

    Drafts are few and short-lived (they expire in days), so they are read and
    matched here rather than indexed.
    """
    if not identity:
        return []
    drafts = Draft.objects.filter(submission__isnull=True, expires_at__gt=timezone.now())
    return [
        draft
        for draft in drafts.select_related("page").iterator()
        if any(identity.matches(step.get("raw")) for step in draft.steps.values())
        or identity.matches(draft.later_steps)
        or identity.matches(draft.email)
    ]


def export_submission(submission):
    """Everything about one submission that concerns the person who sent it."""
    case = getattr(submission, "case", None)
    data = {
        "protocol": submission.protocol,
        "form": submission.page.title,
        "kind": submission.kind,
        "status": str(status_label(submission.status)),
        "submitted_at": submission.submit_time.isoformat(),
        "consumer_name": submission.consumer_name,
        "consumer_cpf": submission.consumer_cpf,
        "consumer_email": submission.consumer_email,
        "consumer_municipality": submission.consumer_municipality,
        "supplier_name": submission.supplier_name,
        "supplier_cnpj": submission.supplier_cnpj,
        "answers": [
            {"step": step, "question": label, "answer": text}
            for step, items in submission.answer_rows()
            for label, text in items
        ],
        "attachments": [
            {
                "name": attachment.original_name,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": attachment.sha256,
                "received_at": attachment.created_at.isoformat(),
            }
            for attachment in submission.attachments.all()
        ],
        # What the person was told or wrote; staff's internal notes are the
        # agency's working papers and stay out.
        "events": [
            {
                "at": event.created_at.isoformat(),
                "kind": event.kind,
                "from_status": str(event.from_label),
                "to_status": str(event.to_label),
                "reason": event.reason,
                "text": event.body,
            }
            for event in (case.events.for_citizen() if case else CaseEvent.objects.none())
        ],
        "emails": [
            {
                "kind": email.kind,
                "to": email.to,
                "subject": email.subject,
                "status": email.status,
                "created_at": email.created_at.isoformat(),
            }
            for email in submission.emails.all()
        ],
        "anonymised": hasattr(submission, "anonymisation"),
    }
    for fn in hooks.get_hooks(EXPORT_HOOK):
        data.update(fn(submission) or {})
    return data


def export(identity: Identity):
    """A JSON-ready copy of everything the site holds about the person."""
    return {
        "generated_at": timezone.now().isoformat(),
        "identity": {"cpf": identity.cpf, "email": identity.email},
        "submissions": [export_submission(submission) for submission in find(identity)],
        "unsent_forms": [
            {
                "form": draft.page.title,
                "started_at": draft.created_at.isoformat(),
                "expires_at": draft.expires_at.isoformat(),
                "answers": {key: step.get("raw", {}) for key, step in draft.steps.items()},
                "saved_for_later": draft.later_steps,
                "continue_later_email": draft.email,
            }
            for draft in unsent_drafts(identity)
        ],
    }


def kept_keys(submission):
    return {
        definition["key"]
        for definition in submission.definitions()
        if definition.get("role") in KEPT_ROLES
    }


def anonymise(submission, *, reason, actor=None):
    """Remove the personal data of one submission; keep the row for statistics.

    Clears the personal columns and the tracking access code, every answer
    but those of KEPT_ROLES, the free text of every case event (messages,
    notes, reasons: written by or to the parties, they name people), the
    e-mails queued or sent about it, its drafts, and its files (rows and stored
    files, the latter after the commit). Citizens' addresses in the download
    log go too. Idempotent; returns False when already anonymised.
    """
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if Anonymisation.objects.filter(submission=submission).exists():
            return False
        keep = kept_keys(submission)
        submission.form_data = {
            key: value for key, value in submission.form_data.items() if key in keep
        }
        for column in PERSONAL_COLUMNS:
            setattr(submission, column, "")
        submission.access_code_hash = ""
        submission.save(update_fields=["form_data", "access_code_hash", *PERSONAL_COLUMNS])
        CaseEvent.objects.filter(case__submission=submission).update(body="", reason="")
        attachments = list(Attachment.objects.filter(submission=submission))
        AttachmentAccess.objects.filter(attachment__in=attachments, user__isnull=True).update(
            ip=None
        )
        for attachment in attachments:
            attachment.delete()  # the stored file is deleted after the commit
        submission.emails.all().delete()
        Draft.objects.filter(submission=submission).delete()
        for fn in hooks.get_hooks(ANONYMISE_HOOK):
            fn(submission)
        Anonymisation.objects.create(submission=submission, reason=reason, by=actor)
    return True


def forget_unsent(identity: Identity):
    """Delete the unsent drafts holding the identity (and their files) and the
    e-mails not tied to a submission that were addressed to it (resume links)."""
    with transaction.atomic():
        drafts = unsent_drafts(identity)
        for attachment in Attachment.objects.filter(draft__in=drafts):
            attachment.delete()
        Draft.objects.filter(pk__in=[draft.pk for draft in drafts]).delete()
        if identity.email:
            OutboundEmail.objects.filter(object_id__isnull=True, to__iexact=identity.email).delete()
    return len(drafts)


def anonymise_person(identity: Identity, *, actor, ip_address=None):
    """Anonymise every submission and unsent form of the person; audit-logged.
    Returns the protocols anonymised."""
    done = []
    for submission in list(find(identity)):
        if anonymise(submission, reason=Anonymisation.Reason.REQUEST, actor=actor):
            done.append(submission.protocol)
            audit.record(
                ANONYMISE_ACTION,
                submission,
                user=actor,
                ip=ip_address,
                detail=f"request; {identity.describe()}",
            )
    forget_unsent(identity)
    return done
