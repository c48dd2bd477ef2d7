"""Tracking through the API: a case's status and what it means, its deadline,
timeline, files and answers, and the citizen's actions (reply, send documents,
evaluate, withdraw, ask for another hearing date, say whether an agreement was
kept), each through the same functions as the tracking pages (tracking.actions,
which go through inbox.workflow.apply) and checked by the same forms.

The case is opened by its protocol and access code (the X-Codigo-Acesso
header), with the tracking pages' protection against guessing: wrong codes
lock a protocol, and while it is locked each app gets two tries an hour on it.
"""

from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Router, UploadedFile
from ninja.responses import Status

from forms.access import citizen_link
from forms.models import Submission
from inbox import hearings
from inbox.files import case_files, for_citizen
from inbox.models import CaseEvent
from inbox.statuses import FINAL
from inbox.workflow import TransitionError
from tracking import access, actions
from tracking.forms import (
    AgreementForm,
    ComplementForm,
    EvaluationForm,
    ReplyForm,
    RescheduleForm,
    WithdrawForm,
)
from tracking.texts import (
    DEADLINE_LABELS,
    citizen_status_label,
    event_title,
    explanation,
    sent_by,
)

from .auth import CITIZEN, OPTIONAL_CITIZEN, citizen_of, client_key
from .filing import problems
from .problems import Problem
from .schemas import (
    AgreementIn,
    CaseOut,
    CaseSummaryOut,
    CitizenOut,
    EvaluationIn,
    ReasonIn,
)

router = Router(auth=client_key, tags=["Acompanhamento"])

CODE_HEADER = Header(
    None,
    alias="X-Codigo-Acesso",
    min_length=1,
    max_length=40,
    description="O código de acesso do caso, dado no envio (ex.: ABCDE-23456). "
    "Dispensado com o token gov.br de quem tem o CPF do caso.",
)


def _refused():
    return Problem(
        404,
        _(
            "We could not open a case with this protocol number and access code. "
            "Check both and try again."
        ),
        slug="caso",
    )


def _case(request, protocolo, code):
    """The case the call may see: by its access code, or by the gov.br token of
    the citizen whose CPF it has (the same refusal for every failure)."""
    if not code:
        person = citizen_of(request)
        if person is None:
            raise Problem(
                401,
                _("Send the case's access code (X-Codigo-Acesso) or the citizen's gov.br token."),
                slug="credencial",
            )
        submission = (
            Submission.objects.filter(
                protocol=access.normalised_protocol(protocolo) or "",
                consumer_cpf=person.cpf,
                case__isnull=False,
            )
            .select_related("case")
            .first()
        )
        if submission is None:
            raise _refused()
        return submission.case
    protocol = access.normalised_protocol(protocolo)
    wait = access.check_protocol_lock(protocol, f"api:{request.auth.pk}")
    if wait:
        raise Problem(
            429,
            _("Too many wrong codes for this protocol. Try again later."),
            slug="limite",
            headers={"Retry-After": str(wait)},
        )
    submission = access.find(protocolo, code)
    if submission is None or not hasattr(submission, "case"):
        access.record_failure(protocol)
        raise _refused()
    return submission.case


def _case_out(request, case):
    submission = case.submission
    today = timezone.localdate()
    meaning, next_step = explanation(submission.status, submission.kind)
    allowed = actions.allowed(case)
    events = CaseEvent.objects.for_citizen().filter(case=case).order_by("created_at", "pk")
    hearing = hearings.current_hearing(case)
    deadline = None
    if case.deadline:
        deadline = {
            "data": case.deadline.isoformat(),
            "descricao": str(DEADLINE_LABELS.get(case.deadline_kind, _("Deadline"))),
            "dias_restantes": case.days_left(today),
        }
    return {
        "protocolo": submission.protocol,
        "tipo": submission.kind,
        "situacao": submission.status,
        "situacao_texto": str(citizen_status_label(submission.status)),
        "significado": str(meaning),
        "proximo_passo": str(next_step),
        "enviado_em": submission.submit_time,
        "fornecedor": submission.supplier_name,
        "prazo": deadline,
        "linha_do_tempo": [
            {
                "quando": event.created_at,
                "titulo": str(event_title(event, submission.kind)),
                "texto": event.body
                or (event.reason if event.action != "record_supplier_answer" else ""),
                "parte": event.party,
                "arquivos": list(event.data.get("file_names") or []),
                "nota": event.data.get("score"),
            }
            for event in events
        ],
        "arquivos": [
            {
                "nome": item.attachment.original_name,
                "tamanho": item.attachment.size,
                "tipo_conteudo": item.attachment.content_type,
                "enviado_por": str(sent_by(item.party, item.sent_at)),
                "endereco": request.build_absolute_uri(citizen_link(item.attachment)),
            }
            for item in case_files(case, shown=for_citizen)
        ],
        "respostas": [
            {"rotulo": str(label), "resposta": str(value)}
            for label, value in submission.answer_rows()
        ],
        "audiencia": (
            {
                "data_hora": hearing.scheduled_at,
                "local": hearing.place,
                "link_video": hearing.video_link,
                "resultado": hearing.outcome,
                "termos_acordo": hearing.agreement_terms,
                "prazo_acordo": hearing.due_date.isoformat() if hearing.due_date else None,
            }
            if hearing
            else None
        ),
        "acoes": {
            "responder": submission.status not in FINAL,
            "complementar": "receive_complement" in allowed,
            "avaliar": actions.evaluation_open(case, today),
            "desistir": "withdraw" in allowed,
            "pedir_nova_data": actions.reschedule_open(case),
            "confirmar_acordo": actions.agreement_open(case, today),
        },
    }


