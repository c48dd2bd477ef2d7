"""Filing through the API: the published forms with their whole definition, a
draft answered step by step, files attached per field, the review and the
submit. Every rule is the web's (forms.engine, forms.filing, forms.submission):
this module only carries JSON in and out.
"""

import uuid

from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Router, UploadedFile
from ninja.responses import Status
from wagtail.models import Site

from core.uploads import KINDS
from forms import attachments, engine, filing
from forms.attachments import NEW_FILES_KIND
from forms.documents import DocumentKind
from forms.emails import tracking_url
from forms.fields import ADDRESS_PARTS
from forms.models import Draft, FormPage
from forms.submission import submit

from .auth import OPTIONAL_CITIZEN, citizen_of, client_key
from .models import ApiDraft, IdempotentSubmit
from .problems import Problem
from .schemas import (
    AttachmentOut,
    DraftOut,
    FormOut,
    FormSummaryOut,
    ProblemOut,
    ReviewOut,
    StepIn,
    SubmitIn,
    SubmitOut,
)

router = Router(auth=client_key, tags=["Formulários e envio"])


def problems(*codes):
    """The problems an operation may answer: these and, for every call, a missing or
    wrong key (401) and too many calls (429)."""
    return {frozenset({401, 429, *codes}): ProblemOut}


# --- the forms -------------------------------------------------------------------
def _site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def published_forms(request):
    site = _site(request)
    if site is None:
        return FormPage.objects.none()
    return (
        FormPage.objects.live()
        .public()
        .descendant_of(site.root_page, inclusive=True)
        .order_by("path")
    )


def _form_page(request, form_id) -> FormPage:
    page = published_forms(request).filter(pk=form_id).first()
    if page is None:
        raise Problem(404, _("There is no published form with this number."), slug="formulario")
    return page


def _summary(request, page):
    return {
        "id": page.pk,
        "titulo": page.title,
        "tipo": page.kind,
        "endereco": request.build_absolute_uri(page.url),
    }


def _condition(condition):
    if condition is None:
        return None
    return {"campo": condition.field, "operador": condition.operator, "valor": condition.value}


def _options(form_field):
    choices = getattr(form_field, "choices", None)
    if choices is None:
        return None
    options = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # a group
            options += [
                {"valor": str(v), "rotulo": str(lab), "grupo": str(value)} for v, lab in label
            ]
        elif str(value) != "":  # not the "Choose…" line
            options.append({"valor": str(value), "rotulo": str(label), "grupo": None})
    return options


def _files(form_field):
    kinds = list(form_field.kinds)
    asks = form_field.asks_kind
    return {
        "tipos": kinds,
        "tipos_mime": sorted({mime for k in kinds if k in KINDS for mime in KINDS[k].mimes}),
        "tamanho_maximo_mb": form_field.max_bytes // (1024 * 1024),
        "maximo_arquivos": form_field.max_files,
        "pergunta_tipo_documento": asks,
        "tipo_documento": None if asks else form_field.document_kind,
        "tipos_documento": [
            {"valor": value, "rotulo": str(label), "grupo": None}
            for value, label in DocumentKind.choices
        ],
    }


def _field(spec, form_field):
    shape = spec.block.json_shape
    return {
        "tipo": spec.block.type_name,
        "condicao": _condition(spec.condition),
        "chave": spec.key,
        "rotulo": spec.value["label"],
        "ajuda": spec.value.get("help_text") or "",
        "obrigatorio": bool(spec.value.get("required")),
        "papel": spec.value.get("role") or "",
        "formato_resposta": shape,
        "opcoes": _options(form_field) if shape in ("text", "list") else None,
        "partes": (
            [{"valor": p.name, "rotulo": str(p.label), "grupo": None} for p in ADDRESS_PARTS]
            if shape == "address"
            else None
        ),
        "arquivos": _files(form_field) if shape == "files" else None,
        "valor_inicial": None if form_field.initial in (None, "") else str(form_field.initial),
        "bloqueado": bool(form_field.disabled),
    }


def _item(item, form_fields):
    if item.is_input:
        return _field(item, form_fields[item.key])
    return {
        "tipo": "informacao",
        "condicao": _condition(item.condition),
        "titulo": item.value.get("heading") or "",
        "texto_html": str(item.value.get("text") or ""),
    }


