"""Staff decide which of a case's files the supplier receives: each change of
sharing is an event on the case, and the case page shows kind and sharing."""

import pytest
from django.urls import reverse

from forms.models import Attachment
from inbox.files import set_sharing
from inbox.models import CaseEvent, EventKind, Visibility
from inbox.workflow import TransitionError

pytestmark = pytest.mark.django_db


def attach(submission, name, kind):
    return Attachment.create_for(
        type(
            "Checked",
            (),
            {"name": name, "content_type": "image/jpeg", "size": 10, "sha256": "0" * 64},
        ),
        f"x/{name}",
        kind=kind,
        submission=submission,
        field_key="documentos",
    )


@pytest.fixture
def identity(make_submission):
    return attach(make_submission(), "rg.jpg", "identity")


def test_sharing_a_file_writes_an_internal_event(identity, attendant):
    case = identity.submission.case
    event = set_sharing(case, identity, True, attendant)
    identity.refresh_from_db()
    assert identity.shared_with_supplier
    assert event.kind == EventKind.FILE_SHARING and event.visibility == Visibility.INTERNAL
    assert event.actor == attendant
    assert event.data == {
        "attachment_id": str(identity.pk),
        "name": "rg.jpg",
        "document_kind": "identity",
        "shared": True,
    }
    # Nothing changes, nothing is written.
    assert set_sharing(case, identity, True, attendant) is None
    stop = set_sharing(case, identity, False, attendant)
    assert stop.data["shared"] is False
    assert CaseEvent.objects.filter(case=case, kind=EventKind.FILE_SHARING).count() == 2
    # The event brings no file: the case's file list does not read it as one.
    assert "files" not in stop.data and "attachments" not in stop.data


def test_only_staff_who_may_work_the_case_change_sharing(
    identity, attendant, other_attendant, make_submission
):
    case = identity.submission.case
    case.assignee = attendant
    case.save()
    with pytest.raises(TransitionError):
        set_sharing(case, identity, True, other_attendant)
    other_case = make_submission().case
    with pytest.raises(TransitionError):
        set_sharing(other_case, identity, True, attendant)  # not that case's file
    identity.refresh_from_db()
    assert not identity.shared_with_supplier
    assert not CaseEvent.objects.filter(kind=EventKind.FILE_SHARING).exists()


def test_the_case_page_shows_kind_and_sharing_and_changes_it(client, identity, attendant):
    case = identity.submission.case
    client.force_login(attendant)
    html = client.get(reverse("inbox:case", args=[case.pk])).content.decode()
    assert "Documento de identidade" in html and "não compartilhado com o fornecedor" in html
    assert "Compartilhar com o fornecedor" in html

    url = reverse("inbox:file_sharing", args=[case.pk, identity.pk])
    response = client.post(url, {"shared": "1"}, follow=True)
    assert "“rg.jpg” agora é compartilhado com o fornecedor." in response.content.decode()
    identity.refresh_from_db()
    assert identity.shared_with_supplier
    html = client.get(reverse("inbox:case", args=[case.pk])).content.decode()
    assert "Parar de compartilhar com o fornecedor" in html
    assert 'data-event-kind="file_sharing"' in html


def test_sharing_needs_a_post_by_staff(client, identity, editor):
    case = identity.submission.case
    url = reverse("inbox:file_sharing", args=[case.pk, identity.pk])
    client.force_login(editor)
    assert client.post(url, {"shared": "1"}).status_code in (302, 403)  # no way in
    identity.refresh_from_db()
    assert not identity.shared_with_supplier
