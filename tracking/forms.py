"""The tracking pages' forms: what the citizen types, checked before any lookup."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.uploads import DEFAULT_KINDS, MB, limit_text
from forms.attachments import AttachmentsInput
from forms.protocol import ProtocolNumber
from inbox.cases import MAX_MESSAGE_LENGTH

# Files the citizen sends after the form: with a complement or a message.
UPLOAD_MAX_FILES = 5
UPLOAD_MAX_BYTES = 10 * MB


class TrackForm(forms.Form):
    protocol = forms.CharField(
        label=_("Protocol number"),
        max_length=30,
        help_text=_("As on the confirmation page or the e-mail, e.g. 2026.000123-4."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=30,
        help_text=_("The code shown with the protocol number, e.g. ABCDE-23456."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_protocol(self):
        number = ProtocolNumber.parse(self.cleaned_data["protocol"])
        if number is None:
            # The check digit says nothing about whether the protocol exists.
            raise forms.ValidationError(
                _("Check the protocol number: it has the form 2026.000123-4.")
            )
        return str(number)


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The address you gave when you sent the request."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def message_field(label, required=True, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_MESSAGE_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def files_field(label):
    return forms.Field(
        label=label, required=False, widget=AttachmentsInput(attrs={"multiple": True})
    )


class FilesMixin:
    """A form with the "files" field: what the citizen sends, checked later
    (all or nothing) by `tracking.actions.check_files`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from core.uploads import accept_attribute

        field = self.fields["files"]
        field.widget.attrs["accept"] = accept_attribute(DEFAULT_KINDS)
        # Built per form, so it reads in the request's language.
        field.help_text = " ".join(
            [
                limit_text(DEFAULT_KINDS, UPLOAD_MAX_BYTES),
                gettext("At most %(count)d files at a time.") % {"count": UPLOAD_MAX_FILES},
            ]
        )

    def uploads(self):
        return [f for f in self.files.getlist("files") if f is not None] if self.files else []

    def clean(self):
        cleaned = super().clean()
        if len(self.uploads()) > UPLOAD_MAX_FILES:
            self.add_error(
                "files",
                _("Send at most %(count)d files at a time.") % {"count": UPLOAD_MAX_FILES},
            )
        return cleaned


class ReplyForm(FilesMixin, forms.Form):
    text = message_field(_("Your message to the Procon"))
    files = files_field(_("Documents (optional)"))


class ComplementForm(FilesMixin, forms.Form):
    files = files_field(_("Documents"))
    text = message_field(
        _("Information"),
        required=False,
        help_text=_("Write what was asked, or say what the documents are."),
    )

    def clean(self):
        cleaned = super().clean()
        if not self.uploads() and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Send a document or write the information asked for."))
        return cleaned


OUTCOMES = [
    ("record_resolved", _("Resolved")),
    ("record_not_resolved", _("Not resolved")),
]
SCORES = [
    ("1", _("1 - very dissatisfied")),
    ("2", _("2 - dissatisfied")),
    ("3", _("3 - neither satisfied nor dissatisfied")),
    ("4", _("4 - satisfied")),
    ("5", _("5 - very satisfied")),
]


class EvaluationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did the company solve your problem?"),
        choices=OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether your problem was solved.")},
    )
    score = forms.TypedChoiceField(
        label=_("How satisfied are you with the company's answer?"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Give a score from 1 to 5.")},
    )
    comment = message_field(
        _("Comment (optional)"),
        required=False,
        help_text=_("What happened after the company's answer; the company may read it."),
    )


class WithdrawForm(forms.Form):
    reason = message_field(_("Why are you withdrawing? (optional)"), required=False)


class RescheduleForm(forms.Form):
    reason = message_field(
        _("Why do you need another date?"),
        help_text=_("You may ask once. The Procon decides and tells you and the company."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Say why you need another date.")


AGREEMENT_ANSWERS = [
    ("kept", _("Yes, the company did what was agreed")),
    ("broken", _("No, the company did not do what was agreed")),
]


class AgreementForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Did the company keep the agreement?"),
        choices=AGREEMENT_ANSWERS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the agreement was kept.")},
    )
    reason = message_field(
        _("What was not done?"),
        required=False,
        help_text=_("Needed when the agreement was not kept; the company may read it."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == "broken" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Say what the company did not do."))
        return cleaned
