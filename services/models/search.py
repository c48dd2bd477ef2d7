"""What the editors learn from the search box and from the complaint form's suggestions.

Neither model holds anything about who searched or who complained.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnansweredSearch(models.Model):
    """A query that found nothing, normalised, with how often and when it was last tried.

    Queries that look like personal data are never stored (services.search.looks_personal).
    """

    query_string = models.CharField(_("search term"), max_length=255, unique=True)
    count = models.PositiveIntegerField(_("searches"), default=0)
    last_seen = models.DateTimeField(_("last searched"), db_index=True)

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("search without results")
        verbose_name_plural = _("searches without results")

    def __str__(self):
        return self.query_string


class SuggestionOpening(models.Model):
    """A citizen opened a guidance page suggested while filling a complaint.

    ``journey`` is a keyed hash of the complaint draft's id (services.suggestions.journey_key),
    never the id itself; ``journey_submitted`` turns true when that draft is sent.
    A journey with openings, not sent within a draft's lifetime, was resolved
    without complaining (or abandoned for another reason: the figure is an upper bound).
    """

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="suggestion_openings",
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True, db_index=True)
    journey = models.CharField(max_length=64, blank=True, db_index=True)
    journey_submitted = models.BooleanField(default=False)

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("suggestion opened")
        verbose_name_plural = _("suggestions opened")

    def __str__(self):
        return f"{self.page_id} {self.opened_at:%Y-%m-%d}"
