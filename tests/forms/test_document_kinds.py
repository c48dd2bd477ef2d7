"""The kind of each file (identity document, proof of purchase, other): chosen by
the citizen at upload or fixed by the field, deciding whether the supplier
receives it by default; and the data migration that gave existing files theirs."""

import re
from importlib import import_module

import pytest
from django.apps import apps

from forms.blocks import FileBlock
from forms.demo import field, step
from forms.documents import ASK, DocumentKind, field_kind, shared_by_default
from forms.models import Attachment, Draft, Submission

from .files import jpeg, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def kinds_form(make_form):
    """One field that asks the citizen, one fixed to identity documents."""
    return make_form(
        [
            step(
                "Documentos",
                [
                    field("singleline", "Nome", "nome", role="consumer_name"),
                    field(
                        "file",
                        "Documento de identidade",
                        "identidade",
                        required=False,
                        kinds=["pdf", "jpeg"],
                        document_kind="identity",
                    ),
                    field(
                        "file",
                        "Outros documentos",
                        "documentos",
                        required=False,
                        kinds=["pdf", "jpeg"],
                        document_kind="ask",
                    ),
                ],
            ),
            step("Relato", [field("multiline", "O que aconteceu?", "relato")]),
        ],
        slug="com-tipos",
    )


def post_step(client, page, data, number=1):
    return client.post(f"{page.url}etapa/{number}/", data)


def by_name():
    return {a.original_name: a for a in Attachment.objects.all()}


def test_sharing_by_default_follows_the_kind():
    assert not shared_by_default(DocumentKind.IDENTITY)
    assert shared_by_default(DocumentKind.PURCHASE_PROOF)
    assert shared_by_default(DocumentKind.OTHER)
    assert not shared_by_default("")  # not said yet: not shared


def test_the_step_asks_the_kind_in_a_fieldset_and_says_a_fixed_one(client, kinds_form):
    html = client.get(f"{kinds_form.url}etapa/1/").content.decode()
    # The asking field: one radio group with a legend, no choice made for the citizen.
    fieldset = re.search(r'<fieldset class="mt-2 document-kind".*?</fieldset>', html, re.S)
    assert fieldset and "<legend" in fieldset.group(0)
    assert "O que são os arquivos que você está anexando agora?" in fieldset.group(0)
    radios = re.findall(r'<input[^>]*name="tipo-documentos"[^>]*>', fieldset.group(0))
    assert len(radios) == 3 and not any("checked" in radio for radio in radios)
    for radio in radios:
        radio_id = re.search(r'id="([^"]+)"', radio).group(1)
        assert f'<label class="form-check-label" for="{radio_id}">' in fieldset.group(0)
    # The fixed field: no question, the kind said next to the picker.
    assert 'name="tipo-identidade"' not in html
    assert "Tipo de documento: Documento de identidade." in html
    assert "não é enviado à empresa" in html


def test_the_citizen_chooses_the_kind_at_upload(client, kinds_form):
    response = post_step(
        client,
        kinds_form,
        {
            "nome": "Maria",
            "identidade": [jpeg("rg.jpg")],
            "documentos": [pdf("nota.pdf")],
            "tipo-documentos": "purchase_proof",
        },
    )
    assert response.status_code == 302
    files = by_name()
    assert files["rg.jpg"].kind == "identity" and not files["rg.jpg"].shared_with_supplier
    assert files["nota.pdf"].kind == "purchase_proof" and files["nota.pdf"].shared_with_supplier
    # The step lists the asked field's file with its kind chosen, and a label for it.
    html = client.get(f"{kinds_form.url}etapa/1/").content.decode()
    pk = files["nota.pdf"].pk
    select = re.search(rf'<select[^>]*name="tipo-anexo-{pk}".*?</select>', html, re.S).group(0)
    assert 'value="purchase_proof" selected' in select
    assert f'<label class="form-label mb-0" for="tipo_{pk}">' in html
    assert f'name="tipo-anexo-{files["rg.jpg"].pk}"' not in html  # fixed: nothing to choose