def _invalid(form, names):
    raise Problem(
        422,
        _("Some answers need attention."),
        slug="respostas",
        errors={
            names.get(key, "geral" if key == "__all__" else key): [str(m) for m in messages]
            for key, messages in form.errors.items()
        },
    )


def _closed():
    return Problem(409, _("This action is not available for this case now."), slug="acao")


def _apply(request, case, do):
    try:
        do()
    except TransitionError as error:
        raise Problem(409, error.message, slug="acao") from None
    case.refresh_from_db()
    case.submission.refresh_from_db()
    return Status(200, _case_out(request, case))


def _with_files(request, case, form_class, texto, arquivos, allowed, do):
    if not allowed:
        raise _closed()
    form = form_class(
        {"text": texto}, MultiValueDict({"files": [f for f in arquivos or [] if f is not None]})
    )
    if not form.is_valid():
        _invalid(form, {"text": "texto", "files": "arquivos"})
    wait = access.message_limit(case)
    if wait:
        raise Problem(
            429,
            _("Too many messages on this case today. Try again later."),
            slug="limite",
            headers={"Retry-After": str(wait)},
        )
    checked, errors = actions.check_files(form.uploads())
    if errors:
        raise Problem(422, " ".join(errors), slug="arquivo", errors={"arquivos": errors})
    return _apply(request, case, lambda: do(checked, form.cleaned_data["text"]))


CASE = "/casos/{protocolo}"
ANSWER = {200: CaseOut, **problems(404, 409, 413, 422, 503)}


