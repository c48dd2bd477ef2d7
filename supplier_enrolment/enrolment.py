"""Approving an enrolment: the Supplier, its representatives' accounts and the
one-time links to choose a password; and, later, a manager inviting and revoking
representatives from the supplier area.

Runs from the inbox's `case_transitioned` signal, inside the approval's
transaction, so the supplier, the account and the queued email exist exactly
when the case is "approved".
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from core import outbox
from core.brazil import format_address, normalise_cnpj, only_digits
from forms.models import Attachment
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


# The roles of the first representative's fields, and of each further one's.
FIRST = {
    Role.REPRESENTATIVE_NAME: "name",
    Role.REPRESENTATIVE_CPF: "cpf",
    Role.REPRESENTATIVE_EMAIL: "email",
    Role.REPRESENTATIVE_PHONE: "phone",
}
OTHER = {
    Role.OTHER_REPRESENTATIVE_NAME: "name",
    Role.OTHER_REPRESENTATIVE_CPF: "cpf",
    Role.OTHER_REPRESENTATIVE_EMAIL: "email",
    Role.OTHER_REPRESENTATIVE_PHONE: "phone",
}


def representatives_named(submission):
    """The people an enrolment names, in the form's order: [{name, cpf, email,
    phone}], the first representative's fields first, then one entry per
    further representative (a new one starts at each name, or where a part
    repeats). Entries without an e-mail are left out; an e-mail named twice
    counts once."""
    first, others = {}, []
    for definition in submission.definitions():
        role, key = definition.get("role"), definition["key"]
        if key not in submission.form_data:
            continue
        if role in FIRST:
            first[FIRST[role]] = submission.form_data[key]
        elif role in OTHER:
            part = OTHER[role]
            if not others or part == "name" or part in others[-1]:
                others.append({})
            others[-1][part] = submission.form_data[key]
    people = [first, *others]
    found, seen = [], set()
    for person in people:
        email = str(person.get("email") or "").strip().lower()
        if not email or email in seen:
            continue
        seen.add(email)
        found.append(
            {
                "name": _text(person.get("name"), 200),
                "cpf": only_digits(person.get("cpf") or "")[:11],
                "email": email,
                "phone": str(person.get("phone") or "")[:20],
            }
        )
    return found


def authority_proofs(submission):
    """The files the enrolment sent as proof of the representatives' authority
    (fields with the role "authority_proof"), as stored with the submission."""
    keys = [
        definition["key"]
        for definition in submission.definitions()
        if definition.get("role") == Role.AUTHORITY_PROOF
    ]
    if not keys:
        return Attachment.objects.none()
    return Attachment.objects.filter(submission=submission, field_key__in=keys)


def approve_enrolment(submission):
    """Create or update the Supplier named by an enrolment submission, enrol it,
    and give each representative it names an account (reused when the same
    person already has one) with a set-password email. They manage the
    supplier's representatives (the proof of authority names them). Refused
    without a valid CNPJ, a representative's e-mail or the proof of authority.
    Returns the Representatives."""
    answers = answers_by_role(submission)
    cnpj = normalise_cnpj(answers.get(Role.COMPANY_CNPJ) or submission.supplier_cnpj)
    legal_name = _text(answers.get(Role.COMPANY_LEGAL_NAME) or submission.supplier_name, 200)
    people = representatives_named(submission)
    if not people and submission.consumer_email:
        people = [{"name": "", "cpf": "", "phone": "", "email": submission.consumer_email}]
    if len(cnpj) != 14 or not legal_name:
        raise TransitionError(_("The request has no valid CNPJ and legal name: ask for them."))
    if not people:
        raise TransitionError(_("The request has no representative's email: ask for it."))
    if not authority_proofs(submission).exists():
        raise TransitionError(
            _(
                "The request has no proof of the representatives' authority (power of "
                "attorney or articles of association): mark it as pending and ask for it."
            )
        )
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
    return [
        add_representative(supplier, enrolment=submission, is_manager=True, **person)
        for person in people
    ]


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


def add_representative(
    supplier,
    *,
    name,
    email,
    cpf="",
    phone="",
    enrolment=None,
    is_manager=False,
    invited_by=None,
):
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
            "is_manager": is_manager,
            "invited_by": invited_by,
            "revoked_at": None,
            "revoked_by": None,
        },
    )
    queue_set_password_email(representative)
    return representative


def managed_by(user):
    """The active representations of `user` that manage their supplier."""
    if not user or not user.is_authenticated or user.is_staff:
        return Representative.objects.none()
    return Representative.objects.managers().filter(user=user).select_related("supplier")


def _manager_for(user, supplier):
    manager = managed_by(user).filter(supplier=supplier).first()
    if manager is None:
        raise ValidationError(
            _("Only a manager of this company's representatives may do this."), code="not_manager"
        )
    return manager


def invite(supplier, user, *, name, email, cpf="", phone="", is_manager=False):
    """A manager of `supplier` (the signed-in `user`) names another representative,
    who is emailed the link to choose a password. Raises ValidationError when
    `user` does not manage the supplier or the person already represents it."""
    with transaction.atomic():
        Supplier.objects.select_for_update().filter(pk=supplier.pk).first()
        manager = _manager_for(user, supplier)
        email = email.strip().lower()
        if Representative.objects.active().filter(supplier=supplier, email__iexact=email).exists():
            raise ValidationError(
                _("%(email)s already represents this company.") % {"email": email},
                code="already",
            )
        return add_representative(
            supplier,
            name=name,
            email=email,
            cpf=cpf,
            phone=phone,
            is_manager=is_manager,
            invited_by=manager,
        )


def revoke(representative, user=None):
    """The representative no longer acts for the supplier; their open sessions
    are refused from the next request on (the area checks on every request).

    With `user` (a manager acting in the supplier area): refused unless `user`
    manages the supplier, and refused when it would leave the supplier without
    an active representative or without an active manager (nobody could then
    name anyone). Staff revoking in the admin pass no user: a supplier left
    without an active representative gets its complaints by post again."""
    with transaction.atomic():
        Supplier.objects.select_for_update().filter(pk=representative.supplier_id).first()
        representative = Representative.objects.get(pk=representative.pk)
        manager = None
        if user is not None:
            manager = _manager_for(user, representative.supplier)
            others = Representative.objects.active().filter(supplier=representative.supplier_id)
            others = others.exclude(pk=representative.pk)
            if not others.exists():
                raise ValidationError(
                    _(
                        "The company needs at least one active representative: invite "
                        "another before revoking this one."
                    ),
                    code="last",
                )
            if representative.is_manager and not others.filter(is_manager=True).exists():
                raise ValidationError(
                    _(
                        "The company needs at least one manager: invite another manager "
                        "before revoking this one."
                    ),
                    code="last_manager",
                )
        if representative.revoked_at is None:
            representative.revoked_at = timezone.now()
            representative.revoked_by = manager
            representative.save(update_fields=["revoked_at", "revoked_by"])
        return representative


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
    subject, body = outbox.render(f"supplier_enrolment/email/{name}", context)
    return outbox.queue(
        SET_PASSWORD_EMAIL, representative.email, subject, body, representative.enrolment
    )


def on_case_transitioned(sender, case, event, action, **kwargs):
    """Receiver of `inbox.signals.case_transitioned` (inside the transaction)."""
    if action.name == "approve" and case.submission.kind == "enrolment":
        approve_enrolment(case.submission)
