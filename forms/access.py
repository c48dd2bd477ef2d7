"""Who may download an attachment, and the links that let them.

Three ways in, each logged in `AttachmentAccess`:

- **staff** with `procon_forms.view_submission`, through `/anexos/<id>/`
  (login required);
- **the citizen** who proves the protocol and access code: other apps (the
  tracking page) call `citizen_download_links(protocol, code)` and show the
  short-lived signed links it returns;
- **anyone a hook allows**, e.g. the representative of the supplier party to
  the case. Apps register functions for the Wagtail hook
  `forms_attachment_access`: `fn(user, attachment)` returns a short label of
  the access (e.g. "supplier") or True to allow, False to refuse (a refusal
  wins over every allowance, so the inbox can narrow staff access), or None
  for no opinion.

Anyone else gets a 404, never a hint that the file exists.
"""

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail import hooks

HOOK_NAME = "forms_attachment_access"
STAFF_PERMISSION = "procon_forms.view_submission"
CITIZEN_LINK_SALT = "procon.forms.attachment.citizen"
CITIZEN_LINK_MAX_AGE = 15 * 60  # seconds
CITIZEN = "citizen via protocol"
STAFF = "staff"


def access_for(user, attachment) -> str | None:
    """The label of the access `user` has to `attachment`, or None."""
    if not user.is_authenticated or attachment.submission_id is None:
        return None
    granted = None
    for rule in hooks.get_hooks(HOOK_NAME):
        verdict = rule(user, attachment)
        if verdict is False:
            return None
        if verdict and granted is None:
            granted = verdict if isinstance(verdict, str) else rule.__name__
    if granted:
        return granted
    if user.is_active and user.has_perm(STAFF_PERMISSION):
        return STAFF
    return None


def staff_url(attachment) -> str:
    return reverse("procon_forms:attachment", args=[attachment.pk])


def citizen_link(attachment) -> str:
    """A signed link to one file, valid for CITIZEN_LINK_MAX_AGE. Only issue it
    to someone who proved the protocol and access code."""
    token = signing.dumps(
        {"a": str(attachment.pk), "s": attachment.submission_id}, salt=CITIZEN_LINK_SALT
    )
    return reverse("procon_forms:attachment_citizen", args=[token])


def citizen_download_links(protocol: str, access_code: str):
    """[(attachment, signed link)] for the submission with this protocol, when
    the access code matches; PermissionDenied otherwise (same error whether the
    protocol exists or not)."""
    from .models import Submission
    from .submission import access_code_matches

    submission = Submission.objects.filter(protocol=(protocol or "").strip()).first()
    if submission is None or not access_code_matches(submission, access_code):
        raise PermissionDenied
    return [(attachment, citizen_link(attachment)) for attachment in submission.attachments.all()]


def read_citizen_token(token: str):
    """(attachment id, submission id) from a signed link, or None when forged or expired."""
    try:
        data = signing.loads(token, salt=CITIZEN_LINK_SALT, max_age=CITIZEN_LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or "a" not in data or "s" not in data:
        return None
    return data["a"], data["s"]
