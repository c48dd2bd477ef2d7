"""The shapes the API reads and answers, as documented in its OpenAPI document.

Names are Portuguese, as the open-data API's are; a field's own key, type and
role are the form builder's (the same as in the inbox and the exports).
"""

from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema


class ProblemOut(Schema):
    """Problem details (RFC 9457): every error of the API."""

    type: str = Field(description="Tipo do problema (URI tag:, listado em docs/api.md).")
    title: str
    status: int
    detail: str = Field(description="O que houve, em português, para mostrar à pessoa.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Mensagens por chave de campo, as mesmas do site."
    )
    etapa: int | None = Field(None, description="A etapa a que as mensagens se referem.")
    protocolo: str | None = None


class ConditionOut(Schema):
    campo: str = Field(description="Chave do campo cuja resposta decide.")
    operador: Literal["equals", "not_equals", "answered"]
    valor: str = Field(
        description="Comparado sem distinguir maiúsculas nem acentos com a resposta "
        "(ou com cada opção escolhida)."
    )


class OptionOut(Schema):
    valor: str = Field(description="O que enviar como resposta.")
    rotulo: str
    grupo: str | None = Field(None, description="Grupo da opção (ex.: tema - assunto).")


class FilesOut(Schema):
    tipos: list[str] = Field(description="Tipos de arquivo aceitos (pdf, jpeg, png, ...).")
    tipos_mime: list[str]
    tamanho_maximo_mb: int
    maximo_arquivos: int
    pergunta_tipo_documento: bool = Field(
        description="Se cada arquivo precisa de tipo_documento ao ser anexado."
    )
    tipo_documento: str | None = Field(None, description="O tipo fixo, quando não pergunta.")
    tipos_documento: list[OptionOut]


class ItemOut(Schema):
    tipo: str = Field(
        description="'informacao' para texto entre as perguntas; senão o tipo do campo "
        "(singleline, cpf, address, file, ...)."
    )
    condicao: ConditionOut | None = None
    # Texts (tipo = informacao)
    titulo: str | None = None
    texto_html: str | None = None
    # Fields
    chave: str | None = Field(None, description="Chave estável da resposta.")
    rotulo: str | None = None
    ajuda: str | None = None
    obrigatorio: bool | None = None
    papel: str | None = Field(None, description="Papel do campo (consumer_cpf, ...).")
    formato_resposta: Literal["text", "boolean", "list", "address", "files"] | None = Field(
        None,
        description="Como enviar a resposta: texto, booleano, lista de opções, objeto de "
        "endereço, ou nada (arquivos são anexados pelo endpoint de anexos).",
    )
    opcoes: list[OptionOut] | None = None
    partes: list[OptionOut] | None = Field(
        None, description="Partes de um endereço: chave (valor) e rótulo."
    )
    arquivos: FilesOut | None = None
    valor_inicial: str | None = Field(
        None, description="Valor já preenchido (da conta gov.br da pessoa, com o token)."
    )
    bloqueado: bool | None = Field(
        None, description="Se a resposta vem da conta gov.br e não pode ser mudada (o CPF)."
    )


class StepOut(Schema):
    numero: int
    titulo: str
    introducao_html: str
    condicao: ConditionOut | None = None
    itens: list[ItemOut]


class FormSummaryOut(Schema):
    id: int
    titulo: str
    tipo: str = Field(description="complaint, consultation, enrolment ou generic.")
    endereco: str = Field(description="A página do formulário no site.")


class FormOut(FormSummaryOut):
    introducao_html: str
    tempo_estimado: str
    declaracao: str = Field(description="Declaração a confirmar no envio ('' se não houver).")
    texto_botao_enviar: str
    aviso_privacidade: str = Field(
        description="Endereço do aviso de privacidade ('' se não houver)."
    )
    etapas: list[StepOut]


class StepStateOut(Schema):
    numero: int
    titulo: str
    visivel: bool = Field(description="Se a etapa se aplica, dadas as respostas até aqui.")
    completa: bool
    respostas: dict[str, Any] | None = Field(
        None, description="As respostas guardadas da etapa, já conferidas."
    )


