"""Every role x every inbox URL; editors never see a submission anywhere."""

import pytest
from django.urls import reverse

from inbox.models import AuditLogEntry, WorkflowSettings
from inbox.statuses import Status

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "editor", "attendant", "attendant_of_other_case", "supervisor"]


@pytest.fixture
def world(make_submission, editor, attendant, other_attendant, supervisor):
    open_case = make_submission().case  # unassigned
    taken = make_submission().case
    taken.assignee = other_attendant
    taken.save()
    return {
        "users": {
            "anonymous": None,
            "editor": editor,
            "attendant": attendant,
            "attendant_of_other_case": attendant,
            "supervisor": supervisor,
        },
        "open": open_case,
        "taken": taken,
    }


def case_for(world, role):
    return world["taken"] if role == "attendant_of_other_case" else world["open"]


# (name, method, url builder, data builder, roles allowed)
WORK = {"attendant", "supervisor"}
SUPERVISE = {"supervisor"}
URLS = [
    ("index", "get", lambda c: reverse("inbox:index"), None, WORK | {"attendant_of_other_case"}),
    (
        "index_results",
        "get",
        lambda c: reverse("inbox:index_results"),
        None,
        WORK | {"attendant_of_other_case"},
    ),
    ("case", "get", lambda c: reverse("inbox:case", args=[c.pk]), None, WORK),
    (
        "action",
        "post",
        lambda c: reverse("inbox:action", args=[c.pk]),
        {"action": "accept"},
        WORK,
    ),
    ("assign", "post", lambda c: reverse("inbox:assign", args=[c.pk]), {"assignee": "me"}, WORK),
    ("note", "post", lambda c: reverse("inbox:note", args=[c.pk]), {"text": "nota"}, WORK),
    ("message", "post", lambda c: reverse("inbox:message", args=[c.pk]), {"text": "olá"}, WORK),
    (
        "message_supplier",
        "post",
        lambda c: reverse("inbox:message_supplier", args=[c.pk]),
        {"text": "olá"},
        WORK,
    ),
    (
        "bulk",
        "post",
        lambda c: reverse("inbox:bulk"),
        {"ids": "CASE", "operation": "spam"},
        WORK | {"attendant_of_other_case"},  # reaches the view; another's case is skipped
    ),
    ("export_csv", "get", lambda c: reverse("inbox:export", args=["csv"]), None, SUPERVISE),
    ("export_xlsx", "get", lambda c: reverse("inbox:export", args=["xlsx"]), None, SUPERVISE),
    ("audit", "get", lambda c: reverse("inbox:audit"), None, SUPERVISE),
    ("audit_results", "get", lambda c: reverse("inbox:audit_results"), None, SUPERVISE),
    (
        "reason_templates",
        "get",
        lambda c: reverse("wagtailsnippets_inbox_reasontemplate:list"),
        None,
        SUPERVISE,
    ),
    (
        "deadline_settings",
        "get",
        lambda c: reverse(
            "wagtailsettings:edit", args=["inbox", "workflowsettings", WorkflowSettings.load().pk]
        ),
        None,
        SUPERVISE,
    ),
]


def changed(world):
    """What a request may have changed, to tell a refused request from a done one."""
    out = []
    for key in ("open", "taken"):
        case = world[key]
        case.refresh_from_db()
        case.submission.refresh_from_db()
        out.append((case.submission.status, case.assignee_id, case.events.count()))
    return out


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "method", "url", "data", "allowed"), URLS, ids=[u[0] for u in URLS]
)
def test_permission_matrix(client, world, role, name, method, url, data, allowed):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    case = case_for(world, role)
    if data and data.get("ids") == "CASE":
        data = {**data, "ids": str(case.pk)}
    before = changed(world)
    response = getattr(client, method)(url(case), data or {})
    if role in allowed:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert response["Location"] not in ("/admin/", "/admin/login/"), response["Location"]
            assert not response["Location"].startswith("/admin/login/")
        if method == "post":
            assert (changed(world) != before) == (role in WORK)
    else:
        assert response.status_code in (302, 403)
        if response.status_code == 302:
            assert response["Location"] == "/admin/" or response["Location"].startswith(
                "/admin/login/"
            )
        assert changed(world) == before


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
    entry = AuditLogEntry.objects.get(action="case.view")
    assert entry.user == attendant
    assert entry.object_id == str(world["open"].pk)
    assert entry.ip_address == "127.0.0.1"
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
