"""An attendant works a new complaint from triage to the supplier in the admin."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from forms.models import FormKind, FormPage, Submission
from forms.protocol import ProtocolNumber
from forms.signals import submission_created
from inbox.permissions import ATTENDANTS
from tests.inbox.conftest import ensure_roles


def new_complaint():
    page = FormPage.objects.filter(kind=FormKind.COMPLAINT).first()
    number = ProtocolNumber(2026, 777)
    with transaction.atomic():
        submission = Submission.objects.create(
            page=page,
            form_data={},
            protocol=str(number),
            year=number.year,
            sequence=number.sequence,
            kind=FormKind.COMPLAINT,
            schema=page.definition.schema(),
            access_code_hash="x",
            consumer_name="Maria da Silva",
            consumer_email="maria@example.com",
            supplier_name="Loja Exemplo",
        )
        submission_created.send(sender=Submission, submission=submission)
    return submission


def test_attendant_triages_assigns_notes_messages_and_forwards(page, live_server):
    submission = new_complaint()
    user = get_user_model().objects.create_user(
        "atendente", "atendente@procon.example", "senha-forte-123", first_name="Ana"
    )
    ensure_roles()
    user.groups.add(Group.objects.get(name=ATTENDANTS))

    page.goto("/admin/login/")
    page.fill("#id_username", "atendente")
    page.fill("#id_password", "senha-forte-123")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/casos/?status=received")
    page.get_by_role("link", name=submission.protocol).click()
    page.wait_for_url(re.compile(rf"/admin/casos/{submission.pk}/$"))

    page.get_by_role("button", name="Aceitar").click()
    page.get_by_text("Situação alterada para “em análise”").wait_for()
    page.get_by_role("button", name="Atribuir a mim").click()
    page.get_by_text("Atribuição salva.").wait_for()
    page.fill("#note-text", "Consumidora ligou; anexar nota fiscal depois.")
    page.get_by_role("button", name="Adicionar nota").click()
    page.get_by_text("Nota interna adicionada.").wait_for()
    page.fill("#message-text", "Recebemos sua reclamação e vamos notificar a empresa.")
    page.get_by_role("button", name="Enviar mensagem").click()
    page.get_by_text("Mensagem enviada ao cidadão.").wait_for()
    page.get_by_role("button", name="Encaminhar ao fornecedor").click()
    page.get_by_text("Situação alterada para “notificada ao fornecedor”").wait_for()

    assert page.get_by_test_id("case-status").inner_text() == "notificada ao fornecedor"
    assert page.get_by_test_id("case-assignee").inner_text() == "Ana"
    items = page.get_by_test_id("timeline").locator("li")
    kinds = [
        (
            items.nth(i).get_attribute("data-event-kind"),
            items.nth(i).get_attribute("data-event-action"),
        )
        for i in range(items.count())
    ]
    assert kinds == [
        ("opened", ""),
        ("transition", "accept"),
        ("assignment", ""),
        ("note", ""),
        ("message", ""),
        ("transition", "forward_to_supplier"),
        # No enrolled supplier: a letter, and the deadline waits for its delivery.
        ("transition", "hold_supplier_deadline"),
    ]
    timeline = page.get_by_test_id("timeline").inner_text()
    assert "anexar nota fiscal" in timeline and "vamos notificar a empresa" in timeline
