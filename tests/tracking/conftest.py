import itertools

import pytest

from forms.protocol import ProtocolNumber, issuable
from forms.submission import hash_access_code
from tests.inbox import conftest as inbox_fixtures

# The inbox's fixtures, shared here.
complaint_form = inbox_fixtures.complaint_form
make_form = inbox_fixtures.make_form
make_submission = inbox_fixtures.make_submission
attendant = inbox_fixtures.attendant
supervisor = inbox_fixtures.supervisor
other_attendant = inbox_fixtures.other_attendant

CODE = "ABCDE-23456"
# Sequences the site would issue (the inbox fixture numbers 1, 2, 3... include
# some that the check digit rules out, which the tracking page refuses to look up).
_numbers = (ProtocolNumber(2026, n) for n in itertools.count(5000) if issuable(2026, n))


@pytest.fixture
def make_case(make_submission):
    """A stored complaint whose access code is CODE, its case opened; `status`
    puts it straight into a workflow status."""

    def build(status=None, **columns):
        submission = make_submission(**columns)
        number = next(_numbers)
        submission.protocol, submission.sequence = str(number), number.sequence
        submission.access_code_hash = hash_access_code(CODE)
        if status:
            submission.status = status
        submission.save(update_fields=["protocol", "sequence", "access_code_hash", "status"])
        return submission.case

    return build


def sign_in(client, case, code=CODE):
    """Prove the case's protocol and code on the start page."""
    return client.post("/acompanhar/", {"protocol": case.submission.protocol, "access_code": code})
