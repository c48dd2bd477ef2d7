"""Turning a completed draft into a Submission: one transaction, one protocol."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac

from core.brazil import format_address, normalise_cnpj, only_digits

from .attachments import attachments_read, move_to_submission
from .blocks import answers_by_role
from .emails import queue_receipt, queue_staff_notifications
from .protocol import next_number
from .roles import Role
from .signals import submission_created

# No 0/O, 1/I/L: read over the phone and typed on a small keyboard.
ACCESS_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACCESS_CODE_LENGTH = 10
HASH_SALT = "procon.forms.access_code"
# How long the confirmation page keeps showing the access code after sending.
CONFIRMATION_WINDOW = timedelta(hours=2)


def new_access_code() -> str:
    code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def normalise_access_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def hash_access_code(code: str, secret=None) -> str:
    """The stored form of an access code, keyed on SECRET_KEY (or `secret`)."""
    return salted_hmac(
        HASH_SALT, normalise_access_code(code), secret=secret, algorithm="sha256"
    ).hexdigest()


def access_code_hashes(code: str) -> list[str]:
    """The code's hash under SECRET_KEY and under each of SECRET_KEY_FALLBACKS."""
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hash_access_code(code, secret) for secret in secrets]


def access_code_matches(submission, code: str) -> bool:
    """Whether `code` opens `submission`.

    After a SECRET_KEY rotation, codes stored under a key kept in
    SECRET_KEY_FALLBACKS still match, and the stored hash moves to the current
    key on that first match, so the fallback can be dropped once citizens have
    come back. Every key is tried whatever the outcome (the same work for a
    right and a wrong code)."""
    matches = [
        constant_time_compare(submission.access_code_hash, hashed)
        for hashed in access_code_hashes(code)
    ]
    if not any(matches):
        return False
    if not matches[0]:
        submission.access_code_hash = hash_access_code(code)
        type(submission).objects.filter(pk=submission.pk).update(
            access_code_hash=submission.access_code_hash
        )
    return True


def role_columns(definitions, answers) -> dict:
    """Indexed column values from the answers of role-tagged fields."""
    by_role = answers_by_role(definitions, answers)
    columns = {}
    name = by_role.get(Role.CONSUMER_NAME) or by_role.get(Role.REPRESENTATIVE_NAME)
    if name:
        columns["consumer_name"] = str(name)[:255]
    cpf = by_role.get(Role.CONSUMER_CPF) or by_role.get(Role.REPRESENTATIVE_CPF)
    if cpf:
        columns["consumer_cpf"] = only_digits(cpf)[:11]
    for role in (Role.CONSUMER_EMAIL, Role.REPRESENTATIVE_EMAIL, Role.COMPANY_EMAIL):
        if by_role.get(role):
            columns["consumer_email"] = by_role[role]
            break
    municipality = by_role.get(Role.CONSUMER_MUNICIPALITY)
    if isinstance(municipality, dict):
        columns["consumer_municipality"] = municipality.get("ibge_code", "")
    address = by_role.get(Role.CONSUMER_ADDRESS)
    if isinstance(address, dict):
        columns["consumer_address"] = format_address(address, one_line=True)
    supplier = by_role.get(Role.SUPPLIER_NAME)
    if isinstance(supplier, dict):  # a supplier field: name and CNPJ together
        columns["supplier_name"] = (supplier.get("name") or "")[:255]
        if supplier.get("cnpj"):
            columns["supplier_cnpj"] = normalise_cnpj(supplier["cnpj"])
    elif supplier:
        columns["supplier_name"] = str(supplier)[:255]
    for role in (Role.SUPPLIER_CNPJ, Role.COMPANY_CNPJ):
        if by_role.get(role):
            columns["supplier_cnpj"] = normalise_cnpj(by_role[role])
            break
    if not columns.get("supplier_name") and by_role.get(Role.COMPANY_LEGAL_NAME):
        columns["supplier_name"] = str(by_role[Role.COMPANY_LEGAL_NAME])[:255]
    return columns


def citizen_language():
    """The language of the request being served, as one of the site's languages."""
    try:
        return translation.get_supported_language_variant(translation.get_language() or "")
    except LookupError:
        return settings.LANGUAGE_CODE


def submit(draft, validation, agency=None):
    """Store the draft's answers as a Submission, or return the one it already made.

    `validation` is the result of `engine.validate_all` for this draft;
    `agency`, the AgencySettings of the page's site for the receipt (read from
    the page when not given). The
    draft row is locked, so a double click or a replayed request finds the first
    submission instead of creating a second. Returns (submission, created).
    """
    from .models import Draft, Submission

    page = draft.page
    # A translated form files under the Portuguese one, in the citizen's language.
    record_page = page.record_page
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.submission_id:
            return locked.submission, False
        now = timezone.now()
        number = next_number(timezone.localdate(now).year)
        code = new_access_code()
        schema = page.definition.schema()
        definitions = [d for step in schema["steps"] for d in step["fields"]]
        submission = Submission.objects.create(
            page=record_page,
            form_data=validation.answers,
            protocol=str(number),
            year=number.year,
            sequence=number.sequence,
            kind=record_page.kind,
            language=citizen_language(),
            schema=schema,
            access_code_hash=hash_access_code(code),
            **role_columns(definitions, validation.answers),
        )
        # The attachments validate_all() read are not read again.
        move_to_submission(locked, submission, attachments_read(draft))
        submission_created.send(sender=Submission, submission=submission)
        locked.submission = submission
        locked.access_code = code
        locked.expires_at = now + CONFIRMATION_WINDOW
        # Sent: no reminder to come, and nothing left unchecked to go back to.
        locked.email = ""
        locked.later_steps = {}
        locked.save(
            update_fields=[
                "submission",
                "access_code",
                "expires_at",
                "email",
                "later_steps",
                "updated_at",
            ]
        )
        # Written with the submission, delivered after commit (with retries).
        queue_receipt(submission, code, agency)
        queue_staff_notifications(submission)
    # The caller's draft as the locked row now stands (no second read).
    for field in Draft._meta.concrete_fields:
        setattr(draft, field.attname, getattr(locked, field.attname))
    draft.submission = submission
    return submission, True
