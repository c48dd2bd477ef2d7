"""The consumer-problem taxonomy: topic (area) > subject > problem.

Editors manage it as snippets. Guidance and news are tagged with topics, and the
complaint forms classify each case with the same three levels, so this module is
the single source of truth that other apps import (``services.models.Topic`` ...).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class Topic(models.Model):
    """A market area consumers complain about, e.g. telecom, banks, air travel."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        allow_unicode=False,
        help_text=_("Part of the topic's address, e.g. telecomunicacoes."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("One or two sentences shown on the topic's page and in the topic list."),
    )
    sort_order = models.IntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers come first.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class Subject(models.Model):
    """A kind of product or service within a topic, e.g. mobile phone service."""

    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="subjects"
    )
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    sort_order = models.IntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers come first.")
    )

    panels = [
        FieldPanel("topic"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("subject")
        verbose_name_plural = _("subjects")
        constraints = [
            models.UniqueConstraint(fields=["topic", "slug"], name="services_subject_unique_slug")
        ]

    def __str__(self):
        return f"{self.topic.name} > {self.name}"


class Problem(models.Model):
    """What went wrong, e.g. undue charge, refusal to cancel, product not delivered."""

    subject = models.ForeignKey(
        Subject, verbose_name=_("subject"), on_delete=models.CASCADE, related_name="problems"
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150)
    sort_order = models.IntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers come first.")
    )

    panels = [
        FieldPanel("subject"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        constraints = [
            models.UniqueConstraint(fields=["subject", "slug"], name="services_problem_unique_slug")
        ]

    def __str__(self):
        return f"{self.subject} > {self.name}"
