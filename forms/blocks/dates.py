"""Date and date-and-time field types.

Both ask the date in three boxes, Dia, Mês and Ano (the date and time adds a
box for the time), as GOV.UK does, not through the browser's date picker,
whose order of typing follows the browser's language (see `forms.date_input`).
Answers are stored as ISO texts, as before the boxes.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..date_input import DatePartsField, iso_inputs
from .base import FieldBlock

DATE_TEMPLATE = "forms/widgets/date_parts.html"


class DateBlock(FieldBlock):
    type_name = "date"
    field_template = DATE_TEMPLATE
    allow_future = blocks.BooleanBlock(label=_("Allow future dates"), required=False, default=False)

    class Meta:
        label = _("Date")
        description = _("A date; future dates are refused unless allowed.")
        icon = "date"

    def make_field(self, value, context, **kwargs):
        field = DatePartsField(**kwargs)
        if not value.get("allow_future"):
            field.validators.append(not_in_future)
        return field

    def to_storage(self, cleaned):
        return cleaned.isoformat() if cleaned else None

    # JSON: a text, "AAAA-MM-DD", put in the three boxes.
    def input_from_json(self, value):
        return [
            part for text in FieldBlock.input_from_json(self, value) for part in iso_inputs(text)
        ]

    @staticmethod
    def display(definition, stored):
        parsed = parse_date(stored) if stored else None
        return date_format(parsed, "SHORT_DATE_FORMAT") if parsed else ""


def not_in_future(value):
    if value and value > timezone.localdate():
        raise ValidationError(gettext("The date cannot be in the future."), code="future")


class DateTimeBlock(FieldBlock):
    type_name = "datetime"
    field_template = DATE_TEMPLATE

    class Meta:
        label = _("Date and time")
        description = _("A date and a time.")
        icon = "time"

    def make_field(self, value, context, **kwargs):
        return DatePartsField(with_time=True, **kwargs)

    def to_storage(self, cleaned):
        return cleaned.isoformat() if cleaned else None

    # JSON: a text, "AAAA-MM-DDTHH:MM", put in the date's boxes and the time's.
    def input_from_json(self, value):
        return [
            part
            for text in FieldBlock.input_from_json(self, value)
            for part in iso_inputs(text, with_time=True)
        ]

    @staticmethod
    def display(definition, stored):
        parsed = parse_datetime(stored) if stored else None
        if not parsed:
            return ""
        try:
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
        except (OverflowError, ValueError):  # at the ends of the calendar
            return stored
        return date_format(parsed, "SHORT_DATETIME_FORMAT")
