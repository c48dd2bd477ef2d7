"""Inbox permissions beyond the access matrix (tests/security/, which tries every
role on every inbox URL): editors never see a submission anywhere; lists, the
audit of reads, reassignment."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from inbox.models import CaseData
from inbox.statuses import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(make_submission, other_attendant):
    open_case = make_submission().case  # unassigned
    taken = make_submission().case
    taken.assignee = other_attendant
    taken.save()
    return {"open": open_case, "taken": taken}


def test_editors_see_no_submission_anywhere(client, editor, make_submission):
    submission = make_submission(consumer_name="Fulana Secreta")
    client.force_login(editor)
    home = client.get("/admin/")
    assert home.status_code == 200
    html = home.content.decode()
    assert "Fulana Secreta" not in html and submission.protocol not in html
    assert reverse("inbox:index") not in html  # no menu item, no dashboard panel
    stock = client.get(reverse("wagtailforms:index"))
    assert submission.page.title not in stock.content.decode()
    stock_list = client.get(reverse("wagtailforms:list_submissions", args=[submission.page_id]))
    assert stock_list.status_code in (302, 403)
    search = client.get("/admin/pages/search/", {"q": "Fulana"})
    assert "Fulana Secreta" not in search.content.decode()


def test_attendants_list_only_their_own_and_unassigned_cases(client, world, attendant, supervisor):
    client.force_login(attendant)
    html = client.get(reverse("inbox:index")).content.decode()
    assert world["open"].submission.protocol in html
    assert world["taken"].submission.protocol not in html
    client.force_login(supervisor)
    html = client.get(reverse("inbox:index")).content.decode()
    assert world["taken"].submission.protocol in html


def test_reading_a_case_is_audit_logged_without_personal_data(client, world, attendant):
    client.force_login(attendant)
    client.get(reverse("inbox:case", args=[world["open"].pk]))
    entry = ModelLogEntry.objects.get(action="procon.case_view")
    assert entry.user == attendant
    assert entry.content_type == ContentType.objects.get_for_model(CaseData, False)
    assert entry.object_id == str(world["open"].pk)
    assert entry.label == world["open"].submission.protocol
    assert entry.data == {"ip": "127.0.0.1"}
    assert "52998224725" not in str(entry.__dict__)


def test_only_supervisors_reassign(client, world, attendant, other_attendant, supervisor):
    client.force_login(attendant)
    url = reverse("inbox:assign", args=[world["open"].pk])
    client.post(url, {"assignee": str(other_attendant.pk)})
    world["open"].refresh_from_db()
    assert world["open"].assignee is None
    client.force_login(supervisor)
    client.post(url, {"assignee": str(other_attendant.pk)})
    world["open"].refresh_from_db()
    assert world["open"].assignee == other_attendant
    assert world["open"].submission.status == Status.RECEIVED
