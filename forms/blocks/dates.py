"""Date and date-and-time field types."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .base import FieldBlock


class DateBlock(FieldBlock):
    type_name = "date"
    allow_future = blocks.BooleanBlock(label=_("Allow future dates"), required=False, default=False)

    class Meta:
        label = _("Date")
        description = _("A date; future dates are refused unless allowed.")
        icon = "date"

    def make_field(self, value, context, **kwargs):
        field = forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={"invalid": gettext("Enter a real date, e.g. 31/12/2025.")},
            **kwargs,
        )
        if not value.get("allow_future"):
            field.validators.append(not_in_future)
        return field

    def to_storage(self, cleaned):
        return cleaned.isoformat() if cleaned else None

    @staticmethod
    def display(definition, stored):
        parsed = parse_date(stored) if stored else None
        return date_format(parsed, "SHORT_DATE_FORMAT") if parsed else ""


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(gettext("The date cannot be in the future."), code="future")


class DateTimeBlock(FieldBlock):
    type_name = "datetime"

    class Meta:
        label = _("Date and time")
        description = _("A date and a time.")
        icon = "time"

    def make_field(self, value, context, **kwargs):
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            error_messages={"invalid": gettext("Enter a real date and time.")},
            **kwargs,
        )

    def to_storage(self, cleaned):
        return cleaned.isoformat() if cleaned else None

    @staticmethod
    def display(definition, stored):
        parsed = parse_datetime(stored) if stored else None
        if not parsed:
            return ""
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)
        return date_format(parsed, "SHORT_DATETIME_FORMAT")
