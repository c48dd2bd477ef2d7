"""Staff forms of the conciliation hearing: schedule (or reschedule) and the
outcome. They check what a person typed and say what is wrong in Portuguese;
`inbox.hearings` checks the same rules again when it acts."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .hearings import MAX_TEXT_LENGTH
from .models import Hearing

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
TIME_FORMATS = ["%H:%M", "%H:%M:%S"]


def _date_field(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={
            "required": _("Give the date."),
            "invalid": _("Give a valid date, e.g. 25/06/2026."),
        },
    )


def _text_field(label, required=False, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_TEXT_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HearingForm(forms.Form):
    date = _date_field(_("Date"))
    time = forms.TimeField(
        label=_("Time"),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={
            "required": _("Give the time."),
            "invalid": _("Give a valid time, e.g. 14:30."),
        },
    )
    place = forms.CharField(
        label=_("Place"),
        required=False,
        max_length=255,
        help_text=_("The address and room. Give a place, a video call link or both."),
    )
    video_link = forms.URLField(
        label=_("Video call link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Give the video call link as a web address (https://...).")},
    )
    note = _text_field(
        _("Note to both parties (optional)"),
        help_text=_("Shown to the consumer and the supplier with the date, e.g. what to bring."),
    )

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean(self):
        cleaned = super().clean()
        day, hour = cleaned.get("date"), cleaned.get("time")
        if day is None or hour is None or "video_link" in self.errors:
            return cleaned
        when = timezone.make_aware(datetime.combine(day, hour))
        if when <= (self.now or timezone.now()):
            self.add_error("date", _("The hearing's date and time must be in the future."))
        if not (cleaned.get("place") or "").strip() and not cleaned.get("video_link"):
            self.add_error("place", _("Give the hearing's place or the link to the video call."))
        cleaned["when"] = when
        return cleaned

    @classmethod
    def initial_for(cls, hearing):
        when = timezone.localtime(hearing.scheduled_at)
        return {
            "date": when.date(),
            "time": when.time().replace(second=0, microsecond=0),
            "place": hearing.place,
            "video_link": hearing.video_link,
        }


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the hearing"),
        choices=Hearing.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the hearing's outcome.")},
    )
    agreement_terms = _text_field(
        _("Terms of the agreement"),
        help_text=_("With an agreement: what the supplier will do, e.g. refund R$ 1.200,00."),
    )
    due_date = _date_field(
        _("Agreement due date"),
        required=False,
        help_text=_("With an agreement: the day by which it must be kept."),
    )
    minutes = _text_field(
        _("Record of the hearing (minutes)"),
        help_text=_(
            "Who attended and what was said; it goes into the minutes (ata) both parties receive."
        ),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") != Hearing.Outcome.AGREEMENT:
            return cleaned
        if not (cleaned.get("agreement_terms") or "").strip():
            self.add_error("agreement_terms", _("Write the terms of the agreement."))
        due = cleaned.get("due_date")
        if due is None and "due_date" not in self.errors:
            self.add_error("due_date", _("Give the date by which the agreement must be kept."))
        elif due is not None and due < (self.today or timezone.localdate()):
            self.add_error("due_date", _("The agreement's due date cannot be in the past."))
        return cleaned