def _definition(request, page):
    context = {**page.form_context(request), "citizen": citizen_of(request)}
    steps = []
    for step in page.definition.steps:
        form = engine.StepForm(step, {}, context=context)
        steps.append(
            {
                "numero": step.number,
                "titulo": step.title,
                "introducao_html": str(step.intro or ""),
                "condicao": _condition(step.condition),
                "itens": [_item(item, form.fields) for item in step.items],
            }
        )
    privacy = page.privacy_notice(page.agency_settings(request))
    return {
        **_summary(request, page),
        "introducao_html": str(page.intro or ""),
        "tempo_estimado": page.expected_time or "",
        "declaracao": page.declaration or "",
        "texto_botao_enviar": page.submit_button_text,
        "aviso_privacidade": request.build_absolute_uri(privacy.url) if privacy else "",
        "etapas": steps,
    }


@router.get(
    "/formularios",
    response={200: list[FormSummaryOut], **problems()},
    openapi_extra=OPTIONAL_CITIZEN,
)
def list_forms(request):
    """Os formulários publicados no site (reclamação, consulta, adesão...)."""
    return [_summary(request, page) for page in published_forms(request)]


@router.get(
    "/formularios/{form_id}",
    response={200: FormOut, **problems(404, 422)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def form_definition(request, form_id: int):
    """O formulário inteiro, como os editores o definiram: etapas, campos (tipo, chave,
    rótulo, ajuda, opções, obrigatoriedade, condições, arquivos aceitos) e textos.
    Um app o desenha a partir daqui, sem mudar de código quando os editores mudam."""
    return _definition(request, _form_page(request, form_id))


# --- drafts ----------------------------------------------------------------------
def _draft(request, draft_id) -> Draft:
    try:
        draft_id = uuid.UUID(draft_id)
    except ValueError:
        raise Problem(404, _("There is no draft with this identifier."), slug="rascunho") from None
    link = (
        ApiDraft.objects.select_related("draft__page")
        .filter(draft_id=draft_id, client=request.auth)
        .first()
    )
    if link is not None and link.citizen_cpf:
        # Started by a signed-in citizen: it answers to that citizen only.
        person = citizen_of(request)
        if person is None or person.cpf != link.citizen_cpf:
            link = None
    if link is None:
        raise Problem(404, _("There is no draft with this identifier."), slug="rascunho")
    draft = link.draft
    if draft.is_expired:
        raise Problem(410, _("This draft has expired. Start a new one."), slug="rascunho-expirado")
    if not draft.page.live:
        raise Problem(410, _("This form is no longer published."), slug="formulario-retirado")
    return draft


def _writable(draft):
    if draft.submission_id:
        raise Problem(
            409,
            _("This draft was already sent."),
            slug="ja-enviado",
            protocolo=draft.submission.protocol,
        )


def _attachment(attachment):
    return {
        "id": str(attachment.pk),
        "campo": attachment.field_key,
        "nome": attachment.original_name,
        "tamanho": attachment.size,
        "tipo_conteudo": attachment.content_type,
        "tipo_documento": attachment.kind or "",
    }


def _draft_state(draft):
    states, _tokens = engine.progress(draft.page.definition, draft.steps)
    pending = [s.step for s in states if s.visible and not s.complete]
    return {
        "id": str(draft.pk),
        "formulario": draft.page_id,
        "criado_em": draft.created_at,
        "expira_em": draft.expires_at,
        "etapas": [
            {
                "numero": s.step.number,
                "titulo": s.step.title,
                "visivel": s.visible,
                "completa": s.complete,
                "respostas": draft.steps[str(s.step.index)]["answers"] if s.complete else None,
            }
            for s in states
        ],
        "proxima_etapa": pending[0].number if pending else None,
        "anexos": [
            _attachment(a) for items in attachments.draft_attachments(draft).values() for a in items
        ],
        "protocolo": draft.submission.protocol if draft.submission_id else None,
    }


@router.post(
    "/formularios/{form_id}/rascunhos",
    response={201: DraftOut, **problems(404, 422)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def create_draft(request, form_id: int):
    """Começa um rascunho do formulário. Ele guarda as etapas respondidas até o envio
    e expira como os rascunhos do site."""
    page = _form_page(request, form_id)
    person = citizen_of(request)
    with transaction.atomic():
        draft = Draft.objects.create(page=page)
        ApiDraft.objects.create(
            draft=draft, client=request.auth, citizen_cpf=person.cpf if person else ""
        )
    return Status(201, _draft_state(draft))


@router.get(
    "/rascunhos/{draft_id}",
    response={200: DraftOut, **problems(404, 410)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def read_draft(request, draft_id: str):
    """O rascunho: cada etapa (se se aplica, se está completa, as respostas), a próxima
    etapa a responder e os arquivos anexados."""
    return _draft_state(_draft(request, draft_id))


def _errors(form, first=None):
    """{key: [messages]} of a step: `first` (answers of the wrong shape, refused
    files) instead of what the form says of the same keys."""
    errors = {key: [str(m) for m in messages] for key, messages in (first or {}).items()}
    for key, messages in form.errors.items():
        key = "geral" if key == "__all__" else key
        if key not in errors:
            errors[key] = [str(m) for m in messages]
    return errors


def _step(draft, number):
    steps = draft.page.definition.steps
    if not 1 <= number <= len(steps):
        raise Problem(
            404, _("This form has no step %(number)s.") % {"number": number}, slug="etapa"
        )
    step = steps[number - 1]
    blocking = filing.blocking_step(draft.page.definition, draft.steps, step)
    if blocking is not None and blocking.index != step.index:
        raise Problem(
            409,
            _("Answer step %(number)s first.") % {"number": blocking.number},
            slug="etapa-fora-de-ordem",
            etapa=blocking.number,
        )
    if blocking is not None:
        raise Problem(
            409,
            _("This step does not apply given the answers so far."),
            slug="etapa-nao-se-aplica",
            etapa=step.number,
        )
    return step


def _context(request, draft):
    return {**draft.page.form_context(request), "draft": draft, "citizen": citizen_of(request)}


@router.put(
    "/rascunhos/{draft_id}/etapas/{number}",
    response={200: DraftOut, **problems(404, 409, 410, 422)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def answer_step(request, draft_id: str, number: int, body: StepIn):
    """Responde uma etapa, com a mesma conferência e as mesmas mensagens do site. Uma
    etapa só pode ser respondida depois das anteriores que se aplicam; respondê-la de
    novo substitui as respostas."""
    draft = _draft(request, draft_id)
    _writable(draft)
    step = _step(draft, number)
    data, shape_errors = engine.input_from_json(step, body.respostas)
    tokens = engine.prior_tokens(draft.page.definition, draft.steps, step.index)
    with transaction.atomic():
        form, upload_errors = filing.bind_step(step, tokens, _context(request, draft), draft, data)
        if form.is_valid() and not upload_errors and not shape_errors:
            filing.save_step(draft.page, draft, step, form)
            return Status(200, _draft_state(draft))
    raise Problem(
        422,
        _("Some answers of step %(number)s need attention.") % {"number": step.number},
        slug="respostas",
        errors=_errors(form, {**shape_errors, **upload_errors}),
        etapa=step.number,
    )


@router.post(
    "/rascunhos/{draft_id}/anexos",
    response={201: AttachmentOut, **problems(404, 409, 410, 413, 422)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def attach(
    request,
    draft_id: str,
    campo: Form[str],
    arquivo: File[UploadedFile],
    tipo_documento: Form[str] = "",
):
    """Anexa um arquivo a um campo de arquivos (multipart/form-data), conferido como no
    site (tipo pelo conteúdo, tamanho, quantidade). Quando o campo pergunta o tipo de
    documento, tipo_documento é obrigatório."""
    draft = _draft(request, draft_id)
    _writable(draft)
    spec = draft.page.definition.fields.get(campo)
    if spec is None or spec.block.json_shape != "files":
        raise Problem(
            422,
            _("This form has no file field “%(key)s”.") % {"key": campo},
            slug="campo",
            errors={"campo": [_("Give the key of a file field.")]},
        )
    step = _step(draft, spec.step_index + 1)
    tokens = engine.prior_tokens(draft.page.definition, draft.steps, step.index)
    form = engine.StepForm(step, tokens, context=_context(request, draft))
    field = form.fields[campo]
    data = MultiValueDict()
    if field.asks_kind:
        if tipo_documento not in DocumentKind.values:
            raise Problem(
                422,
                _("Say what the file is."),
                slug="tipo-documento",
                errors={
                    "tipo_documento": [
                        _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(DocumentKind.values)}
                    ]
                },
            )
        data.setlist(NEW_FILES_KIND.format(key=campo), [tipo_documento])
    before = {a.pk for a in field.attached()}
    with transaction.atomic():
        errors = attachments.receive(
            draft, step, MultiValueDict({campo: [arquivo]}), [], form.fields, data=data
        )
    if errors:
        raise Problem(
            422, " ".join(errors[campo]), slug="arquivo", errors=errors, etapa=step.number
        )
    added = [a for a in field.attached() if a.pk not in before]
    return Status(201, _attachment(added[-1]))


@router.delete(
    "/rascunhos/{draft_id}/anexos/{attachment_id}",
    response={204: None, **problems(404, 409, 410)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def detach(request, draft_id: str, attachment_id: str):
    """Retira um arquivo do rascunho (e o apaga)."""
    draft = _draft(request, draft_id)
    _writable(draft)
    found = [
        a
        for items in attachments.draft_attachments(draft).values()
        for a in items
        if str(a.pk) == attachment_id
    ]
    if not found:
        raise Problem(404, _("This draft has no such file."), slug="anexo")
    found[0].delete()
    attachments.forget_attachments(draft)
    return Status(204, None)


def _validation(request, draft):
    validation = engine.validate_all(draft.page.definition, draft.steps, _context(request, draft))
    if not validation.ok:
        step = validation.failed_step
        raise Problem(
            409,
            _("Step %(number)s needs attention before sending.") % {"number": step.number},
            slug="etapa-pendente",
            errors=_errors(validation.failed_form) if str(step.index) in draft.steps else None,
            etapa=step.number,
        )
    return validation


@router.get(
    "/rascunhos/{draft_id}/revisao",
    response={200: ReviewOut, **problems(404, 409, 410)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def review(request, draft_id: str):
    """Confira as respostas: cada etapa que se aplica, com as respostas como a pessoa as
    lê, e a declaração a confirmar. Conferidas de novo: o formulário pode ter mudado."""
    draft = _draft(request, draft_id)
    _writable(draft)
    validation = _validation(request, draft)
    return {
        "etapas": [
            {
                "numero": step.number,
                "titulo": step.title,
                "respostas": [
                    {"chave": spec.key, "rotulo": spec.label, "resposta": text}
                    for spec, text in items
                ],
            }
            for step, items in engine.review_rows(draft.page.definition, validation)
        ],
        "declaracao": draft.page.declaration or "",
        "texto_botao_enviar": draft.page.submit_button_text,
    }


def _sent(submission, draft):
    return {
        "protocolo": submission.protocol,
        "codigo_acesso": draft.access_code if not draft.is_expired else None,
        "situacao": submission.status,
        "acompanhamento": tracking_url(submission.protocol),
    }


@router.post(
    "/rascunhos/{draft_id}/envio",
    response={201: SubmitOut, **problems(404, 409, 410, 422)},
    openapi_extra=OPTIONAL_CITIZEN,
)
def send(
    request,
    draft_id: str,
    body: SubmitIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Um valor novo por envio (ex.: um UUID). Repetir o pedido com a "
        "mesma chave devolve o mesmo protocolo, sem criar outro caso.",
    ),
):
    """Envia o rascunho: confere tudo de novo, cria o caso e devolve o protocolo e o
    código de acesso. Seguro de repetir com o mesmo Idempotency-Key."""
    draft = _draft(request, draft_id)
    earlier = (
        IdempotentSubmit.objects.select_related("submission")
        .filter(client=request.auth, key=idempotency_key)
        .first()
    )
    if earlier is not None:
        if earlier.draft_id != draft.pk:
            raise Problem(
                422,
                _("This Idempotency-Key was used for another draft. Use a new one."),
                slug="chave-idempotencia",
            )
        draft.refresh_from_db()
        return Status(201, _sent(earlier.submission, draft))
    _writable(draft)
    validation = _validation(request, draft)
    if draft.page.declaration and not body.declaracao_confirmada:
        raise Problem(
            422,
            _("Confirm the declaration to send."),
            slug="declaracao",
            errors={"declaracao_confirmada": [_("Confirm the declaration to send.")]},
        )
    try:
        with transaction.atomic():
            submission, _created = submit(
                draft, validation, agency=draft.page.agency_settings(request)
            )
            IdempotentSubmit.objects.create(
                client=request.auth, key=idempotency_key, draft=draft, submission=submission
            )
    except IntegrityError:
        # The same key sent twice at once: the other request stored the case.
        earlier = get_object_or_404(IdempotentSubmit, client=request.auth, key=idempotency_key)
        draft.refresh_from_db()
        return Status(201, _sent(earlier.submission, draft))
    return Status(201, _sent(submission, draft))
