"""The access log: who read a case, downloaded its files or data, exported the case
list or handled a data-subject request.

Entries are Wagtail log entries (`wagtail.log_actions`, stored as `ModelLogEntry`)
and supervisors read them in Wagtail's site history report, filtered by action,
date and object type (in Wagtail 8.0 its user filter lists only the users of page
log entries; the user column shows who did it). Each app registers the actions it writes with the
`register_log_actions` hook through `register` below, which gives them the
message format of `AccessLogFormatter`.

An entry holds identifiers only, never the personal data itself:

- its object is the case (a `CaseData`, labelled with the protocol) or, for what
  concerns no single case, the staff member who did it (a `StaffMember`). Both
  are proxies whose permission only supervisors hold, so attendants and content
  editors never see these entries in the site history (it shows a user the
  entries of the content types they hold a permission on);
- its user is the staff member; outside parties (the consumer on the tracking
  pages, a supplier's representative or a letter-code session in the supplier
  area) have none, and `data["party"]` with the representative's account id or
  the letter's id says who they were;
- `data` holds the client's address (`ip`), a file's id (`attachment`) and a
  short `detail` (a format, the names of the filters used, the kinds of
  identifier searched for, counts).
"""

from django.utils.translation import gettext
from wagtail.log_actions import LogFormatter
from wagtail.log_actions import log as wagtail_log

from core.http import client_address

from .models import CaseData, Party, StaffMember

CASE_VIEW = "procon.case_view"
EXPORT = "procon.export"


class AccessLogFormatter(LogFormatter):
    """The entry's message, then what its data says: who outside the staff did
    it, which file, the detail and the client's address."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        notes = []
        if data.get("letter"):
            notes.append(gettext("with the code of letter %(letter)s") % data)
        elif data.get("representative"):
            notes.append(gettext("by a supplier representative, account %(representative)s") % data)
        elif data.get("party") == Party.CITIZEN:
            notes.append(gettext("by the consumer"))
        if data.get("attachment"):
            notes.append(gettext("file %(attachment)s") % data)
        if data.get("detail"):
            notes.append(str(data["detail"]))
        if data.get("ip"):
            notes.append(gettext("from %(ip)s") % data)
        message = str(self.message)
        return f"{message} ({'; '.join(notes)})" if notes else message


def register(actions, action, label, message):
    """Register an access-log action in a `register_log_actions` hook: `label`
    names it in the report's filter, `message` describes an entry."""
    formatter = type("Formatter", (AccessLogFormatter,), {"label": label, "message": message})
    actions.register_action(action)(formatter)


def _object(case, user):
    if case is not None:
        protocol = getattr(case, "protocol", None) or case.submission.protocol
        # Only the key is needed: the entry stores the content type, the id and
        # the label given here.
        return CaseData(pk=case.pk), protocol
    if user is None:
        raise ValueError("An access-log entry needs a case or a staff member.")
    return StaffMember(pk=user.pk), user.get_username()


def record(action, case=None, *, user=None, ip=None, detail="", **data):
    """Write an access-log entry about `case` (a Case or its Submission, which
    share the key) or, with no case, about `user`'s own action. `data` takes
    identifiers only (party, representative, letter, attachment)."""
    instance, title = _object(case, user)
    data = {key: value for key, value in data.items() if value not in (None, "")}
    if ip:
        data["ip"] = ip
    if detail:
        data["detail"] = detail[:255]
    return wagtail_log(instance, action, user=user, title=title, data=data)


def log(request, action, case=None, *, party=Party.STAFF, detail="", **data):
    """Record `action` done through `request`: by its signed-in staff member, or
    by an outside `party` (no user; `data` says who, e.g. `representative=` the
    account id or `letter=` the letter id)."""
    staff = party == Party.STAFF and request.user.is_authenticated
    return record(
        action,
        case,
        user=request.user if staff else None,
        ip=client_address(request) or None,
        detail=detail,
        party=None if staff else party,
        **data,
    )
