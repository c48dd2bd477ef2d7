"""The open-data API: supplier indicators, the register of a year, the months
published and their complaint records, under /api/v1/dados-abertos/ (mounted by
`api.main`; open data, so no app key). Every answer is cached
(`transparency.cache.cached_data`). Errors are problems (`core.problems.Problem`,
answered by `api.problems`): a bad parameter is a 400, with the messages per
parameter in ``errors``; a supplier without complaints, a page out of range, or a
CNPJ or year that cannot be one (`views.common`), a 404.
"""

from typing import Annotated, Literal

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import ConfigDict, WithJsonSchema, create_model

from core.problems import Problem

from . import indicators, opendata
from .cache import cached_data
from .forms import SORT_CHOICES, IndicatorFilter
from .views.common import cnpj_or_404, year_or_404

SUPPLIERS_PER_PAGE = 100
COMPLAINTS_PER_PAGE = 500

router = Router(auth=None, tags=["Dados abertos"])


# --- shapes ------------------------------------------------------------------------
class ProblemaDadosAbertos(Schema):
    """Problem details (RFC 9457): a bad parameter or nothing at the address."""

    type: str = Field(description="Tipo do problema (URI tag:).")
    title: str
    status: int
    detail: str = Field(description="O que houve, em português.")
    errors: dict[str, list[str]] | None = Field(
        None, description="Mensagens por parâmetro, as mesmas da página de indicadores."
    )


def problems(*codes):
    return {frozenset(codes): ProblemaDadosAbertos}


class FornecedorResumo(Schema):
    cnpj: str = Field(description="CNPJ do fornecedor (14 caracteres).")
    nome: str
    reclamacoes: int = Field(description="Reclamações encerradas.")
    encaminhadas: int = Field(description="Reclamações encaminhadas ao fornecedor.")
    respondidas: int = Field(description="Reclamações encaminhadas que o fornecedor respondeu.")
    percentual_respondidas: float | None = Field(description="Respondidas / encaminhadas, em %.")
    percentual_no_prazo: float | None = Field(
        description="Respondidas no prazo / encaminhadas, em %."
    )
    media_dias_resposta: float | None = Field(
        description="Média de dias entre o encaminhamento e a resposta."
    )
    avaliadas: int = Field(description="Reclamações avaliadas pelo consumidor.")
    percentual_resolvidas: float | None = Field(
        description="Resolvidas segundo o consumidor / avaliadas, em %."
    )
    nota_media: float | None = Field(description="Média da nota de satisfação (1 a 5).")
    fundamentadas_atendidas: int = Field(description="Reclamações fundamentadas atendidas.")
    fundamentadas_nao_atendidas: int = Field(description="Reclamações fundamentadas não atendidas.")
    nao_fundamentadas: int = Field(description="Reclamações não fundamentadas.")


class ListaFornecedores(Schema):
    total: int = Field(description="Fornecedores no filtro.")
    pagina: int = Field(description="Página atual.")
    paginas: int = Field(description="Número de páginas.")
    resultados: list[FornecedorResumo]


class Mes(Schema):
    ano: int
    mes: int
    reclamacoes: int = Field(description="Reclamações encerradas no mês.")
    percentual_no_prazo: float | None = Field(
        description="Respondidas no prazo / encaminhadas, em %."
    )
    percentual_resolvidas: float | None = Field(
        description="Resolvidas segundo o consumidor / avaliadas, em %."
    )


class ProblemaFrequente(Schema):
    area: str = Field(description="Área (tema) do problema.")
    assunto: str = Field(description="Assunto dentro da área.")
    problema: str = Field(description="Problema dentro do assunto.")
    reclamacoes: int = Field(description="Reclamações encerradas com esse problema.")


class Fornecedor(FornecedorResumo):
    mensal: list[Mes] = Field(description="Os indicadores por mês de encerramento.")
    principais_problemas: list[ProblemaFrequente] = Field(
        description="Os problemas com mais reclamações (até 5)."
    )


class FornecedorCadastro(Schema):
    posicao: int = Field(description="Posição no cadastro.")
    cnpj: str = Field(description="CNPJ do fornecedor (14 caracteres).")
    nome: str
    fundamentadas_atendidas: int = Field(description="Reclamações fundamentadas atendidas.")
    fundamentadas_nao_atendidas: int = Field(description="Reclamações fundamentadas não atendidas.")
    fundamentadas: int = Field(description="Reclamações fundamentadas (atendidas ou não).")


class Cadastro(Schema):
    ano: int = Field(description="Ano.")
    fornecedores: list[FornecedorCadastro]


