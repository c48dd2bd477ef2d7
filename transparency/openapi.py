"""The OpenAPI 3 description of the read-only API, written by hand (the API is a
handful of GET endpoints; no framework needed). Served at
/dados-abertos/api/openapi.json."""

from .opendata import COLUMNS


def _integer(description, **extra):
    return {"type": "integer", "description": description, **extra}


def _number(description):
    return {"type": ["number", "null"], "description": description}


def _query(name, description, schema=None, required=False):
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


PAGE = _query("pagina", "Página (1 em diante).", {"type": "integer", "minimum": 1})
ERROR = {
    "description": "Parâmetro inválido ou recurso inexistente.",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Erro"}}},
}


def _ok(schema_name, description):
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


SUPPLIER = {
    "type": "object",
    "properties": {
        "cnpj": {"type": "string", "description": "CNPJ do fornecedor (14 caracteres)."},
        "nome": {"type": "string"},
        "reclamacoes": _integer("Reclamações encerradas."),
        "encaminhadas": _integer("Reclamações encaminhadas ao fornecedor."),
        "respondidas": _integer("Reclamações encaminhadas que o fornecedor respondeu."),
        "percentual_respondidas": _number("Respondidas / encaminhadas, em %."),
        "percentual_no_prazo": _number("Respondidas no prazo / encaminhadas, em %."),
        "media_dias_resposta": _number("Média de dias entre o encaminhamento e a resposta."),
        "avaliadas": _integer("Reclamações avaliadas pelo consumidor."),
        "percentual_resolvidas": _number("Resolvidas segundo o consumidor / avaliadas, em %."),
        "nota_media": _number("Média da nota de satisfação (1 a 5)."),
        "fundamentadas_atendidas": _integer("Reclamações fundamentadas atendidas."),
        "fundamentadas_nao_atendidas": _integer("Reclamações fundamentadas não atendidas."),
        "nao_fundamentadas": _integer("Reclamações não fundamentadas."),
    },
}


def openapi_document(server):
    record = {
        "type": "object",
        "description": "Uma reclamação encerrada, sem dados pessoais.",
        "properties": {
            column.name: {
                "type": "string",
                "description": str(column.description),
                "example": column.example,
            }
            for column in COLUMNS
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Dados abertos do Procon: reclamações e indicadores de fornecedores",
            "version": "1.0.0",
            "description": (
                "API somente leitura. Os dados são atualizados periodicamente a partir das "
                "reclamações encerradas e não contêm dados pessoais; municípios com poucas "
                "reclamações no mês aparecem em branco."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": server}],
        "paths": {
            "/dados-abertos/api/v1/fornecedores/": {
                "get": {
                    "summary": "Indicadores por fornecedor (comparação)",
                    "parameters": [
                        _query("ano", "Ano de encerramento.", {"type": "integer"}),
                        _query("tema", "Área (slug do tema), ex.: telecomunicacoes."),
                        _query("municipio", "Código IBGE do município do consumidor."),
                        _query(
                            "ordem",
                            "Ordenação; prefixo '-' para decrescente.",
                            {
                                "type": "string",
                                "enum": [
                                    p + k
                                    for k in (
                                        "nome",
                                        "reclamacoes",
                                        "respondidas",
                                        "no_prazo",
                                        "dias",
                                        "resolvidas",
                                        "nota",
                                    )
                                    for p in ("", "-")
                                ],
                            },
                        ),
                        PAGE,
                    ],
                    "responses": {
                        "200": _ok("ListaFornecedores", "Uma página de fornecedores."),
                        "400": ERROR,
                        "404": ERROR,
                    },
                }
            },
            "/dados-abertos/api/v1/fornecedores/{cnpj}/": {
                "get": {
                    "summary": "Indicadores de um fornecedor",
                    "parameters": [
                        {
                            "name": "cnpj",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {"200": _ok("Fornecedor", "Indicadores."), "404": ERROR},
                }
            },
            "/dados-abertos/api/v1/cadastro/{ano}/": {
                "get": {
                    "summary": "Cadastro de Reclamações Fundamentadas (CDC art. 44) de um ano",
                    "parameters": [
                        {
                            "name": "ano",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer"},
                        }
                    ],
                    "responses": {"200": _ok("Cadastro", "O cadastro do ano."), "404": ERROR},
                }
            },
            "/dados-abertos/api/v1/meses/": {
                "get": {
                    "summary": "Meses com dados e os endereços dos arquivos CSV e JSON",
                    "responses": {"200": _ok("Meses", "Meses disponíveis.")},
                }
            },
            "/dados-abertos/api/v1/reclamacoes/": {
                "get": {
                    "summary": "Reclamações encerradas de um mês (paginado, 500 por página)",
                    "parameters": [
                        _query("ano", "Ano de encerramento.", {"type": "integer"}, True),
                        _query("mes", "Mês de encerramento (1-12).", {"type": "integer"}, True),
                        PAGE,
                    ],
                    "responses": {
                        "200": _ok("ListaReclamacoes", "Uma página de reclamações."),
                        "400": ERROR,
                        "404": ERROR,
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Erro": {"type": "object", "properties": {"erro": {}}},
                "FornecedorResumo": SUPPLIER,
                "ListaFornecedores": {
                    "type": "object",
                    "properties": {
                        "total": _integer("Fornecedores no filtro."),
                        "pagina": _integer("Página atual."),
                        "paginas": _integer("Número de páginas."),
                        "resultados": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/FornecedorResumo"},
                        },
                    },
                },
                "Fornecedor": {
                    "allOf": [
                        {"$ref": "#/components/schemas/FornecedorResumo"},
                        {
                            "type": "object",
                            "properties": {
                                "mensal": {"type": "array", "items": {"type": "object"}},
                                "principais_problemas": {
                                    "type": "array",
                                    "items": {"type": "object"},
                                },
                            },
                        },
                    ]
                },
                "Cadastro": {
                    "type": "object",
                    "properties": {
                        "ano": _integer("Ano."),
                        "fornecedores": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "posicao": _integer("Posição no cadastro."),
                                    "cnpj": {"type": "string"},
                                    "nome": {"type": "string"},
                                    "fundamentadas_atendidas": _integer(""),
                                    "fundamentadas_nao_atendidas": _integer(""),
                                    "fundamentadas": _integer(""),
                                },
                            },
                        },
                    },
                },
                "Meses": {
                    "type": "object",
                    "properties": {"meses": {"type": "array", "items": {"type": "object"}}},
                },
                "Reclamacao": record,
                "ListaReclamacoes": {
                    "type": "object",
                    "properties": {
                        "ano": _integer("Ano."),
                        "mes": _integer("Mês."),
                        "total": _integer("Reclamações no mês."),
                        "pagina": _integer("Página atual."),
                        "paginas": _integer("Número de páginas."),
                        "registros": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Reclamacao"},
                        },
                    },
                },
            }
        },
    }