class AttachmentOut(Schema):
    id: str
    campo: str
    nome: str
    tamanho: int
    tipo_conteudo: str
    tipo_documento: str


class DraftOut(Schema):
    id: str
    formulario: int
    criado_em: datetime
    expira_em: datetime
    etapas: list[StepStateOut]
    proxima_etapa: int | None = Field(description="A primeira etapa a responder (null: revisar).")
    anexos: list[AttachmentOut]
    protocolo: str | None = Field(None, description="O protocolo, se já foi enviado.")


class StepIn(Schema):
    respostas: dict[str, Any] = Field(
        description="Respostas da etapa por chave de campo, no formato_resposta de cada campo."
    )


class ReviewRowOut(Schema):
    chave: str
    rotulo: str
    resposta: str = Field(description="A resposta como a pessoa a lê.")


class ReviewStepOut(Schema):
    numero: int
    titulo: str
    respostas: list[ReviewRowOut]


class ReviewOut(Schema):
    etapas: list[ReviewStepOut]
    declaracao: str
    texto_botao_enviar: str


class SubmitIn(Schema):
    declaracao_confirmada: bool = False


class SubmitOut(Schema):
    protocolo: str
    codigo_acesso: str | None = Field(
        description="Código para acompanhar o caso; mostrado só nas primeiras horas."
    )
    situacao: str
    acompanhamento: str = Field(description="Endereço do caso no site.")


# --- tracking -----------------------------------------------------------------------
class DeadlineOut(Schema):
    data: str = Field(description="Último dia (AAAA-MM-DD).")
    descricao: str = Field(description="O que vence nesse dia.")
    dias_restantes: int | None = Field(description="Negativo depois do prazo.")


class EventOut(Schema):
    quando: datetime
    titulo: str
    texto: str = Field(description="Mensagem ou motivo ('' se não houver).")
    parte: str = Field(description="Quem: consumer, supplier, staff ou system.")
    arquivos: list[str] = Field(description="Nomes dos arquivos enviados com o evento.")
    nota: int | None = None


class CaseFileOut(Schema):
    nome: str
    tamanho: int
    tipo_conteudo: str
    enviado_por: str
    endereco: str = Field(description="Endereço assinado para baixar o arquivo.")


class HearingOut(Schema):
    data_hora: datetime
    local: str
    link_video: str
    resultado: str
    termos_acordo: str
    prazo_acordo: str | None


class ActionsOut(Schema):
    responder: bool
    complementar: bool
    avaliar: bool
    desistir: bool
    pedir_nova_data: bool
    confirmar_acordo: bool


class AnswerRowOut(Schema):
    rotulo: str
    resposta: str


class CaseOut(Schema):
    protocolo: str
    tipo: str
    situacao: str = Field(description="Código da situação (received, forwarded, ...).")
    situacao_texto: str
    significado: str
    proximo_passo: str
    enviado_em: datetime
    fornecedor: str
    prazo: DeadlineOut | None
    linha_do_tempo: list[EventOut]
    arquivos: list[CaseFileOut]
    respostas: list[AnswerRowOut]
    audiencia: HearingOut | None
    acoes: ActionsOut = Field(description="O que a pessoa pode fazer agora.")


class EvaluationIn(Schema):
    resolvido: bool | None = Field(None, description="Se a empresa resolveu o problema.")
    nota: int | None = Field(None, description="Satisfação de 1 a 5.")
    comentario: str = ""


class ReasonIn(Schema):
    motivo: str = ""


class AgreementIn(Schema):
    cumprido: bool | None = Field(None, description="Se a empresa fez o que foi acordado.")
    motivo: str = Field("", description="O que não foi feito (obrigatório se não cumprido).")


class CaseSummaryOut(Schema):
    protocolo: str
    tipo: str
    situacao: str
    situacao_texto: str
    enviado_em: datetime
    fornecedor: str


class CitizenOut(Schema):
    cpf: str
    nome: str
    email: str