class MesPublicado(Schema):
    ano: int
    mes: int
    reclamacoes: int = Field(description="Reclamações encerradas no mês.")
    csv: str = Field(description="Endereço do arquivo CSV do mês.")
    json_: str = Field(alias="json", description="Endereço do arquivo JSON do mês.")


class Meses(Schema):
    meses: list[MesPublicado] = Field(description="Do mais recente ao mais antigo.")


def _record_field(column):
    if column.name == "nota":  # the score is a number; blank when not given
        return int | Literal[""], Field(
            description=str(column.description), examples=[int(column.example)]
        )
    return str, Field(description=str(column.description), examples=[column.example])


# One field per column of the monthly files (`transparency.opendata.COLUMNS`).
Reclamacao = create_model(
    "Reclamacao",
    __base__=Schema,
    __doc__="Uma reclamação encerrada, sem dados pessoais.",
    **{column.name: _record_field(column) for column in opendata.COLUMNS},
)


class ListaReclamacoes(Schema):
    ano: int = Field(description="Ano.")
    mes: int = Field(description="Mês.")
    total: int = Field(description="Reclamações no mês.")
    pagina: int = Field(description="Página atual.")
    paginas: int = Field(description="Número de páginas.")
    registros: list[Reclamacao]


# --- query parameters ----------------------------------------------------------------
# Read as text and checked by the operation (the indicator page's form and messages);
# documented as what they must hold.
Inteiro = Annotated[str | None, WithJsonSchema({"type": "integer"})]
Texto = Annotated[str | None, WithJsonSchema({"type": "string"})]
Ordem = Annotated[
    str | None, WithJsonSchema({"type": "string", "enum": [value for value, label in SORT_CHOICES]})
]
Pagina = Annotated[str | None, WithJsonSchema({"type": "integer", "minimum": 1})]
PAGE = "Página (1 em diante)."


class FiltroFornecedores(Schema):
    ano: Inteiro = Field(None, description="Ano de encerramento.")
    setor: Texto = Field(
        None,
        description=(
            "Setor do fornecedor (slug), ex.: telecomunicacoes: compara só os fornecedores "
            "desse setor. Os setores são mantidos pela equipe no cadastro de fornecedores."
        ),
    )
    tema: Texto = Field(None, description="Área (slug do tema), ex.: telecomunicacoes.")
    municipio: Texto = Field(None, description="Código IBGE do município do consumidor.")
    ordem: Ordem = Field(None, description="Ordenação; prefixo '-' para decrescente.")
    pagina: Pagina = Field(None, description=PAGE)


class FiltroReclamacoes(Schema):
    # Documented as required; without them (or with a month that is not one) the
    # answer is a 400 problem that says what to send.
    model_config = ConfigDict(json_schema_extra={"required": ["ano", "mes"]})

    ano: Inteiro = Field(None, description="Ano de encerramento.")
    mes: Inteiro = Field(None, description="Mês de encerramento (1-12).")
    pagina: Pagina = Field(None, description=PAGE)


# --- operations ----------------------------------------------------------------------
def _number(value, default=None):
    number = (value or "").strip()
    return int(number) if number.isdigit() and len(number) < 7 else default


def _page(paginator, value):
    number = _number(value, 1)
    if not 1 <= number <= max(paginator.num_pages, 1):
        raise Problem(404, _("Page out of range."), slug="pagina")
    return number, paginator.page(number)


def _round(value, digits=1):
    return None if value is None else round(value, digits)


def _indicators(row):
    return {
        "cnpj": row["supplier_cnpj"],
        "nome": row["name"],
        "reclamacoes": row["complaints"],
        "encaminhadas": row["forwarded_total"],
        "respondidas": row["answered_total"],
        "percentual_respondidas": _round(row["pct_answered"]),
        "percentual_no_prazo": _round(row["pct_on_time"]),
        "media_dias_resposta": _round(row["avg_days"]),
        "avaliadas": row["evaluated_total"],
        "percentual_resolvidas": _round(row["pct_resolved"]),
        "nota_media": _round(row["avg_score"], 2),
        "fundamentadas_atendidas": row["founded_attended"],
        "fundamentadas_nao_atendidas": row["founded_not_attended"],
        "nao_fundamentadas": row["unfounded"],
    }


@router.get(
    "/fornecedores",
    response={200: ListaFornecedores, **problems(400, 404)},
    summary="Indicadores por fornecedor (comparação)",
)
def open_data_suppliers(request, filtro: Query[FiltroFornecedores]):
    """Uma página (100 por página) dos fornecedores com reclamações encerradas e seus
    indicadores, com os filtros e a ordenação da página de indicadores; com `setor`,
    só os fornecedores desse setor, para compará-los entre si."""

    def build():
        data = {
            name: value
            for name, value in filtro.dict().items()
            if name != "pagina" and value is not None
        }
        form = IndicatorFilter(data or None)
        if data and not form.is_valid():
            raise Problem(
                400,
                _("Some filters are not valid."),
                slug="filtros",
                errors={k: [str(e) for e in v] for k, v in form.errors.items()},
            )
        paginator = Paginator(indicators.comparison(**form.filters()), SUPPLIERS_PER_PAGE)
        number, page = _page(paginator, filtro.pagina)
        return {
            "total": paginator.count,
            "pagina": number,
            "paginas": paginator.num_pages,
            "resultados": [_indicators(row) for row in page],
        }

    return cached_data(request, build)


