"""The transparency tables: a de-identified copy of the closed complaints and the
indicators aggregated from it, both rebuilt by `refresh_transparency`.

Public pages, downloads and the API read only these tables, never the submissions:
`ClosedComplaint` has no column for the consumer's name, CPF, e-mail, phone,
address, answers or any free text, so nothing personal can reach public output by
a later change to a template or a query.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Outcome(models.TextChoices):
    """The consumer's evaluation of the supplier's answer."""

    RESOLVED = "resolved", _("resolved")
    NOT_RESOLVED = "not_resolved", _("not resolved")
    NOT_EVALUATED = "", _("not evaluated")


class ClosedComplaint(models.Model):
    """One closed complaint, reduced to what may be published (see `transparency.facts`)."""

    case_id = models.BigIntegerField(primary_key=True)
    opened_on = models.DateField()
    forwarded_at = models.DateTimeField(null=True)
    deadline = models.DateField(null=True)
    answered_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField()
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    municipality = models.CharField(max_length=7, blank=True)
    supplier_cnpj = models.CharField(max_length=14, blank=True)
    supplier_name = models.CharField(max_length=255, blank=True)
    # The supplier's market sector in the registry at refresh time (blank: none).
    sector_slug = models.CharField(max_length=100, blank=True)
    sector = models.CharField(max_length=100, blank=True)
    topic_slug = models.CharField(max_length=100, blank=True)
    topic = models.CharField(max_length=100, blank=True)
    subject = models.CharField(max_length=100, blank=True)
    problem = models.CharField(max_length=150, blank=True)
    channel = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=40)
    refused = models.BooleanField(default=False)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    score = models.PositiveSmallIntegerField(null=True)
    classification = models.CharField(max_length=30, blank=True)
    # Filled from the columns above in a second, set-based pass.
    days_to_answer = models.FloatField(null=True)
    on_time = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("closed complaint (public data)")
        verbose_name_plural = _("closed complaints (public data)")
        indexes = [
            models.Index(fields=["year", "month"]),
            models.Index(fields=["supplier_cnpj", "year"]),
        ]

    def __str__(self):
        return f"{self.case_id}"


class SupplierIndicator(models.Model):
    """Counts and sums for one supplier, month, municipality and topic.

    `municipality == ""` rows hold every municipality together, so a page without a
    municipality filter reads a slice a hundred times smaller. Rates and averages are
    computed from these sums when read, so any slice can be added up.
    """

    supplier_cnpj = models.CharField(max_length=14)
    supplier_name = models.CharField(max_length=255)
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    municipality = models.CharField(max_length=7, blank=True)
    sector_slug = models.CharField(max_length=100, blank=True)
    topic_slug = models.CharField(max_length=100, blank=True)
    complaints = models.PositiveIntegerField(default=0)
    forwarded = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(default=0)
    answered_on_time = models.PositiveIntegerField(default=0)
    answer_days_total = models.FloatField(null=True)
    evaluated = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    score_total = models.PositiveIntegerField(default=0)
    scored = models.PositiveIntegerField(default=0)
    founded_attended = models.PositiveIntegerField(default=0)
    founded_not_attended = models.PositiveIntegerField(default=0)
    unfounded = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("supplier indicator")
        verbose_name_plural = _("supplier indicators")
        indexes = [
            models.Index(fields=["municipality", "year", "topic_slug"]),
            models.Index(fields=["municipality", "sector_slug", "year"]),
            models.Index(fields=["supplier_cnpj", "municipality"]),
        ]

    def __str__(self):
        return f"{self.supplier_cnpj} {self.year}-{self.month:02d}"


class Refresh(models.Model):
    """One run of `refresh_transparency`; the latest one versions the cached pages."""

    finished_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField()
    complaints = models.PositiveIntegerField()
    # Closed complaints of the demo history among them (`transparency.demo`): the
    # pages then say the figures are fictitious.
    demo_complaints = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("transparency refresh")
        verbose_name_plural = _("transparency refreshes")
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.finished_at:%Y-%m-%d %H:%M}"
