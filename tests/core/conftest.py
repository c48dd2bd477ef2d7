from tests.inbox import conftest as inbox_fixtures

# The inbox's fixtures, shared here.
complaint_form = inbox_fixtures.complaint_form
make_form = inbox_fixtures.make_form
make_submission = inbox_fixtures.make_submission