@router.get(
    "/fornecedores/{cnpj}",
    response={200: Fornecedor, **problems(404)},
    summary="Indicadores de um fornecedor",
)
def open_data_supplier(request, cnpj: str):
    """Os indicadores de um fornecedor (CNPJ com ou sem pontuação), mês a mês, e os
    problemas com mais reclamações."""

    def build():
        number = cnpj_or_404(cnpj)
        summary = indicators.supplier_summary(number)
        if not summary["complaints"]:
            raise Problem(404, _("Supplier without closed complaints."), slug="fornecedor")
        return {
            **_indicators({**summary, "supplier_cnpj": number}),
            "mensal": [
                {
                    "ano": row["year"],
                    "mes": row["month"],
                    "reclamacoes": row["complaints"],
                    "percentual_no_prazo": _round(row["pct_on_time"]),
                    "percentual_resolvidas": _round(row["pct_resolved"]),
                }
                for row in indicators.supplier_trend(number)
            ],
            "principais_problemas": [
                {
                    "area": row["topic"],
                    "assunto": row["subject"],
                    "problema": row["problem"],
                    "reclamacoes": row["complaints"],
                }
                for row in indicators.top_problems(number)
            ],
        }

    return cached_data(request, build)


@router.get(
    "/cadastro/{ano}",
    response={200: Cadastro, **problems(404, 422)},
    summary="Cadastro de Reclamações Fundamentadas (CDC art. 44) de um ano",
)
def open_data_register(request, ano: int):
    """Os fornecedores com reclamações fundamentadas encerradas no ano, na ordem do
    cadastro: mais fundamentadas primeiro, depois mais não atendidas."""

    def build():
        year = year_or_404(ano)
        return {
            "ano": year,
            "fornecedores": [
                {
                    "posicao": rank,
                    "cnpj": row["supplier_cnpj"],
                    "nome": row["name"],
                    "fundamentadas_atendidas": row["attended"],
                    "fundamentadas_nao_atendidas": row["not_attended"],
                    "fundamentadas": row["founded"],
                }
                for rank, row in enumerate(indicators.register_rows(year), start=1)
            ],
        }

    return cached_data(request, build)


@router.get(
    "/meses",
    response={200: Meses},
    summary="Meses com dados e os endereços dos arquivos CSV e JSON",
    by_alias=True,
)
def open_data_months(request):
    """Os meses com reclamações encerradas publicadas, do mais recente ao mais antigo."""

    def build():
        return {
            "meses": [
                {
                    "ano": row["year"],
                    "mes": row["month"],
                    "reclamacoes": row["complaints"],
                    "csv": request.build_absolute_uri(
                        reverse("transparency:month_csv", args=[row["year"], row["month"]])
                    ),
                    "json": request.build_absolute_uri(
                        reverse("transparency:month_json", args=[row["year"], row["month"]])
                    ),
                }
                for row in opendata.months()
            ]
        }

    return cached_data(request, build)


@router.get(
    "/reclamacoes",
    response={200: ListaReclamacoes, **problems(400, 404)},
    summary="Reclamações encerradas de um mês (paginado, 500 por página)",
)
def open_data_complaints(request, filtro: Query[FiltroReclamacoes]):
    """As reclamações encerradas no mês, uma por registro, com as colunas dos arquivos
    mensais. Municípios com poucas reclamações no mês aparecem em branco."""

    def build():
        year = _number(filtro.ano)
        month = _number(filtro.mes)
        if year is None or month is None or not 1 <= month <= 12:
            raise Problem(
                400,
                _("Give the year (ano) and the month (mes), e.g. ?ano=2026&mes=3."),
                slug="mes",
            )
        rows = opendata.month_rows(year, month)
        paginator = Paginator(rows.order_by("closed_at", "case_id"), COMPLAINTS_PER_PAGE)
        number, page = _page(paginator, filtro.pagina)
        context = opendata.Context(opendata.visible_municipalities(rows))
        return {
            "ano": year,
            "mes": month,
            "total": paginator.count,
            "pagina": number,
            "paginas": paginator.num_pages,
            "registros": list(opendata.records(page.object_list, context)),
        }

    return cached_data(request, build)
