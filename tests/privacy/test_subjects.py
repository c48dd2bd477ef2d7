"""Data-subject requests: find by CPF or email across cases, export, anonymise."""

import json

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import OutboundEmail
from forms.models import Draft, Submission
from privacy import subjects
from privacy.models import Anonymisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def joana(person_case, complaint_form):
    first = person_case("Joana Silva", "11144477735", "joana@example.com", secret="um")
    # A second case with only the email, typed in capitals, and another form's kind.
    second = person_case("Joana S.", "", "JOANA@example.com", status="in_analysis", secret="dois")
    unsent = Draft.objects.create(
        page=complaint_form, steps={"0": {"raw": {"cpf": "111.444.777-35"}, "answers": {}}}
    )
    OutboundEmail.objects.create(kind="resume", to="joana@example.com", subject="Continue")
    other = person_case("Outra Pessoa", "52998224725", "outra@example.com", secret="tres")
    return {"first": first, "second": second, "unsent": unsent, "other": other}


def test_find_by_cpf_or_email_across_cases(joana):
    by_cpf = subjects.find(subjects.Identity(cpf="111.444.777-35"))
    assert list(by_cpf) == [joana["first"]]
    by_email = subjects.find(subjects.Identity(email=" Joana@Example.com "))
    assert set(by_email) == {joana["first"], joana["second"]}
    both = subjects.Identity(cpf="11144477735", email="joana@example.com")
    assert subjects.unsent_drafts(both) == [joana["unsent"]]
    assert not subjects.find(subjects.Identity())


def test_export_holds_everything_about_the_person(joana):
    data = subjects.export(subjects.Identity(cpf="11144477735", email="joana@example.com"))
    assert [item["protocol"] for item in data["submissions"]] == [
        joana["first"].protocol,
        joana["second"].protocol,
    ]
    first = data["submissions"][0]
    assert first["consumer_cpf"] == "11144477735"
    assert {"step": "Reclamação", "question": "O que aconteceu?", "answer": "Relato um"} in (
        first["answers"]
    )
    assert first["attachments"][0]["name"] == "rg-um.pdf"
    assert any("99999-0000" in event["text"] for event in first["events"])
    assert not any("Ligar para" in event["text"] for event in first["events"])  # internal note
    assert first["emails"][0]["to"] == "joana@example.com"
    assert data["unsent_forms"][0]["answers"] == {"0": {"cpf": "111.444.777-35"}}
    assert "Outra Pessoa" not in json.dumps(data)


def post(client, name, **data):
    return client.post(reverse(f"privacy:{name}"), data)


@pytest.mark.parametrize("role", ["anonymous", "editor", "attendant"])
def test_only_supervisors_reach_the_tools(client, joana, role, request):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    for name in ("search", "export", "anonymise"):
        response = post(client, name, cpf="11144477735", confirm="on")
        assert response.status_code in (302, 403), name
        if response.status_code == 302:
            location = response["Location"]
            assert location == "/admin/" or location.startswith("/admin/login/")
    assert client.get(reverse("privacy:search")).status_code in (302, 403)
    assert not Anonymisation.objects.exists()
    assert not ModelLogEntry.objects.filter(action__startswith="procon.subject_").exists()


def test_supervisor_searches_exports_and_anonymises_with_confirmation(
    client, joana, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    page = post(client, "search", cpf="111.444.777-35", email="joana@example.com")
    html = page.content.decode()
    assert joana["first"].protocol in html and joana["second"].protocol in html
    assert joana["other"].protocol not in html

    export = post(client, "export", cpf="11144477735", email="joana@example.com")
    assert export["Content-Type"].startswith("application/json")
    assert "no-store" in export["Cache-Control"]
    assert len(json.loads(export.content)["submissions"]) == 2

    refused = post(client, "anonymise", cpf="11144477735", email="joana@example.com")
    assert refused.status_code == 400  # no confirmation ticked
    assert not Anonymisation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = post(client, "anonymise", cpf="11144477735", email="joana@example.com", confirm="on")
    assert done.status_code == 302
    for key in ("first", "second"):
        submission = Submission.objects.get(pk=joana[key].pk)
        assert submission.consumer_name == "" and submission.attachments.count() == 0
        assert submission.anonymisation.by == supervisor
    assert not Draft.objects.filter(pk=joana["unsent"].pk).exists()
    assert not OutboundEmail.objects.filter(to__iexact="joana@example.com").exists()
    assert Submission.objects.get(pk=joana["other"].pk).consumer_name == "Outra Pessoa"

    log = ModelLogEntry.objects.filter(action__startswith="procon.subject_")
    assert set(log.values_list("action", flat=True)) == {
        "procon.subject_search",
        "procon.subject_export",
        "procon.subject_anonymise",
    }
    search = log.get(action="procon.subject_search")
    assert search.data["detail"] == "cpf+email; 2 found"
    assert search.object_id == str(supervisor.pk)  # no case: the staff member's own action
    assert log.get(action="procon.subject_export").data["detail"] == "cpf+email; 2 submissions"
    anonymised = log.filter(action="procon.subject_anonymise")
    assert {entry.object_id for entry in anonymised} == {
        str(joana["first"].pk),
        str(joana["second"].pk),
    }
    for entry in log:
        assert entry.user == supervisor and entry.data["ip"] == "127.0.0.1"
        text = str(entry.__dict__).lower()
        assert "11144477735" not in text and "joana" not in text

    # The site history, where supervisors read the access log, shows them.
    report = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    for action in ("procon.subject_search", "procon.subject_export", "procon.subject_anonymise"):
        assert f'value="{action}"' in report  # the action filter offers what it lists
    assert joana["first"].protocol in report and joana["second"].protocol in report


def test_a_search_needs_an_identifier(client, supervisor):
    client.force_login(supervisor)
    response = post(client, "search", cpf="", email="")
    assert response.status_code == 200
    assert not ModelLogEntry.objects.filter(action__startswith="procon.").exists()
