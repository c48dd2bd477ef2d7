"""Case-handling data kept beside each Submission: the case, its events, the
editable reason templates, deadline settings, and the objects the access log
(`inbox.audit`) records its entries against.

`Submission.status` (in forms) holds the workflow status; only `inbox.workflow`
writes it.
"""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .statuses import Status, status_label


class DeadlineKind(models.TextChoices):
    SUPPLIER_ANSWER = "supplier_answer", _("supplier answer")
    CONSUMER_EVALUATION = "consumer_evaluation", _("consumer evaluation")
    COMPLEMENT = "complement", _("citizen complement")
    APPEAL = "appeal", _("appeal")
    HEARING = "hearing", _("conciliation hearing")
    AGREEMENT = "agreement", _("consumer's word on the agreement")


class Party(models.TextChoices):
    """Who took part in an event: the agency's staff, the system, or an outside party
    that the tracking page or the supplier area has authenticated."""

    STAFF = "staff", _("staff")
    SYSTEM = "system", _("system")
    CITIZEN = "citizen", _("consumer")
    SUPPLIER = "supplier", _("supplier")


class Classification(models.TextChoices):
    """The CDC art. 44 classification of a closed complaint (the yearly register)."""

    FOUNDED_ATTENDED = "founded_attended", _("well-founded, attended")
    FOUNDED_NOT_ATTENDED = "founded_not_attended", _("well-founded, not attended")
    UNFOUNDED = "unfounded", _("not well-founded")


