"""The supplier area's forms (sign-in, passwords, the case actions, invitations)."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from core.uploads import accept_attribute, limit_text
from forms.fields import CPFField, PhoneField
from inbox.cases import MAX_MESSAGE_LENGTH
from inbox.models import WorkflowSettings

from . import area
from .actions import (
    ANSWER_KINDS,
    ANSWER_MAX_BYTES,
    ANSWER_MAX_FILES,
    MAX_SOLUTION_LENGTH,
    RefusalReason,
)
from .models import Representative
from .tasks import send_password_link


class SignInForm(forms.Form):
    prefix = "entrar"
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PasswordLinkForm(PasswordResetForm):
    """Django's password-reset form for a representative who forgot the
    password, was locked out, or whose first link expired.

    `save` (called by Django's `PasswordResetView`) does the same work whoever
    the email belongs to: within the per-email limit, a look-up and a task,
    enqueued with None when the email is nobody's. The task writes the e-mail
    through the outbox (`tasks.send_password_link`), so the page tells nobody
    who acts for which company, not even by the time it takes. Unlike Django's
    own, it reaches representatives who never chose a password too.
    """

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("The email the Procon has for you as the company's representative."),
        widget=forms.EmailInput(attrs={"autocomplete": "username"}),
    )

    def save(self, **kwargs):
        email = self.cleaned_data["email"]
        if not area.link_within_limit(email):
            return
        representative_id = (
            Representative.objects.may_sign_in()
            .filter(email__iexact=email)
            .values_list("pk", flat=True)
            .first()
        )
        send_password_link.enqueue(representative_id)


class AccessCodeForm(forms.Form):
    prefix = "codigo"
    protocol = forms.CharField(
        label=_("Protocol"),
        max_length=20,
        help_text=_("As printed on the letter, e.g. 2026.000123-4."),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": accept_attribute(ANSWER_KINDS)})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class AnswerForm(forms.Form):
    prefix = "resposta"
    text = forms.CharField(
        label=_("Your answer to the consumer"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    proposed_solution = forms.CharField(
        label=_("Proposed solution"),
        required=False,
        max_length=MAX_SOLUTION_LENGTH,
        help_text=_("What the company offers: refund, exchange, repair, cancellation..."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents = MultipleFileField(label=_("Documents"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].help_text = _("Up to %(count)s files. %(limits)s") % {
            "count": ANSWER_MAX_FILES,
            "limits": limit_text(ANSWER_KINDS, ANSWER_MAX_BYTES),
        }


class RefuseForm(forms.Form):
    prefix = "recusa"
    reason = forms.ChoiceField(
        label=_("Why do you refuse the case?"),
        choices=RefusalReason.CHOICES,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Explain"),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        help_text=_("Required for “Another reason”. For a duplicate, give the other protocol."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == RefusalReason.OTHER and not (data.get("details") or "").strip():
            self.add_error("details", _("Explain why you refuse the case."))
        return data


class ExtensionForm(forms.Form):
    prefix = "prazo"
    days = forms.IntegerField(label=_("How many more days do you need?"), min_value=1)
    reason = forms.CharField(
        label=_("Why"), max_length=MAX_MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff may grant at most this at once (a setting): asking for more is pointless.
        limit = WorkflowSettings.load().max_extension_days
        days = self.fields["days"]
        days.max_value = limit
        days.validators.append(MaxValueValidator(limit))
        days.widget.attrs["max"] = limit


class ReplyForm(forms.Form):
    prefix = "mensagem"
    text = forms.CharField(
        label=_("Your message to the Procon"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    prefix = "recurso"
    text = forms.CharField(
        label=_("Grounds of the appeal"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class RescheduleForm(forms.Form):
    prefix = "remarcar"
    reason = forms.CharField(
        label=_("Why do you need another date?"),
        help_text=_("You may ask once. The Procon decides and tells both parties."),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why you need another date.")},
    )


class InviteForm(forms.Form):
    """A manager names another representative of one of the companies they manage."""

    prefix = "convite"
    supplier = forms.ModelChoiceField(
        label=_("Company"), queryset=None, empty_label=None, widget=forms.RadioSelect
    )
    name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("The link to choose a password goes to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    cpf = CPFField(label=_("CPF (optional)"), required=False)
    phone = PhoneField(label=_("Phone with area code (optional)"), required=False)
    is_manager = forms.BooleanField(
        label=_("Manager: may invite and revoke representatives too"), required=False
    )

    def __init__(self, suppliers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["supplier"]
        field.queryset = suppliers
        if len(suppliers) == 1:
            field.initial = suppliers[0].pk
            field.widget = forms.HiddenInput()


class RepresentativePasswordForm(SetPasswordForm):
    """Django's set-password form, with the password compared to what the
    representative knows about themselves (name and email) rather than to the
    account's username: that is generated at random ("fornecedor-" and 16 hex
    digits) and never shown, so comparing with it refused a password such as
    "senha-do-fornecedor-2026" for about one account in sixty, with a message
    about a username the person has never seen."""

    def __init__(self, representative, *args, **kwargs):
        self.representative = representative
        super().__init__(representative.user, *args, **kwargs)

    def validate_password_for_user(self, user, password_field_name="password2"):  # noqa: S107
        # An unsaved stand-in carrying only the person's own details.
        person = get_user_model()(
            first_name=self.representative.name,
            email=self.representative.email,
        )
        return super().validate_password_for_user(person, password_field_name)
