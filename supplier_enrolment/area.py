"""Who is acting in the supplier area, and what they may see: one policy used
by every view of the area and by the attachment download hook.

Two ways in:
- a **representative** signed in with email and password: every case forwarded
  to the suppliers they represent (while not revoked and the supplier enrolled);
- a **one-case access code** printed on a letter: that case only, kept in the
  session (`SESSION_CASE_KEY`), without any user account.
"""

import hashlib
from dataclasses import dataclass, field

from django.core.cache import cache
from django.http import Http404

from core.http import client_address
from core.ratelimit import hit
from inbox.models import Case

from .models import ForwardedCase, Letter, Representative

SESSION_CASE_KEY = "supplier_area_letter"
# Failed password sign-ins per email before the account is locked for a while.
LOCKOUT_FAILURES = 5
LOCKOUT_SECONDS = 15 * 60
# Sign-in attempts per client address (both forms) per window.
ATTEMPTS_PER_ADDRESS = 20
ATTEMPT_WINDOW_SECONDS = 5 * 60
# New set-password links one email may be sent, per window.
LINKS_PER_EMAIL = 3
LINK_WINDOW_SECONDS = 60 * 60


def address_within_limit(request, scope):
    """Count one attempt of the client's address at `scope` (sign-in, password
    link); False once it made ATTEMPTS_PER_ADDRESS in ATTEMPT_WINDOW_SECONDS."""
    return hit(
        scope, client_address(request), limit=ATTEMPTS_PER_ADDRESS, period=ATTEMPT_WINDOW_SECONDS
    )


def link_within_limit(email):
    """Count one set-password link asked for `email`; False once LINKS_PER_EMAIL
    were asked in LINK_WINDOW_SECONDS (nobody can fill a representative's mailbox)."""
    return hit(
        "supplier-password-link-email",
        email.lower(),
        limit=LINKS_PER_EMAIL,
        period=LINK_WINDOW_SECONDS,
    )


@dataclass(frozen=True)
class SupplierActor:
    """An authenticated supplier party: a representative (user and the ids of
    the suppliers they act for) or a one-case code session (case_id)."""

    user: object = None
    supplier_ids: frozenset = field(default_factory=frozenset)
    case_id: int | None = None
    letter_id: int | None = None

    @property
    def by_code(self):
        return self.case_id is not None

    def cases(self):
        """The cases this actor may see, as a queryset."""
        if self.by_code:
            # Only while the case is with the letter's addressee: a case the
            # Procon sent on to another company leaves the first one's reach.
            found = Case.objects.filter(pk=self.case_id, forwarding__isnull=False)
            if self.supplier_ids:
                return found.filter(forwarding__supplier_id__in=self.supplier_ids)
            return found.filter(forwarding__supplier__isnull=True)
        return Case.objects.filter(forwarding__supplier_id__in=self.supplier_ids)

    def case(self, pk):
        """The case `pk` if this actor may see it; 404 otherwise (never a hint
        that it exists)."""
        case = (
            self.cases().select_related("submission", "forwarding__supplier").filter(pk=pk).first()
        )
        if case is None:
            raise Http404
        return case


def representative_supplier_ids(user):
    if not user or not user.is_authenticated or user.is_staff:
        return frozenset()
    return frozenset(
        Representative.objects.active().filter(user=user).values_list("supplier_id", flat=True)
    )


def actor_for(request):
    """The SupplierActor of this request, or None when nobody is signed in to the area."""
    supplier_ids = representative_supplier_ids(request.user)
    if supplier_ids:
        return SupplierActor(user=request.user, supplier_ids=supplier_ids)
    letter_id = request.session.get(SESSION_CASE_KEY)
    if letter_id:
        letter = Letter.objects.filter(pk=letter_id).values_list("case_id", "supplier_id").first()
        if letter is not None:
            case_id, supplier_id = letter
            return SupplierActor(
                case_id=case_id,
                letter_id=letter_id,
                supplier_ids=frozenset([supplier_id] if supplier_id else []),
            )
    return None


def may_download(user, attachment):
    """For the `forms_attachment_access` hook: a representative of the supplier
    the attachment's case was forwarded to."""
    supplier_ids = representative_supplier_ids(user)
    if not supplier_ids or attachment.submission_id is None:
        return None
    if not attachment.shared_with_supplier:
        return None  # not shared (an identity document, a message's file): refused, logged
    forwarded = ForwardedCase.objects.filter(
        case_id=attachment.submission_id, supplier_id__in=supplier_ids
    ).exists()
    return "supplier representative" if forwarded else None


# --- sign-in throttling --------------------------------------------------------------


def _key(scope, identity):
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()
    return f"supplier-area:{scope}:{digest}"


def is_locked(email):
    return cache.get(_key("failures", email.strip().lower()), 0) >= LOCKOUT_FAILURES


def record_failure(email):
    key = _key("failures", email.strip().lower())
    if not cache.add(key, 1, timeout=LOCKOUT_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, timeout=LOCKOUT_SECONDS)


def clear_failures(email):
    cache.delete(_key("failures", email.strip().lower()))