def _signed_in(request):
    person = citizen_of(request)
    if person is None:
        raise Problem(
            401,
            _("Send the citizen's gov.br token: Authorization: Bearer <token>."),
            slug="token",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return person


@router.get("/cidadao", response={200: CitizenOut, **problems(503)}, openapi_extra=CITIZEN)
def who(request):
    """A pessoa do token gov.br: CPF, nome e e-mail (para mostrar e preencher)."""
    person = _signed_in(request)
    return {"cpf": person.cpf, "nome": person.name, "email": person.email}


@router.get("/casos", response={200: list[CaseSummaryOut], **problems(503)}, openapi_extra=CITIZEN)
def my_cases(request):
    """Meus casos: os casos enviados com o CPF da pessoa do token gov.br, do mais novo
    ao mais antigo."""
    person = _signed_in(request)
    submissions = Submission.objects.filter(consumer_cpf=person.cpf, case__isnull=False).order_by(
        "-submit_time"
    )
    return [
        {
            "protocolo": s.protocol,
            "tipo": s.kind,
            "situacao": s.status,
            "situacao_texto": str(citizen_status_label(s.status)),
            "enviado_em": s.submit_time,
            "fornecedor": s.supplier_name,
        }
        for s in submissions
    ]


@router.get(
    CASE, response={200: CaseOut, **problems(404, 422, 503)}, openapi_extra=OPTIONAL_CITIZEN
)
def case(request, protocolo: str, codigo: str = CODE_HEADER):
    """O caso: situação e o que ela quer dizer, prazo, linha do tempo, arquivos,
    respostas do formulário e o que a pessoa pode fazer agora."""
    return _case_out(request, _case(request, protocolo, codigo))


@router.post(CASE + "/mensagens", response=ANSWER, openapi_extra=OPTIONAL_CITIZEN)
def reply(
    request,
    protocolo: str,
    texto: Form[str] = "",
    arquivos: File[list[UploadedFile]] = None,
    codigo: str = CODE_HEADER,
):
    """Uma mensagem ao Procon, com arquivos ou não (multipart/form-data). Todos os
    arquivos são conferidos: se um for recusado, nada é enviado."""
    case = _case(request, protocolo, codigo)
    return _with_files(
        request,
        case,
        ReplyForm,
        texto,
        arquivos,
        case.submission.status not in FINAL,
        lambda checked, text: actions.reply(case, text, checked),
    )


@router.post(CASE + "/complemento", response=ANSWER, openapi_extra=OPTIONAL_CITIZEN)
def complement(
    request,
    protocolo: str,
    texto: Form[str] = "",
    arquivos: File[list[UploadedFile]] = None,
    codigo: str = CODE_HEADER,
):
    """Os documentos ou informações que o Procon pediu (quando acoes.complementar)."""
    case = _case(request, protocolo, codigo)
    return _with_files(
        request,
        case,
        ComplementForm,
        texto,
        arquivos,
        "receive_complement" in actions.allowed(case),
        lambda checked, text: actions.send_complement(case, checked, text),
    )


def _act(request, case, is_open, form, names, do):
    """One of the citizen's actions on a case, as the web page runs it: refused
    when not open now, its form checked (errors named as the API names its
    fields), then done with the cleaned answers."""
    if not is_open:
        raise _closed()
    if not form.is_valid():
        _invalid(form, names)
    return _apply(request, case, lambda: do(form.cleaned_data))


@router.post(CASE + "/avaliacao", response=ANSWER, openapi_extra=OPTIONAL_CITIZEN)
def evaluate(request, protocolo: str, body: EvaluationIn, codigo: str = CODE_HEADER):
    """A avaliação da resposta da empresa (quando acoes.avaliar)."""
    case = _case(request, protocolo, codigo)
    outcome = {True: "record_resolved", False: "record_not_resolved"}.get(body.resolvido, "")
    form = EvaluationForm(
        {
            "outcome": outcome,
            "score": "" if body.nota is None else str(body.nota),
            "comment": body.comentario,
        }
    )
    return _act(
        request,
        case,
        actions.evaluation_open(case),
        form,
        {"outcome": "resolvido", "score": "nota", "comment": "comentario"},
        lambda data: actions.evaluate(case, data["outcome"], data["score"], data["comment"]),
    )


@router.post(CASE + "/desistencia", response=ANSWER, openapi_extra=OPTIONAL_CITIZEN)
def withdraw(request, protocolo: str, body: ReasonIn, codigo: str = CODE_HEADER):
    """Desistir do caso (quando acoes.desistir)."""
    case = _case(request, protocolo, codigo)
    return _act(
        request,
        case,
        "withdraw" in actions.allowed(case),
        WithdrawForm({"reason": body.motivo}),
        {"reason": "motivo"},
        lambda data: actions.withdraw(case, data["reason"]),
    )


@router.post(CASE + "/audiencia/nova-data", response=ANSWER, openapi_extra=OPTIONAL_CITIZEN)
def reschedule(request, protocolo: str, body: ReasonIn, codigo: str = CODE_HEADER):
    """Pedir, uma vez, outra data para a audiência (quando acoes.pedir_nova_data)."""
    case = _case(request, protocolo, codigo)
    return _act(
        request,
        case,
        actions.reschedule_open(case),
        RescheduleForm({"reason": body.motivo}),
        {"reason": "motivo"},
        lambda data: actions.ask_to_reschedule(case, data["reason"]),
    )


@router.post(CASE + "/acordo", response=ANSWER, openapi_extra=OPTIONAL_CITIZEN)
def agreement(request, protocolo: str, body: AgreementIn, codigo: str = CODE_HEADER):
    """Dizer se a empresa cumpriu o acordo da audiência (quando acoes.confirmar_acordo)."""
    case = _case(request, protocolo, codigo)
    answer = {True: "kept", False: "broken"}.get(body.cumprido, "")
    return _act(
        request,
        case,
        actions.agreement_open(case),
        AgreementForm({"answer": answer, "reason": body.motivo}),
        {"answer": "cumprido", "reason": "motivo"},
        lambda data: actions.confirm_agreement(case, data["answer"] == "kept", data["reason"]),
    )
