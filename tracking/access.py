"""Who may see a protocol on the tracking pages.

The citizen proves a protocol with its access code, or opens a signed e-mail
link that lists the protocols sent from their address. Either way the session
then holds the ids of the submissions it may see (its key rotated first), for
ACCESS_MAX_AGE seconds. Every refusal looks the same, whether the protocol
exists or not; attempts are counted per client address and per protocol.
"""

import time

from django.conf import settings
from django.core import signing

from core.http import client_address
from core.ratelimit import count, hit
from forms.abuse import parse_rate
from forms.protocol import ProtocolNumber
from forms.submission import access_code_hashes, access_code_matches
from identity import citizen

SESSION_KEY = "tracking"
LINK_SALT = "procon.tracking.link"
MAX_LINK_CASES = 50


def _setting(name, default):
    return getattr(settings, name, default)


def access_max_age():
    """Seconds a proof (code or link) stays good in the session."""
    return int(_setting("TRACKING_ACCESS_MAX_AGE", 2 * 60 * 60))


def link_max_age():
    """Seconds an e-mailed link stays valid."""
    return int(_setting("TRACKING_LINK_MAX_AGE", 30 * 60))


def _over(scope, identity, setting, default):
    hits, seconds = parse_rate(_setting(setting, default))
    if hit(scope, identity, limit=hits, period=seconds):
        return None
    return seconds


PROTOCOL_FAILURES = ("TRACKING_RATE_LIMIT_PROTOCOL", "10/3600")
LOCKED_TRIES = ("TRACKING_RATE_LIMIT_LOCKED_PROTOCOL", "2/3600")


def check_limits(request, protocol=None):
    """Count one attempt to open a protocol; the seconds to wait when over a limit.

    Every attempt counts against the client's address. Wrong codes for a protocol,
    from any address, are counted by `record_failure`; once they pass
    TRACKING_RATE_LIMIT_PROTOCOL the protocol is locked, and while it is, each
    address still gets TRACKING_RATE_LIMIT_LOCKED_PROTOCOL tries on it (two an
    hour). So its owner, typing the right code on their own phone, is not kept
    out by someone guessing elsewhere, and guessing from many addresses stays
    hopeless: two tries an hour per address against 31^10 codes.
    """
    waits = [_over("tracking-ip", client_address(request), "TRACKING_RATE_LIMIT_IP", "20/600")]
    if protocol and _protocol_locked(protocol):
        identity = f"{protocol}:{client_address(request)}"
        waits.append(_over("tracking-protocol-locked", identity, *LOCKED_TRIES))
    waits = [wait for wait in waits if wait]
    return max(waits) if waits else None


def check_protocol_lock(protocol, identity):
    """For callers counted elsewhere (an app, by its own rate limit): while
    `protocol` is locked by wrong codes, `identity` gets the locked tries; the
    seconds to wait, or None."""
    if protocol and _protocol_locked(protocol):
        return _over("tracking-protocol-locked", f"{protocol}:{identity}", *LOCKED_TRIES)
    return None


def _protocol_locked(protocol):
    failures, _seconds = parse_rate(_setting(*PROTOCOL_FAILURES))
    return count("tracking-protocol", protocol) >= failures


def record_failure(protocol):
    """A wrong code (or an unknown protocol: they look the same) for `protocol`."""
    if protocol:
        _over("tracking-protocol", protocol, *PROTOCOL_FAILURES)


def message_limit(case):
    """Seconds to wait before this case takes another citizen message or upload
    (each one e-mails staff), or None."""
    return _over("tracking-message", case.pk, "TRACKING_RATE_LIMIT_MESSAGES", "20/86400")


def link_request_limits(request, email):
    """(seconds to wait for this address, whether this e-mail may get another link)."""
    wait = _over("tracking-link-ip", client_address(request), "TRACKING_RATE_LIMIT_LINK", "5/3600")
    email_ok = not _over("tracking-link-email", email.lower(), "TRACKING_RATE_LIMIT_LINK", "5/3600")
    return wait, email_ok


def normalised_protocol(text):
    """The protocol in `text` as it is stored, or None when malformed."""
    number = ProtocolNumber.parse(text or "")
    return str(number) if number is not None else None


def find(protocol_text, code):
    """The Submission the protocol and access code open, or None (the same None
    for a malformed protocol, an unknown one and a wrong code)."""
    from forms.models import Submission

    number = ProtocolNumber.parse(protocol_text)
    submission = None
    if number is not None:
        submission = Submission.objects.filter(protocol=str(number)).first()
    if submission is None:
        access_code_hashes(code)  # the same work as a real check
        return None
    return submission if access_code_matches(submission, code) else None


def authorised_filter(request):
    """What this session may open, as a filter on submissions (None: nothing):
    the submissions it has proved, while the proof is fresh, and those of the CPF
    of the citizen signed in with gov.br."""
    from django.db.models import Q

    proved = _proved_ids(request)
    person = citizen.current(request)
    if not proved and person is None:
        return None
    allowed = Q(pk__in=proved)
    if person is not None:
        allowed |= Q(consumer_cpf=person.cpf)
    return allowed


def has_cases(request):
    """Whether this session may open at least one case."""
    from forms.models import Submission

    allowed = authorised_filter(request)
    return allowed is not None and Submission.objects.filter(allowed).exists()


def _proved_ids(request):
    data = request.session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return []
    if time.time() - data.get("at", 0) > access_max_age():
        del request.session[SESSION_KEY]
        return []
    return [int(pk) for pk in data.get("ids", [])]


def authorise(request, submission_ids):
    """Let this session see `submission_ids` (besides what it already proved). The
    session key is rotated so a key fixed before the proof is worth nothing."""
    ids = sorted(set(_proved_ids(request)) | {int(pk) for pk in submission_ids})
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"ids": ids, "at": time.time()}


def forget(request):
    """Leave the tracking pages: the proofs, and the gov.br sign-in, go."""
    request.session.pop(SESSION_KEY, None)
    citizen.sign_out(request)


def authorised_submission(request, protocol):
    from forms.models import Submission

    allowed = authorised_filter(request)
    if allowed is None:
        return None
    return (
        Submission.objects.filter(allowed, protocol=protocol, case__isnull=False)
        .select_related("case", "case__assignee", "page")
        .first()
    )


# --- e-mailed links ------------------------------------------------------------------


def submissions_for_email(email):
    from forms.models import Submission

    email = (email or "").strip()
    if not email:
        return Submission.objects.none()
    return Submission.objects.filter(consumer_email__iexact=email).order_by("-submit_time")


def make_link_token(submission_ids):
    """A signed token naming the submissions (never the address, which would sit in
    logs and browser history)."""
    return signing.dumps({"s": list(submission_ids)[:MAX_LINK_CASES]}, salt=LINK_SALT)


def read_link_token(token):
    """The submission ids of a valid token, or None when forged or expired."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=link_max_age())
    except signing.BadSignature:
        return None
    ids = data.get("s") if isinstance(data, dict) else None
    if not isinstance(ids, list) or not all(isinstance(pk, int) for pk in ids):
        return None
    return ids