def test_a_file_sent_without_its_kind_is_kept_and_asked_for(client, kinds_form):
    response = post_step(client, kinds_form, {"nome": "Maria", "documentos": [jpeg("foto.jpg")]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Diga o que é “foto.jpg”: escolha o tipo de documento." in html
    assert html.count("Diga o que é “foto.jpg”") >= 2  # next to the field and in the summary
    attachment = Attachment.objects.get()  # nothing lost
    assert attachment.kind == "" and not attachment.shared_with_supplier
    assert "Escolha…" in html

    # Choosing it in the list (no new file) lets the step through.
    response = post_step(
        client, kinds_form, {"nome": "Maria", f"tipo-anexo-{attachment.pk}": "identity"}
    )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.kind == "identity" and not attachment.shared_with_supplier


def test_the_citizen_corrects_a_kind_and_its_sharing_follows(client, kinds_form):
    post_step(
        client,
        kinds_form,
        {"nome": "Maria", "documentos": [jpeg("cnh.jpg")], "tipo-documentos": "other"},
    )
    attachment = Attachment.objects.get()
    assert attachment.shared_with_supplier
    post_step(client, kinds_form, {"nome": "Maria", f"tipo-anexo-{attachment.pk}": "identity"})
    attachment.refresh_from_db()
    assert attachment.kind == "identity" and not attachment.shared_with_supplier
    # A value that is no kind changes nothing.
    post_step(client, kinds_form, {"nome": "Maria", f"tipo-anexo-{attachment.pk}": "bogus"})
    attachment.refresh_from_db()
    assert attachment.kind == "identity"


def test_kinds_go_with_the_submission_and_read_on_the_review(client, kinds_form):
    post_step(
        client,
        kinds_form,
        {
            "nome": "Maria",
            "identidade": [jpeg("rg.jpg")],
            "documentos": [pdf("recibo.pdf")],
            "tipo-documentos": "purchase_proof",
        },
    )
    client.post(f"{kinds_form.url}etapa/2/", {"relato": "Produto com defeito."})
    review = client.get(f"{kinds_form.url}revisar/").content.decode()
    assert "recibo.pdf (" in review and "): Comprovante de compra" in review
    client.post(f"{kinds_form.url}revisar/", {})
    submission = Submission.objects.get()
    files = {a.original_name: a for a in submission.attachments.all()}
    assert files["rg.jpg"].kind == "identity" and not files["rg.jpg"].shared_with_supplier
    assert files["recibo.pdf"].shared_with_supplier
    assert submission.form_data["documentos"][0]["kind"] == "purchase_proof"
    assert submission.schema["steps"][0]["fields"][1]["document_kind"] == "identity"


def test_a_fixed_kind_set_after_the_upload_is_given_at_submit(client, kinds_form):
    post_step(
        client,
        kinds_form,
        {"nome": "Maria", "identidade": [jpeg("rg.jpg")]},
    )
    # As if the file had been attached before an editor fixed the field's kind.
    Attachment.objects.update(kind="other", shared_with_supplier=True)
    client.post(f"{kinds_form.url}etapa/2/", {"relato": "Produto com defeito."})
    client.post(f"{kinds_form.url}revisar/", {})
    attachment = Submission.objects.get().attachments.get()
    assert attachment.kind == "identity" and not attachment.shared_with_supplier


def test_save_later_keeps_the_chosen_kind(client, kinds_form):
    client.post(
        f"{kinds_form.url}etapa/1/",
        {
            "nome": "",
            "documentos": [pdf("nota.pdf")],
            "tipo-documentos": "purchase_proof",
            "continuar_depois": "1",
        },
    )
    assert Draft.objects.exists()
    assert Attachment.objects.get().kind == "purchase_proof"


def test_the_field_block_keeps_its_kind_in_the_snapshot():
    block = FileBlock()
    value = block.to_python({"label": "RG", "key": "rg", "document_kind": "identity"})
    assert block.definition(value)["document_kind"] == "identity"
    assert block.to_python({"label": "Docs", "key": "docs"})["document_kind"] == ASK
    # A snapshot from before the setting existed: its files were the supplier's.
    assert field_kind({"key": "docs", "type": "file"}) == DocumentKind.OTHER
    assert field_kind({"document_kind": "ask"}) == ASK


# --- the data migration ------------------------------------------------------------------

MIGRATION = import_module("forms.migrations.0008_attachment_kind_and_sharing")


@pytest.mark.parametrize(
    ("label", "key", "identity"),
    [
        ("Documento de identidade", "documento", True),
        ("RG ou CNH", "docs", True),
        ("Foto da CNH", "foto", True),
        ("Anexo", "documento_identidade", True),
        ("Documentos", "documentos", False),
        ("Comprovante de compra", "comprovante", False),
        ("Cargo", "org", False),  # "rg" only as a whole word
    ],
)
def test_the_migration_knows_an_identity_field_by_its_label_or_key(label, key, identity):
    assert MIGRATION.is_identity_field(label, key) is identity


def test_the_migration_classifies_existing_files(make_submission_with_files):
    submission = make_submission_with_files
    MIGRATION.classify(apps, None)
    files = {a.original_name: a for a in Attachment.objects.all()}
    assert (files["rg.jpg"].kind, files["rg.jpg"].shared_with_supplier) == ("identity", False)
    assert (files["nota.pdf"].kind, files["nota.pdf"].shared_with_supplier) == ("other", True)
    assert (files["msg.pdf"].kind, files["msg.pdf"].shared_with_supplier) == ("other", False)
    assert files["resposta.pdf"].shared_with_supplier
    assert submission.attachments.count() == 4


@pytest.fixture
def make_submission_with_files(make_form):
    from forms.protocol import ProtocolNumber

    page = make_form(
        [
            step(
                "Documentos",
                [
                    field("file", "Documento de identidade (RG)", "rg", kinds=["jpeg"]),
                    field("file", "Documentos", "documentos", kinds=["pdf"]),
                ],
            )
        ],
        slug="antigo",
    )
    number = ProtocolNumber(2026, 777)
    submission = Submission.objects.create(
        page=page,
        form_data={},
        protocol=str(number),
        year=number.year,
        sequence=number.sequence,
        kind=page.kind,
        schema=page.definition.schema(),
        access_code_hash="x",
    )
    for name, key in [
        ("rg.jpg", "rg"),
        ("nota.pdf", "documentos"),
        ("msg.pdf", "mensagem"),
        ("resposta.pdf", "supplier_answer"),
    ]:
        Attachment.objects.create(
            submission=submission,
            field_key=key,
            original_name=name,
            content_type="application/pdf",
            size=1,
            sha256="0" * 64,
            storage_name=f"x/{name}",
            # As the rows were before the migration: the column defaults.
            kind="other",
            shared_with_supplier=True,
        )
    return submission
