"""Wagtail's stock single-page form, as its documentation builds it: the baseline
the complaint journey is measured against."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField
from wagtail.fields import RichTextField


class StockFormField(AbstractFormField):
    page = ParentalKey("StockFormPage", on_delete=models.CASCADE, related_name="form_fields")


class StockFormPage(AbstractForm):
    thank_you_text = RichTextField(blank=True)

    content_panels = AbstractForm.content_panels + [
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
    ]