class Case(models.Model):
    """Staff-side state of one Submission (opened when the submission is stored)."""

    submission = models.OneToOneField(
        "procon_forms.Submission",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="case",
        verbose_name=_("submission"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    deadline_kind = models.CharField(
        _("deadline for"), max_length=30, choices=DeadlineKind.choices, blank=True
    )
    duplicate_of = models.ForeignKey(
        "procon_forms.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    evaluation_score = models.PositiveSmallIntegerField(
        _("consumer's score (1-5)"), null=True, blank=True
    )
    classification = models.CharField(
        _("classification"), max_length=30, choices=Classification.choices, blank=True
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        permissions = [
            ("work_case", _("Can triage and work cases assigned to them or unassigned")),
            ("supervise_case", _("Can see all cases, reassign, export and read reports")),
        ]

    def __str__(self):
        return self.submission.protocol

    @property
    def status(self):
        return self.submission.status

    @property
    def status_label(self):
        return status_label(self.submission.status)

    def days_left(self, today=None):
        if self.deadline is None:
            return None
        return (self.deadline - (today or timezone.localdate())).days


class Visibility(models.TextChoices):
    INTERNAL = "internal", _("internal")
    CITIZEN = "citizen", _("citizen")
    SUPPLIER = "supplier", _("supplier")


class EventKind(models.TextChoices):
    OPENED = "opened", _("case opened")
    TRANSITION = "transition", _("status change")
    NOTE = "note", _("internal note")
    MESSAGE = "message", _("message to the citizen")
    CITIZEN_MESSAGE = "citizen_message", _("message from the citizen")
    SUPPLIER_MESSAGE = "supplier_message", _("message to the supplier")
    SUPPLIER_REPLY = "supplier_reply", _("message from the supplier")
    EXTENSION_REQUEST = "extension_request", _("request for more time")
    RESCHEDULE_REQUEST = "reschedule_request", _("request to reschedule the hearing")
    ASSIGNMENT = "assignment", _("assignment")
    FILE_SHARING = "file_sharing", _("document sharing")


# Conversations between the agency and one party stay between them.
CITIZEN_CONVERSATION = (EventKind.MESSAGE, EventKind.CITIZEN_MESSAGE)


class CaseEventQuerySet(models.QuerySet):
    def for_citizen(self):
        """What the citizen's tracking page may show."""
        return self.filter(visibility=Visibility.CITIZEN)

    def for_supplier(self):
        """What the supplier area may show: status changes both parties see and
        the supplier's own conversation, never the citizen's messages."""
        return self.filter(visibility__in=[Visibility.CITIZEN, Visibility.SUPPLIER]).exclude(
            kind__in=CITIZEN_CONVERSATION
        )


class CaseEvent(models.Model):
    """One line of a case's timeline: a transition, a note, a message or an assignment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=40, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    party = models.CharField(_("by"), max_length=10, choices=Party.choices, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    from_status = models.CharField(_("from"), max_length=40, blank=True)
    to_status = models.CharField(_("to"), max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    body = models.TextField(_("text"), blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    data = models.JSONField(default=dict, blank=True)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.action}"

    @property
    def from_label(self):
        return status_label(self.from_status) if self.from_status else ""

    @property
    def to_label(self):
        return status_label(self.to_status) if self.to_status else ""

    @property
    def deadline_date(self):
        """The deadline the event started or moved (kept in `data` as ISO), as a date."""
        try:
            return date.fromisoformat(self.data.get("deadline") or "")
        except (AttributeError, TypeError, ValueError):
            return None

    @property
    def hearing_at(self):
        """The hearing's date and time the event scheduled (kept in `data` as ISO)."""
        try:
            return datetime.fromisoformat(self.data.get("hearing_at") or "")
        except (AttributeError, TypeError, ValueError):
            return None

    @property
    def action_label(self):
        from .workflow import action_label

        return action_label(self.case.submission.kind, self.action) if self.action else ""


class PossibleDuplicate(models.Model):
    """Another submission that may be the same request as this case's, found at
    triage (`inbox.duplicates`): by the same CPF against the same supplier within
    a few months, or by the same CPF with a near-identical description. Kept in
    both directions, so each case lists the other."""

    class Reason(models.TextChoices):
        SAME_SUPPLIER = "same_supplier", _("same CPF and supplier")
        SIMILAR_TEXT = "similar_text", _("same CPF and a near-identical description")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="possible_duplicates")
    other = models.ForeignKey(
        "procon_forms.Submission",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("possible duplicate"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    similarity = models.FloatField(_("similarity of the descriptions"), null=True, blank=True)
    found_at = models.DateTimeField(_("found"), default=timezone.now)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-other__submit_time"]
        constraints = [
            models.UniqueConstraint(fields=["case", "other"], name="unique_possible_duplicate")
        ]

    def __str__(self):
        return f"{self.case_id} ~ {self.other_id}"


class ReasonTemplate(models.Model):
    """An editable text staff pick when rejecting a submission (the citizen reads it)."""

    title = models.CharField(_("title"), max_length=120)
    text = models.TextField(_("text sent to the citizen"))
    active = models.BooleanField(_("active"), default=True)

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("active")]

    class Meta:
        verbose_name = _("rejection reason")
        verbose_name_plural = _("rejection reasons")
        ordering = ["title"]

    def __str__(self):
        return self.title


@register_setting(icon="time")
class WorkflowSettings(BaseGenericSetting):
    """Deadlines in calendar days; they change by act, so staff edit them here."""

    supplier_answer_days = models.PositiveSmallIntegerField(
        _("days for the supplier to answer"), default=10
    )
    consumer_evaluation_days = models.PositiveSmallIntegerField(
        _("days for the consumer to evaluate"), default=20
    )
    complement_days = models.PositiveSmallIntegerField(
        _("days for the citizen to complement"), default=10
    )
    # Decreto 2.181/1997, art. 49: ten days to appeal a decision.
    appeal_days = models.PositiveSmallIntegerField(_("days to appeal a decision"), default=10)
    max_extension_days = models.PositiveSmallIntegerField(
        _("most days staff may give a supplier at once"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    agreement_confirmation_days = models.PositiveSmallIntegerField(
        _("days after an agreement's due date for the consumer to say whether it was kept"),
        default=10,
        help_text=_(
            "Without an answer in this time, the agreement counts as kept and the case closes."
        ),
    )

    panels = [
        FieldPanel("supplier_answer_days"),
        FieldPanel("consumer_evaluation_days"),
        FieldPanel("complement_days"),
        FieldPanel("appeal_days"),
        FieldPanel("max_extension_days"),
        FieldPanel("agreement_confirmation_days"),
    ]

    class Meta:
        verbose_name = _("case deadlines")

    def days_for(self, kind):
        return {
            DeadlineKind.SUPPLIER_ANSWER: self.supplier_answer_days,
            DeadlineKind.CONSUMER_EVALUATION: self.consumer_evaluation_days,
            DeadlineKind.COMPLEMENT: self.complement_days,
            DeadlineKind.APPEAL: self.appeal_days,
            # The hearing's own day: staff record the outcome then.
            DeadlineKind.HEARING: 0,
            DeadlineKind.AGREEMENT: self.agreement_confirmation_days,
        }[kind]


class Hearing(models.Model):
    """A conciliation hearing (audiência de conciliação) of a complaint: when and
    where, the outcome staff record and the minutes (ata) as a private PDF both
    parties may download. `inbox.hearings` writes it, always together with the
    workflow action that moves the case."""

    class Outcome(models.TextChoices):
        AGREEMENT = "agreement", _("agreement")
        NO_AGREEMENT = "no_agreement", _("no agreement")
        CONSUMER_ABSENT = "consumer_absent", _("the consumer was absent")
        SUPPLIER_ABSENT = "supplier_absent", _("the supplier was absent")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="hearings", verbose_name=_("case")
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    video_link = models.URLField(_("video call link"), max_length=500, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    agreement_terms = models.TextField(_("terms of the agreement"), blank=True)
    due_date = models.DateField(_("agreement due date"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    ata = models.ForeignKey(
        "procon_forms.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("minutes (PDF)"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("conciliation hearing")
        verbose_name_plural = _("conciliation hearings")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.scheduled_at:%Y-%m-%d %H:%M}"

    @property
    def is_open(self):
        """Scheduled and not yet held (no outcome recorded)."""
        return not self.outcome


class CaseData(Case):
    """A case as the object of the access log: who read its personal data, opened
    it, downloaded its files or data (`inbox.audit`).

    Wagtail's site history shows a log entry only to users who hold a permission
    on the entry's content type. Attendants hold permissions on `Case`, so these
    entries are written against this proxy, whose one permission only the
    supervisors' group holds."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            ("view_case_access_log", _("Can read who accessed the personal data of cases")),
        ]
        verbose_name = _("case data")
        verbose_name_plural = _("case data")


class StaffMember(User):
    """A staff account as the object of the access-log entries that concern no
    single case: exports of the case list, data-subject searches and exports.
    Like `CaseData`, a proxy with a permission only supervisors hold."""

    class Meta:
        proxy = True
        default_permissions = ()
        permissions = [
            (
                "view_staff_access_log",
                _("Can read the case-list exports and data-subject requests of staff"),
            ),
        ]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")


__all__ = ["Status"]
