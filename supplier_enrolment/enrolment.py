"""Approving an enrolment: the Supplier, its representative's account and the
one-time link to choose a password.

Runs from the inbox's `case_transitioned` signal, inside the approval's
transaction, so the supplier, the account and the queued email exist exactly
when the case is "approved".
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from forms import outbox
from forms.brazil import format_address, normalise_cnpj, only_digits
from forms.roles import Role
from home.links import site_root_url
from inbox.workflow import TransitionError

from .models import Representative, Supplier

SET_PASSWORD_EMAIL = "supplier_set_password"  # noqa: S105 - an email kind


def answers_by_role(submission):
    """{role: answer} for the role-tagged fields of a submission's snapshot."""
    return {
        definition["role"]: submission.form_data.get(definition["key"])
        for definition in submission.definitions()
        if definition.get("role") and definition["key"] in submission.form_data
    }


def _text(value, limit):
    return " ".join(str(value or "").split())[:limit]


def approve_enrolment(submission):
    """Create or update the Supplier named by an enrolment submission, enrol it,
    and give its representative an account (reused when the same person already
    has one) with a set-password email. Returns the Representative."""
    answers = answers_by_role(submission)
    cnpj = normalise_cnpj(answers.get(Role.COMPANY_CNPJ) or submission.supplier_cnpj)
    legal_name = _text(answers.get(Role.COMPANY_LEGAL_NAME) or submission.supplier_name, 200)
    email = answers.get(Role.REPRESENTATIVE_EMAIL) or submission.consumer_email
    if len(cnpj) != 14 or not legal_name:
        raise TransitionError(_("The request has no valid CNPJ and legal name: ask for them."))
    if not email:
        raise TransitionError(_("The request has no representative's email: ask for it."))
    supplier = Supplier.objects.select_for_update().filter(cnpj=cnpj).first() or Supplier(cnpj=cnpj)
    supplier.legal_name = legal_name or supplier.legal_name
    supplier.trade_name = _text(answers.get(Role.COMPANY_TRADE_NAME), 200) or supplier.trade_name
    supplier.email = answers.get(Role.COMPANY_EMAIL) or supplier.email
    supplier.phone = answers.get(Role.COMPANY_PHONE) or supplier.phone
    # A text answer, or the address field's parts written as the post reads them.
    supplier.address = format_address(answers.get(Role.COMPANY_ADDRESS) or "").strip() or (
        supplier.address
    )
    supplier.enrolled = True
    supplier.save()
    return add_representative(
        supplier,
        name=_text(answers.get(Role.REPRESENTATIVE_NAME), 200),
        email=email,
        cpf=only_digits(answers.get(Role.REPRESENTATIVE_CPF) or "")[:11],
        phone=answers.get(Role.REPRESENTATIVE_PHONE) or "",
        enrolment=submission,
    )


def _account_for(email):
    """The account of a representative with this address, or a new one without a
    usable password. Never a staff account: those stay in the admin."""
    existing = (
        Representative.objects.filter(email__iexact=email, user__is_staff=False)
        .select_related("user")
        .first()
    )
    if existing:
        return existing.user
    user = get_user_model()(
        username=f"fornecedor-{secrets.token_hex(8)}", email=email, is_staff=False
    )
    user.set_unusable_password()
    user.save()
    return user


def add_representative(supplier, *, name, email, cpf="", phone="", enrolment=None):
    """Name someone to act for `supplier` (again, if they had been revoked) and
    email them the link to choose a password."""
    email = email.strip().lower()
    user = _account_for(email)
    representative, _created = Representative.objects.update_or_create(
        supplier=supplier,
        user=user,
        defaults={
            "name": name or email,
            "email": email,
            "cpf": cpf,
            "phone": phone,
            "enrolment": enrolment,
            "revoked_at": None,
        },
    )
    queue_set_password_email(representative)
    return representative


def revoke(representative):
    """The representative no longer acts for the supplier; their open sessions
    are refused from the next request on (the area checks on every request)."""
    representative.revoked_at = timezone.now()
    representative.save(update_fields=["revoked_at"])


def set_password_path(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("supplier_area:set_password", args=[uid, token])


def queue_set_password_email(representative, requested=False):
    """A one-time link (Django's password-reset token: it stops working once the
    password is set, or after PASSWORD_RESET_TIMEOUT). `requested`: asked for on
    the sign-in page (a forgotten password, an expired link) rather than sent on
    enrolment."""
    base = site_root_url()
    context = {
        "representative": representative,
        "supplier": representative.supplier,
        "link": base + set_password_path(representative.user),
        "area_url": base + reverse("supplier_area:login"),
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    name = "set_password_requested" if requested else "set_password"
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"supplier_enrolment/email/{name}_subject.txt", context)
        body = render_to_string(f"supplier_enrolment/email/{name}.txt", context)
    return outbox.queue(
        SET_PASSWORD_EMAIL,
        representative.email,
        " ".join(subject.split()),
        body,
        representative.enrolment,
    )


def on_case_transitioned(sender, case, event, action, **kwargs):
    """Receiver of `inbox.signals.case_transitioned` (inside the transaction)."""
    if action.name == "approve" and case.submission.kind == "enrolment":
        approve_enrolment(case.submission)
