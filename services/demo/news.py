"""Demo news articles."""

import datetime

from .loader import COMPLAINT_CTA, h2, legal, text, warning, your_right

# (slug, title, date, summary, topic slugs, body)
NEWS = [
    (
        "novo-site-reune-orientacoes",
        "Novo site reúne orientações sobre direitos do consumidor",
        datetime.date(2026, 11, 20),
        "Orientações em linguagem simples, passo a passo para registrar reclamações e busca "
        "por assunto estão disponíveis para todo o estado.",
        [],
        [
            text(
                "O novo site do Procon reúne, num só lugar, orientações sobre os problemas "
                "mais comuns de consumo: compras pela internet, telefonia, bancos, planos de "
                "saúde, viagens de avião, contas de luz e água, escolas e imóveis.",
                "Cada orientação explica o direito em linguagem simples e indica o artigo da "
                "lei que o garante. Os guias passo a passo mostram o caminho para resolver o "
                "problema, do contato com a empresa ao registro da reclamação.",
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "cuidados-nas-compras-de-fim-de-ano",
        "Compras de fim de ano: cuidados antes de comprar pela internet",
        datetime.date(2026, 11, 10),
        "Pesquise a reputação da loja, guarde os anúncios e lembre-se: nas compras pela "
        "internet você tem 7 dias para desistir.",
        ["comercio-eletronico"],
        [
            text(
                "Com as promoções de fim de ano, cresce o número de reclamações sobre compras "
                "pela internet. Antes de comprar, confira o endereço e o CNPJ da loja, leia "
                "as avaliações de outros consumidores e desconfie de preços muito abaixo do "
                "mercado.",
            ),
            h2("Guarde as provas"),
            text(
                "Salve prints do anúncio com o preço e as condições, o comprovante do pedido e "
                "os e-mails da loja. A oferta anunciada obriga a empresa.",
            ),
            your_right(
                "Nas compras feitas fora da loja física você pode desistir em até 7 dias, "
                "com devolução de tudo o que pagou."
            ),
            legal("art. 49"),
            warning(
                "Desconfie de pagamentos só por Pix para lojas desconhecidas e de links "
                "recebidos por mensagem."
            ),
        ],
    ),
    (
        "lista-de-material-escolar",
        "Volta às aulas: lista de material não pode ter itens de uso coletivo",
        datetime.date(2026, 1, 19),
        "Papel higiênico, produtos de limpeza e outros itens de uso coletivo não podem ser "
        "cobrados na lista de material escolar.",
        ["educacao"],
        [
            text(
                "Na volta às aulas, o Procon lembra que a escola particular não pode incluir "
                "na lista de material itens de uso coletivo dos alunos ou da própria escola. "
                "Esses custos já fazem parte da mensalidade.",
                "A escola também não pode exigir marca ou loja para a compra do material.",
            ),
            legal(
                "art. 1º, § 7º",
                law="Lei nº 9.870/1999, com a redação da Lei nº 12.886/2013",
                url="https://www.planalto.gov.br/ccivil_03/leis/l9870.htm",
            ),
            COMPLAINT_CTA,
        ],
    ),
]
