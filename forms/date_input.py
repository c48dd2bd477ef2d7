"""Dates asked as GOV.UK asks them: three boxes, Dia, Mês and Ano (and Hora
for a date and time), inside one fieldset whose legend is the question.

A typed date does not depend on the browser's language, as the browser's
own date picker does, and each mistake gets its own message, about the
boxes it concerns: "A data deve incluir o mês", "O ano deve ter 4 números",
"A data deve ser uma data real".

Every box has the field's own name, so the browser sends the texts under the
field's key in the order of the boxes, and a step keeps them in its draft as
it keeps any answer (a list of texts). A single text is read as a whole date
typed or pasted in the first box ("15/01/2026", "2026-01-15", "15012026"):
drafts saved before the boxes, and clients that post one value, keep working.

Errors carry the boxes they are about in their params ("parts"), so a step
marks only those boxes as invalid, and the error summary links to the first
of them (`error_input_ids`).
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, time

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import flatatt, from_current_timezone
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .conditions import token
from .fields import posted_texts


@dataclass(frozen=True)
class Part:
    name: str
    label: object
    width: int  # in characters, for the box's width
    numeric: bool = True  # a phone shows its number pad
    help_text: object = ""


DAY = Part("day", pgettext_lazy("date input", "Day"), 2)
MONTH = Part("month", pgettext_lazy("date input", "Month"), 2)
YEAR = Part("year", pgettext_lazy("date input", "Year"), 4)
# No number pad for the time: the colon is not on every phone's.
TIME = Part(
    "time",
    pgettext_lazy("date input", "Time"),
    5,
    numeric=False,
    help_text=_("For example, 14:30."),
)
DATE_PARTS = (DAY, MONTH, YEAR)
DATETIME_PARTS = (DAY, MONTH, YEAR, TIME)
DATE_NAMES = ("day", "month", "year")

EXAMPLE = _("For example, 27 3 2024")

# Which boxes are empty -> the message (one sentence each, for the translators).
MISSING = {
    ("day",): _("The date must include the day."),
    ("month",): _("The date must include the month."),
    ("year",): _("The date must include the year."),
    ("day", "month"): _("The date must include the day and the month."),
    ("day", "year"): _("The date must include the day and the year."),
    ("month", "year"): _("The date must include the month and the year."),
    ("day", "month", "year"): _("The date must include the day, the month and the year."),
}
NOT_REAL = _("The date must be a real date.")
YEAR_DIGITS = _("The year must have 4 digits.")
TIME_MISSING = _("The date and time must include the time.")
NOT_A_TIME = _("The time must be a real time, in hours and minutes, for example 14:30.")

# Month names and abbreviations a citizen may type in the month box, in the
# languages of the site (compared without accents or case).
MONTH_WORDS = (
    "jan janeiro january ene enero",
    "fev fevereiro feb february febrero",
    "mar marco march marzo",
    "abr abril apr april",
    "mai maio may mayo",
    "jun junho june junio",
    "jul julho july julio",
    "ago agosto aug august",
    "set setembro sep sept september septiembre setiembre",
    "out outubro oct october octubre",
    "nov novembro november noviembre",
    "dez dezembro dec december dic diciembre",
)
MONTH_NAMES = {
    word: number for number, words in enumerate(MONTH_WORDS, start=1) for word in words.split()
}

# The longest text read as a whole date and time ("2026-01-15T14:30:00.000000-04:00" and
# some spaces); anything longer is not one.
LONGEST = 48
DIGITS = re.compile(r"[0-9]+", re.ASCII)
# A whole date in one box: year first (ISO), day first (the Brazilian way, or
# GOV.UK's example "27 3 2024"), or eight digits as masked inputs take them.
WHOLE_DATE = (
    (
        re.compile(r"([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})", re.ASCII),
        ("year", "month", "day"),
    ),
    (
        re.compile(r"([0-9]{1,2})\s*[-/.\s]\s*(\w+)\.?\s*[-/.\s]\s*([0-9]+)"),
        ("day", "month", "year"),
    ),
    (re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})", re.ASCII), ("day", "month", "year")),
)
# A date followed by a time, in one box ("2026-01-15T14:30", "15/01/2026 14h30").
WHOLE_DATETIME = re.compile(
    r"(.+?)(?:\s*T\s*|\s+)([0-9]{1,2}\s*[:hH]\s*(?:[0-9]{2}(?::[0-9]{2})?)?)"
)
TIME_TEXT = re.compile(
    r"([0-9]{1,2})(?:\s*[:hH]\s*([0-9]{2})?(?::([0-9]{2}))?)?|([0-9]{2})([0-9]{2})", re.ASCII
)


def part_id(auto_id, part):
    """The id of a box: the day, which comes first, takes the field's own id,
    so links to the field (the review page's "Alterar") land on it."""
    return auto_id if part == "day" else f"{auto_id}_{part}"


def _error(message, parts, code):
    return ValidationError(message, code=code, params={"parts": tuple(parts)})


def _number(text):
    text = re.sub(r"\s+", "", text)
    # A day or a month has at most two digits; a few leading zeros are forgiven.
    return int(text) if DIGITS.fullmatch(text) and len(text) <= 4 else None


def _month(text):
    number = _number(text)
    if number is not None:
        return number
    return MONTH_NAMES.get(token(text).rstrip("."))


def parse_time(text):
    """A time of day from "14:30", "14h30", "14h", "14", "1430" or "14:30:15", or None."""
    if len(text) > LONGEST:
        return None
    match = TIME_TEXT.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes, seconds, compact_hours, compact_minutes = match.groups()
    if compact_hours:
        hours, minutes = compact_hours, compact_minutes
    try:
        return time(int(hours), int(minutes or 0), int(seconds or 0))
    except ValueError:
        return None


# --- reading the boxes ---------------------------------------------------------------


def texts_of(value, parts):
    """{box: text} from a widget's value: the posted texts (a list, in the order
    of the boxes), a stored ISO text, or a date or datetime."""
    names = [part.name for part in parts]
    if value is None or value == "":
        return dict.fromkeys(names, "")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = [f"{value.day:02d}", f"{value.month:02d}", str(value.year), value.strftime("%H:%M")]
    elif isinstance(value, date):
        value = [f"{value.day:02d}", f"{value.month:02d}", str(value.year)]
    elif isinstance(value, str):
        value = [value]
    texts = ["" if text is None else str(text).strip() for text in list(value)[: len(names)]]
    texts += [""] * (len(names) - len(texts))
    return dict(zip(names, texts, strict=True))


def whole_text(texts):
    """The day box's text when it holds a whole date (maybe with its time),
    typed or pasted in one go; "" when the boxes are used one by one."""
    day = texts["day"]
    if not day or texts["month"] or texts["year"]:
        return ""
    return day if not DIGITS.fullmatch(day) or len(day) == 8 else ""


def split_whole(text, with_time):
    """{box: text} of a whole date typed in one box, or None when it does not
    read as one."""
    if len(text) > LONGEST:  # nothing that long is a date (and the patterns stay cheap)
        return None
    time_text = ""
    if with_time:
        parsed = _iso_datetime(text)
        if parsed is not None:
            return texts_of(parsed, DATETIME_PARTS)
        match = WHOLE_DATETIME.fullmatch(text)
        if match:
            text, time_text = match.groups()
    for pattern, order in WHOLE_DATE:
        match = pattern.fullmatch(text)
        if match:
            found = dict(zip(order, match.groups(), strict=True))
            if with_time:
                found["time"] = time_text
            return found
    return None


def _iso_datetime(text):
    """An ISO date and time ("2026-01-15T14:30", with or without seconds and
    offset), or None. A date alone is not taken for midnight."""
    if ":" not in text:
        return None
    try:
        return parse_datetime(text)
    except ValueError:  # well formed, but not a real date or time
        return None


def shown_texts(value, parts):
    """What the boxes show for a widget's value: a whole date typed in the
    first box is spread over the boxes when it is a real date; otherwise
    every box shows what was typed in it."""
    texts = texts_of(value, parts)
    whole = whole_text(texts)
    if whole:
        split = split_whole(whole, with_time=len(parts) > 3)
        if split is not None:
            try:
                _clean_date(split)
            except ValidationError:
                return texts
            if texts.get("time"):  # the time box wins over a time in the day box
                split["time"] = texts["time"]
            return split
    return texts


# --- checking them -------------------------------------------------------------------


def _clean_date(texts):
    missing = tuple(name for name in DATE_NAMES if not texts[name])
    if missing:
        raise _error(MISSING[missing], missing, "incomplete")
    day, month = _number(texts["day"]), _month(texts["month"])
    year_text = re.sub(r"\s+", "", texts["year"])
    wrong = []
    if day is None or not 1 <= day <= 31:
        wrong.append("day")
    if month is None or not 1 <= month <= 12:
        wrong.append("month")
    if not DIGITS.fullmatch(year_text) or (len(year_text) == 4 and int(year_text) == 0):
        wrong.append("year")
    if wrong:
        raise _error(NOT_REAL, wrong, "invalid")
    if len(year_text) != 4:
        raise _error(YEAR_DIGITS, ["year"], "year_digits")
    try:
        return date(int(year_text), month, day)
    except ValueError:  # 31/02, 29/02 of a common year: the day is what does not exist
        raise _error(NOT_REAL, ["day"], "invalid") from None


def _clean_time(text):
    if not text:
        raise _error(TIME_MISSING, ["time"], "incomplete")
    parsed = parse_time(text)
    if parsed is None:
        raise _error(NOT_A_TIME, ["time"], "invalid_time")
    return parsed


def _clean_parts(texts, with_time):
    day = _clean_date(texts)
    if not with_time:
        return day
    at = _clean_time(texts["time"])
    try:
        return from_current_timezone(datetime.combine(day, at))
    except ValidationError as error:  # a time that does not exist in the zone (DST)
        raise _error(error.messages[0], ["time"], "invalid_time") from None


def clean_texts(texts, *, with_time=False, required=True, required_message=""):
    """The date (a datetime, `with_time`) the boxes say, or None when they are
    all empty and the answer is optional. Raises ValidationError with the
    boxes it is about in params["parts"]."""
    whole = whole_text(texts)
    if whole:
        split = split_whole(whole, with_time)
        if split is None:
            raise _error(NOT_REAL, ["day"], "invalid")
        if with_time and texts["time"]:
            split["time"] = texts["time"]
        try:
            return _clean_parts(split, with_time)
        except ValidationError as error:
            if "time" in error.params["parts"]:
                raise
            # A date that is not real stays as typed, in the first box
            # (`shown_texts`): that is the box to correct.
            raise _error(error.message, ["day"], error.code) from None
    if not any(texts.values()):
        if required:
            names = [*DATE_NAMES, "time"] if with_time else DATE_NAMES
            # Escaped: the message is used with params, and a label may hold a "%".
            raise _error(str(required_message).replace("%", "%%"), names, "required")
        return None
    return _clean_parts(texts, with_time)


def iso_inputs(text, with_time=False):
    """The boxes' texts for a date sent as "AAAA-MM-DD" ("AAAA-MM-DDTHH:MM" with
    a time), or [text] for any other text: one text is read as a whole date, by
    the same rules as on the web."""
    split = split_whole(text.strip(), with_time) if text.strip() else None
    if split is None or not re.match(r"\s*[0-9]{4}-", text):
        return [text]
    return [split[name] for name in (*DATE_NAMES, "time")[: 4 if with_time else 3]]


# --- the widget and the field --------------------------------------------------------


class DatePartsWidget(forms.Widget):
    """The boxes of a date (and time), all named after the field.

    The value is the list of the boxes' texts (what the browser sends), or a
    stored ISO text. A step renders the boxes through the field's bound field
    (`DatePartsBoundField.date_parts`), inside one fieldset; `render` gives the
    bare boxes for other uses."""

    def __init__(self, attrs=None, parts=DATE_PARTS):
        super().__init__(attrs)
        self.parts = parts

    def value_from_datadict(self, data, files, name):
        return posted_texts(data, name, len(self.parts))

    def value_omitted_from_data(self, data, files, name):
        return name not in data

    def format_value(self, value):
        return shown_texts(value, self.parts)

    def render_part(self, part, name, text, attrs):
        autocomplete = self.attrs.get("autocomplete")
        final = {
            "type": "text",
            "name": name,
            "value": text,
            "class": f"form-control date-input__input date-input__input--width-{part.width}",
            "inputmode": "numeric" if part.numeric else None,
            "spellcheck": "false",
            # A birth date fills from the browser's card; any other date from nothing
            # it remembers (the boxes share one name, so its suggestions would mix them).
            "autocomplete": f"bday-{part.name}"
            if autocomplete == "bday" and part.name != "time"
            else "off",
            "size": part.width,
            "data-date-part": part.name,
            **attrs,
        }
        return format_html("<input{}>", flatatt({k: v for k, v in final.items() if v is not None}))

    def render(self, name, value, attrs=None, renderer=None):
        auto_id = (attrs or {}).get("id") or f"id_{name}"
        texts = self.format_value(value)
        return format_html_join(
            "\n",
            "{}",
            (
                (
                    self.render_part(
                        part, name, texts[part.name], {"id": part_id(auto_id, part.name)}
                    ),
                )
                for part in self.parts
            ),
        )


class DatePartsBoundField(BoundField):
    """A bound date field, with what its template needs to draw the boxes."""

    @cached_property
    def date_parts(self):
        return self.field.parts_for(self)

    @property
    def date_hint_id(self):
        return f"{self.auto_id}_hint"

    @property
    def date_error_ids(self):
        return [f"error_{n}_{self.auto_id}" for n in range(1, len(self.errors) + 1)]

    @property
    def date_described_by(self):
        return " ".join([self.date_hint_id, *self.date_error_ids])

    @property
    def date_example(self):
        return EXAMPLE


class DatePartsField(forms.Field):
    """A date typed in three boxes (`with_time`: and a time in a fourth).
    Cleans to a date (an aware datetime), or None when nothing was typed and the
    field is optional. Validators run on the date and speak of the whole date."""

    widget = DatePartsWidget

    def __init__(self, *, with_time=False, **kwargs):
        super().__init__(**kwargs)
        self.with_time = with_time
        self.parts = DATETIME_PARTS if with_time else DATE_PARTS
        self.widget.parts = self.parts

    def get_bound_field(self, form, field_name):
        return DatePartsBoundField(form, self, field_name)

    def clean(self, value):
        texts = texts_of(value, self.parts)
        cleaned = clean_texts(
            texts,
            with_time=self.with_time,
            required=self.required,
            required_message=self.error_messages["required"],
        )
        if cleaned is not None:
            self.run_validators(cleaned)
        return cleaned

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        return shown_texts(initial, self.parts) != shown_texts(data, self.parts)

    def error_parts(self, bound_field):
        """The boxes each error of `bound_field` is about (all of them when it says none)."""
        names = [part.name for part in self.parts]
        found = []
        for error in bound_field.errors.as_data():
            parts = (getattr(error, "params", None) or {}).get("parts") or names
            found.append([name for name in names if name in parts] or names)
        return found

    def error_input_ids(self, bound_field):
        """The id of the first box each error is about, for the error summary's links."""
        auto_id = bound_field.auto_id or f"id_{bound_field.html_name}"
        return [part_id(auto_id, parts[0]) for parts in self.error_parts(bound_field)]

    def parts_for(self, bound_field):
        """What the template shows of each box: label, hint and the input, marked
        invalid (and tied to the error messages) when an error is about it."""
        auto_id = bound_field.auto_id or f"id_{bound_field.html_name}"
        invalid = {name for parts in self.error_parts(bound_field) for name in parts}
        error_ids = " ".join(bound_field.date_error_ids)
        texts = self.widget.format_value(bound_field.value())
        # As Django decides for any field (not for one shown only when it applies).
        required = self.required and self.widget.use_required_attribute(bound_field.initial)
        rendered = []
        for part in self.parts:
            input_id = part_id(auto_id, part.name)
            described = [f"{input_id}_helptext"] if part.help_text else []
            attrs = {"id": input_id, "required": required or None}
            if part.name in invalid:
                attrs["class"] = (
                    "form-control date-input__input "
                    f"date-input__input--width-{part.width} is-invalid"
                )
                attrs["aria-invalid"] = "true"
                described.append(error_ids)
            if described:
                attrs["aria-describedby"] = " ".join(described)
            rendered.append(
                {
                    "name": part.name,
                    "id": input_id,
                    "label": part.label,
                    "help_text": part.help_text,
                    "invalid": part.name in invalid,
                    "input": self.widget.render_part(
                        part, bound_field.html_name, texts[part.name], attrs
                    ),
                }
            )
        return rendered
