"""The topic > subject > problem taxonomy, as a Procon classifies complaints."""

# (slug, name, description, [(subject slug, subject name, [(problem slug, problem name)])])
TAXONOMY = [
    (
        "telecomunicacoes",
        "Telecomunicações",
        "Telefonia móvel e fixa, internet e TV por assinatura.",
        [
            (
                "telefonia-movel",
                "Telefonia móvel",
                [
                    ("cobranca-indevida", "Cobrança indevida"),
                    ("cancelamento-nao-atendido", "Cancelamento não atendido"),
                    ("portabilidade-nao-concluida", "Portabilidade não concluída"),
                ],
            ),
            (
                "internet",
                "Internet banda larga",
                [
                    ("velocidade-abaixo-da-contratada", "Velocidade abaixo da contratada"),
                    ("interrupcao-do-servico", "Interrupção do serviço"),
                    ("cobranca-indevida", "Cobrança indevida"),
                ],
            ),
            (
                "tv-por-assinatura",
                "TV por assinatura",
                [
                    ("cancelamento-nao-atendido", "Cancelamento não atendido"),
                    ("pacote-nao-contratado", "Cobrança de pacote não contratado"),
                ],
            ),
        ],
    ),
    (
        "bancos-e-credito",
        "Bancos e crédito",
        "Contas, cartões, empréstimos, tarifas e cadastro de inadimplentes.",
        [
            (
                "cartao-de-credito",
                "Cartão de crédito",
                [
                    ("compra-nao-reconhecida", "Compra não reconhecida"),
                    ("anuidade-nao-contratada", "Anuidade ou seguro não contratado"),
                    ("cartao-nao-solicitado", "Cartão enviado sem pedido"),
                ],
            ),
            (
                "emprestimo-consignado",
                "Empréstimo consignado",
                [
                    ("contratacao-nao-solicitada", "Contratação não solicitada"),
                    ("desconto-indevido", "Desconto indevido no benefício"),
                ],
            ),
            (
                "conta-corrente",
                "Conta corrente",
                [
                    ("tarifa-indevida", "Tarifa indevida"),
                    ("encerramento-de-conta", "Dificuldade para encerrar a conta"),
                ],
            ),
            (
                "cadastro-de-inadimplentes",
                "Cadastro de inadimplentes",
                [
                    ("negativacao-indevida", "Negativação indevida"),
                    ("falta-de-aviso", "Negativação sem aviso prévio"),
                ],
            ),
        ],
    ),
    (
        "planos-de-saude",
        "Planos de saúde",
        "Cobertura, reajustes, carências e atendimento das operadoras.",
        [
            (
                "cobertura",
                "Cobertura",
                [
                    ("negativa-de-procedimento", "Negativa de exame ou procedimento"),
                    ("demora-na-autorizacao", "Demora na autorização"),
                ],
            ),
            (
                "mensalidade",
                "Mensalidade",
                [
                    ("reajuste-abusivo", "Reajuste abusivo"),
                    ("cobranca-indevida", "Cobrança indevida"),
                ],
            ),
            (
                "contrato",
                "Contrato",
                [
                    ("cancelamento-unilateral", "Cancelamento pela operadora"),
                    ("carencia", "Carência"),
                ],
            ),
        ],
    ),
    (
        "transporte-aereo",
        "Transporte aéreo",
        "Voos atrasados ou cancelados, bagagem e reembolso de passagens.",
        [
            (
                "voos",
                "Voos",
                [
                    ("atraso", "Atraso"),
                    ("cancelamento", "Cancelamento"),
                    ("pretericao", "Embarque negado (overbooking)"),
                ],
            ),
            (
                "bagagem",
                "Bagagem",
                [("extravio", "Extravio"), ("dano", "Bagagem danificada")],
            ),
            (
                "passagens",
                "Passagens",
                [
                    ("reembolso-nao-realizado", "Reembolso não realizado"),
                    ("taxa-de-remarcacao", "Cobrança para remarcar"),
                ],
            ),
        ],
    ),
    (
        "comercio-eletronico",
        "Comércio eletrônico",
        "Compras pela internet, por telefone e em aplicativos.",
        [
            (
                "compras-pela-internet",
                "Compras pela internet",
                [
                    ("produto-nao-entregue", "Produto não entregue"),
                    ("desistencia-nao-aceita", "Desistência não aceita"),
                    ("produto-diferente", "Produto diferente do anunciado"),
                ],
            ),
            (
                "marketplaces",
                "Marketplaces e aplicativos",
                [
                    ("vendedor-nao-responde", "Vendedor não responde"),
                    ("estorno-nao-realizado", "Estorno não realizado"),
                ],
            ),
        ],
    ),
    (
        "compras-e-garantia",
        "Compras e garantia",
        "Produtos com defeito, trocas, garantia e ofertas em lojas.",
        [
            (
                "produtos-com-defeito",
                "Produtos com defeito",
                [
                    ("conserto-fora-do-prazo", "Conserto não feito em 30 dias"),
                    ("recusa-de-garantia", "Recusa de garantia"),
                ],
            ),
            (
                "ofertas-e-precos",
                "Ofertas e preços",
                [
                    ("oferta-nao-cumprida", "Oferta não cumprida"),
                    ("preco-diferente", "Preço no caixa diferente do anunciado"),
                    ("venda-casada", "Venda casada"),
                ],
            ),
            (
                "servicos-em-geral",
                "Serviços em geral",
                [
                    ("servico-mal-executado", "Serviço mal executado"),
                    ("orcamento-nao-respeitado", "Orçamento não respeitado"),
                ],
            ),
        ],
    ),
    (
        "energia-e-agua",
        "Energia e água",
        "Contas de luz e de água, cortes e religação.",
        [
            (
                "energia-eletrica",
                "Energia elétrica",
                [
                    ("conta-acima-do-consumo", "Conta acima do consumo"),
                    ("corte-indevido", "Corte indevido"),
                    ("demora-na-religacao", "Demora na religação"),
                ],
            ),
            (
                "agua-e-esgoto",
                "Água e esgoto",
                [
                    ("conta-acima-do-consumo", "Conta acima do consumo"),
                    ("falta-de-abastecimento", "Falta de abastecimento"),
                ],
            ),
        ],
    ),
    (
        "educacao",
        "Educação",
        "Escolas, faculdades e cursos particulares.",
        [
            (
                "escolas-e-faculdades",
                "Escolas e faculdades particulares",
                [
                    ("reajuste-de-mensalidade", "Reajuste de mensalidade"),
                    ("retencao-de-documentos", "Retenção de documentos"),
                    ("material-escolar", "Lista de material com itens proibidos"),
                ],
            ),
            (
                "cursos-livres",
                "Cursos livres",
                [
                    ("multa-de-cancelamento", "Multa abusiva no cancelamento"),
                    ("curso-nao-prestado", "Curso não prestado"),
                ],
            ),
        ],
    ),
    (
        "habitacao",
        "Habitação",
        "Imóveis na planta, construtoras e reformas.",
        [
            (
                "imoveis-na-planta",
                "Imóveis na planta",
                [
                    ("atraso-na-entrega", "Atraso na entrega"),
                    ("distrato", "Desistência e devolução de valores"),
                ],
            ),
            (
                "construcao-e-reforma",
                "Construção e reforma",
                [
                    ("obra-mal-executada", "Obra mal executada"),
                    ("atraso-na-obra", "Atraso na obra"),
                ],
            ),
        ],
    ),
]
