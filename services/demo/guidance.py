"""Demo guidance pages, in plain Portuguese, each grounded on the law it cites."""

import datetime

from .loader import (
    COMPLAINT_CTA,
    documents,
    faq,
    h2,
    legal,
    links,
    steps,
    text,
    warning,
    your_right,
)

REVIEWED = datetime.date(2026, 11, 3)
ANAC_400 = "Resolução ANAC nº 400/2016"
ANAC_400_URL = "https://www.anac.gov.br/assuntos/legislacao/legislacao-1/resolucoes/2016/resolucao-no-400-13-12-2016"
DECRETO_SAC = "Decreto nº 11.034/2022 (Serviço de Atendimento ao Consumidor)"
DECRETO_SAC_URL = "https://www.planalto.gov.br/ccivil_03/_ato2019-2022/2022/decreto/d11034.htm"
CONSUMIDOR_GOV = (
    "Consumidor.gov.br: fale com empresas cadastradas",
    "https://www.consumidor.gov.br/",
)

# (slug, title, summary, topic slugs, body)
GUIDANCE = [
    (
        "direito-de-arrependimento",
        "Direito de arrependimento: 7 dias para desistir de compras fora da loja",
        "Comprou pela internet, por telefone, por aplicativo ou de um vendedor que foi até "
        "sua casa? Você pode desistir em até 7 dias, sem explicar o motivo, e receber todo o "
        "dinheiro de volta.",
        ["comercio-eletronico", "compras-e-garantia"],
        [
            your_right(
                "Quando a compra acontece fora da loja física, você tem 7 dias para se "
                "arrepender, contados da assinatura do contrato ou do recebimento do produto "
                "ou serviço.",
            ),
            h2("Quando o direito vale"),
            text(
                "<ul><li>Compras em sites, lojas virtuais e marketplaces;</li>"
                "<li>Compras por aplicativo, WhatsApp ou redes sociais;</li>"
                "<li>Vendas por telefone (telemarketing);</li>"
                "<li>Vendas em domicílio, na rua ou no trabalho.</li></ul>",
                "Não é preciso que o produto tenha defeito nem dar qualquer justificativa. "
                "A lei protege quem comprou sem poder ver, tocar ou experimentar o produto.",
            ),
            legal(
                "art. 49",
                "O consumidor pode desistir do contrato, no prazo de 7 dias a contar de sua "
                "assinatura ou do ato de recebimento do produto ou serviço, sempre que a "
                "contratação de fornecimento de produtos e serviços ocorrer fora do "
                "estabelecimento comercial, especialmente por telefone ou a domicílio.",
            ),
            h2("O dinheiro volta inteiro"),
            text(
                "A empresa deve devolver tudo o que você pagou, inclusive o frete, com "
                "correção. Se a compra foi no cartão de crédito, peça o estorno também à "
                "administradora do cartão e guarde o número do protocolo.",
            ),
            legal(
                "art. 49, parágrafo único",
                "Se o consumidor exercitar o direito de arrependimento previsto neste artigo, "
                "os valores eventualmente pagos, a qualquer título, durante o prazo de "
                "reflexão, serão devolvidos, de imediato, monetariamente atualizados.",
            ),
            steps(
                (
                    "Avise a empresa por escrito dentro dos 7 dias",
                    "Use o e-mail, o chat ou o formulário de atendimento do site. Diga que está "
                    "exercendo o direito de arrependimento do art. 49 do CDC.",
                ),
                (
                    "Guarde as provas",
                    "Salve o e-mail enviado, prints do pedido e o número de protocolo.",
                ),
                (
                    "Devolva o produto como a empresa indicar",
                    "A empresa deve oferecer a coleta ou a postagem sem custo para você.",
                ),
                ("Acompanhe o reembolso", ""),
                title="Como desistir da compra",
            ),
            warning(
                "O prazo é contado em dias corridos. Se o sétimo dia cair num fim de semana "
                "ou feriado, não espere: mande o pedido antes."
            ),
            faq(
                (
                    "Comprei na loja física e me arrependi. Posso devolver?",
                    "A lei não obriga a loja a aceitar a devolução de produto sem defeito "
                    "comprado no balcão. Muitas lojas aceitam trocas por política própria: "
                    "vale o que foi prometido na compra.",
                ),
                (
                    "Usei o produto. Ainda posso desistir?",
                    "Sim, desde que dentro dos 7 dias. O uso normal para conhecer o produto não "
                    "tira o direito, mas não devolva o produto danificado por mau uso.",
                ),
                (
                    "A empresa quer me dar um vale-compras. Sou obrigado a aceitar?",
                    "Não. Você tem direito ao dinheiro de volta. Aceite o vale só se preferir.",
                ),
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "garantia-legal",
        "Garantia legal: 30 ou 90 dias para reclamar de defeitos",
        "Todo produto ou serviço tem garantia dada pela lei, mesmo que a loja não ofereça "
        "nenhuma: 30 dias para os não duráveis e 90 dias para os duráveis.",
        ["compras-e-garantia"],
        [
            your_right(
                "A garantia legal não depende de contrato, de certificado nem de "
                "nota fiscal carimbada: ela existe por força da lei."
            ),
            h2("Quais são os prazos"),
            text(
                "<ul><li><b>30 dias</b> para produtos e serviços não duráveis, que acabam com o "
                "uso, como alimentos, cosméticos ou uma lavagem de carro;</li>"
                "<li><b>90 dias</b> para produtos e serviços duráveis, como eletrodomésticos, "
                "celulares, móveis, roupas e consertos.</li></ul>",
                "Para defeitos aparentes, o prazo começa na entrega do produto ou no fim do "
                "serviço. Para defeitos ocultos, que só aparecem com o tempo, o prazo começa "
                "quando o defeito aparece.",
            ),
            legal(
                "art. 26",
                "O direito de reclamar pelos vícios aparentes ou de fácil constatação caduca "
                "em: I - trinta dias, tratando-se de fornecimento de serviço e de produtos não "
                "duráveis; II - noventa dias, tratando-se de fornecimento de serviço e de "
                "produtos duráveis.",
            ),
            h2("Garantia legal e garantia do fabricante"),
            text(
                "A garantia do fabricante (contratual) é um acréscimo à garantia legal e não a "
                "substitui. Se o fabricante dá 1 ano, os 90 dias da lei se somam a esse prazo.",
            ),
            legal(
                "art. 50",
                "A garantia contratual é complementar à legal e será conferida "
                "mediante termo escrito.",
            ),
            warning(
                "Reclame sempre por escrito e guarde o protocolo: a reclamação comprovada "
                "suspende o prazo até a resposta da empresa (art. 26, § 2º)."
            ),
            documents(
                "Nota fiscal ou comprovante de compra",
                "Termo de garantia, se houver",
                "Ordem de serviço da assistência técnica",
                "Números de protocolo dos contatos com a loja ou o fabricante",
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "produto-com-defeito",
        "Produto com defeito: o que fazer se o conserto passar de 30 dias",
        "Se o produto com defeito não for consertado em até 30 dias, você escolhe: troca "
        "por outro igual, dinheiro de volta ou desconto no preço.",
        ["compras-e-garantia", "comercio-eletronico"],
        [
            text(
                "Loja e fabricante respondem juntos pelo defeito. Você pode procurar qualquer "
                "um dos dois; a loja não pode simplesmente mandar você falar com o fabricante.",
            ),
            your_right(
                "Passados 30 dias sem conserto, a escolha é sua, não da empresa: "
                "produto novo, dinheiro de volta corrigido ou abatimento do preço."
            ),
            legal(
                "art. 18, § 1º",
                "Não sendo o vício sanado no prazo máximo de trinta dias, pode o consumidor "
                "exigir, alternativamente e à sua escolha: I - a substituição do produto por "
                "outro da mesma espécie, em perfeitas condições de uso; II - a restituição "
                "imediata da quantia paga, monetariamente atualizada, sem prejuízo de eventuais "
                "perdas e danos; III - o abatimento proporcional do preço.",
            ),
            steps(
                (
                    "Leve o produto à loja ou à assistência técnica autorizada",
                    "Peça a ordem de serviço com a data de entrada e a descrição do defeito.",
                ),
                ("Conte os 30 dias a partir da entrega do produto para conserto", ""),
                (
                    "Se não houver solução, faça sua escolha por escrito",
                    "Diga se quer a troca, o dinheiro de volta ou o abatimento.",
                ),
                title="Passo a passo",
            ),
            h2("Produtos essenciais"),
            text(
                "Quando o produto é essencial, como geladeira ou fogão, ou quando o conserto "
                "pode comprometer a qualidade do produto, você pode exigir a troca ou o "
                "dinheiro de volta imediatamente, sem esperar os 30 dias (art. 18, § 3º).",
            ),
            faq(
                (
                    "O conserto voltou com o mesmo defeito. O prazo recomeça?",
                    "Não. Os 30 dias valem para resolver o defeito; cada ida à assistência pelo "
                    "mesmo problema conta dentro desse prazo.",
                ),
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "cobranca-indevida",
        "Cobrança indevida: o dinheiro volta em dobro",
        "Se você pagou uma cobrança que não devia, a empresa tem de devolver o dobro do "
        "valor pago a mais, com correção e juros, salvo engano justificável.",
        ["telecomunicacoes", "bancos-e-credito", "energia-e-agua"],
        [
            your_right(
                "Quem paga uma quantia cobrada indevidamente tem direito a receber de volta o "
                "dobro do que pagou a mais."
            ),
            legal(
                "art. 42, parágrafo único",
                "O consumidor cobrado em quantia indevida tem direito à repetição do indébito, "
                "por valor igual ao dobro do que pagou em excesso, acrescido de correção "
                "monetária e juros legais, salvo hipótese de engano justificável.",
            ),
            h2("Exemplos comuns"),
            text(
                "<ul><li>Serviço de telefonia ou internet cobrado depois do cancelamento;</li>"
                "<li>Tarifa bancária, seguro ou anuidade que você não contratou;</li>"
                "<li>Parcela cobrada duas vezes no cartão;</li>"
                "<li>Conta de luz ou de água com consumo que não é seu.</li></ul>",
            ),
            warning(
                "A devolução em dobro vale para o que você efetivamente pagou. Se ainda não "
                "pagou, conteste a cobrança e peça o cancelamento antes do vencimento."
            ),
            h2("Cobrança não pode constranger"),
            text(
                "Na cobrança de dívidas, o consumidor não pode ser exposto ao ridículo, nem "
                "submetido a constrangimento ou ameaça (art. 42, caput).",
            ),
            documents(
                "Faturas ou extratos com a cobrança",
                "Comprovantes de pagamento",
                "Protocolos de atendimento em que você contestou a cobrança",
                title="Provas que ajudam",
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "oferta-e-publicidade",
        "Oferta anunciada tem de ser cumprida",
        "Preço, condição ou brinde anunciados fazem parte do contrato. Se a empresa se recusar "
        "a cumprir, você escolhe entre exigir a oferta, aceitar outro produto equivalente ou "
        "desistir com o dinheiro de volta.",
        ["compras-e-garantia", "comercio-eletronico"],
        [
            legal(
                "art. 30",
                "Toda informação ou publicidade, suficientemente precisa, veiculada por qualquer "
                "forma ou meio de comunicação com relação a produtos e serviços oferecidos ou "
                "apresentados, obriga o fornecedor que a fizer veicular ou dela se utilizar e "
                "integra o contrato que vier a ser celebrado.",
            ),
            your_right(
                "Diante da recusa, a escolha é sua: exigir o cumprimento da oferta, aceitar "
                "outro produto ou serviço equivalente, ou cancelar e receber de volta o que "
                "pagou, com correção."
            ),
            legal(
                "art. 35",
                "Se o fornecedor de produtos ou serviços recusar cumprimento à oferta, "
                "apresentação ou publicidade, o consumidor poderá, alternativamente e à sua "
                "livre escolha: I - exigir o cumprimento forçado da obrigação, nos termos da "
                "oferta, apresentação ou publicidade; II - aceitar outro produto ou prestação de "
                "serviço equivalente; III - rescindir o contrato, com direito à restituição de "
                "quantia eventualmente antecipada, monetariamente atualizada, e a perdas e danos.",
            ),
            h2("Preço na prateleira diferente do caixa"),
            text(
                "Se o preço na gôndola ou na etiqueta for menor que o cobrado no caixa, peça "
                "o menor preço. Fotografe a etiqueta e guarde o cupom fiscal.",
            ),
            warning(
                "Erros grosseiros e evidentes, como um carro anunciado por R$ 1,00, podem não "
                "obrigar a empresa. Na dúvida, faça uma consulta ao Procon."
            ),
            documents(
                "Print, foto ou cópia do anúncio",
                "Comprovante da compra ou do pedido",
                "Registro da recusa da empresa (e-mail, conversa ou protocolo)",
                title="Guarde as provas",
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "venda-casada-e-praticas-abusivas",
        "Venda casada e outras práticas abusivas",
        "A empresa não pode condicionar a venda de um produto à compra de outro, nem cobrar "
        "por algo que você não pediu. Produto enviado sem pedido é amostra grátis.",
        ["bancos-e-credito", "telecomunicacoes", "compras-e-garantia"],
        [
            text(
                "O Código de Defesa do Consumidor lista práticas proibidas. Entre as mais "
                "comuns estão a venda casada e o envio de produtos ou serviços sem pedido.",
            ),
            h2("Venda casada"),
            text(
                "Acontece quando a empresa só vende o que você quer se você levar outra coisa "
                "junto: o empréstimo que exige um seguro, a internet que só é instalada com "
                "um pacote de TV, o cinema que proíbe entrar com pipoca comprada fora.",
            ),
            legal(
                "art. 39, I",
                "É vedado ao fornecedor de produtos ou serviços, dentre outras práticas "
                "abusivas: I - condicionar o fornecimento de produto ou de serviço ao "
                "fornecimento de outro produto ou serviço, bem como, sem justa causa, a limites "
                "quantitativos;",
            ),
            h2("Produto ou serviço que você não pediu"),
            your_right(
                "Cartão de crédito, seguro ou serviço enviado sem sua solicitação equivale a "
                "amostra grátis: você não tem de pagar por ele."
            ),
            legal(
                "art. 39, III e parágrafo único",
                "Os serviços prestados e os produtos remetidos ou entregues ao consumidor, na "
                "hipótese prevista no inciso III, equiparam-se às amostras grátis, inexistindo "
                "obrigação de pagamento.",
            ),
            faq(
                (
                    "O banco exigiu um seguro para liberar meu empréstimo. E agora?",
                    "Isso é venda casada. Peça o cancelamento do seguro e a devolução do que foi "
                    "cobrado; se pagou, a devolução é em dobro (art. 42).",
                ),
                (
                    "A loja pode exigir um valor mínimo para pagar com cartão?",
                    "Limitar a quantidade ou o valor sem justa causa é prática abusiva. A loja "
                    "pode oferecer desconto para pagamento em dinheiro ou Pix, desde que informe "
                    "com clareza.",
                ),
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "atendimento-sac",
        "Atendimento ao cliente (SAC): o que a empresa tem de fazer",
        "Bancos, operadoras de telefonia e de planos de saúde, companhias aéreas e outras "
        "empresas de serviços regulados devem oferecer SAC gratuito, dar número de protocolo "
        "e responder em até 7 dias.",
        [
            "telecomunicacoes",
            "bancos-e-credito",
            "planos-de-saude",
            "transporte-aereo",
            "energia-e-agua",
        ],
        [
            text(
                "O Decreto nº 11.034/2022 fixa regras para o Serviço de Atendimento ao "
                "Consumidor das empresas de serviços regulados pelo governo federal, como "
                "telecomunicações, bancos, planos de saúde, energia elétrica e transporte aéreo.",
            ),
            h2("O que o SAC deve garantir"),
            text(
                "<ul><li>Acesso gratuito, sem custo para você;</li>"
                "<li>Funcionamento 24 horas por dia, 7 dias por semana, em pelo menos um "
                "canal;</li>"
                "<li>Atendimento por uma pessoa por telefone, pelo menos 8 horas por dia;</li>"
                "<li>Opções de reclamação e de cancelamento já no primeiro menu;</li>"
                "<li>Número de protocolo para cada atendimento, para você acompanhar o "
                "pedido;</li>"
                "<li>Resposta à sua demanda em até 7 dias corridos;</li>"
                "<li>Nenhuma propaganda durante a espera sem a sua autorização.</li></ul>",
            ),
            legal(
                "art. 13",
                law=DECRETO_SAC,
                url=DECRETO_SAC_URL,
            ),
            your_right(
                "Você pode pedir o cancelamento pelo próprio SAC, por qualquer dos canais "
                "disponíveis, sem precisar ir a uma loja."
            ),
            warning(
                "Anote sempre o número de protocolo, a data e o nome de quem atendeu. Sem "
                "protocolo fica difícil provar que você procurou a empresa."
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "cancelamento-de-servicos",
        "Como cancelar um serviço contínuo",
        "Telefone, internet, TV por assinatura, cartão, academia: cancelar deve ser tão fácil "
        "quanto contratar. Peça o cancelamento, anote o protocolo e confira a fatura seguinte.",
        ["telecomunicacoes", "bancos-e-credito", "educacao"],
        [
            your_right(
                "O pedido de cancelamento deve ser aceito por todos os canais de atendimento "
                "da empresa, e ela não pode dificultá-lo."
            ),
            steps(
                (
                    "Procure o canal de atendimento da empresa",
                    "Nos serviços regulados (telefonia, internet, TV, bancos, planos de saúde), "
                    "o SAC deve oferecer a opção de cancelamento no primeiro menu.",
                ),
                (
                    "Peça o cancelamento e anote o protocolo",
                    "Peça também a confirmação por escrito (e-mail ou mensagem).",
                ),
                (
                    "Confira a próxima fatura",
                    "Cobranças de período posterior ao pedido são indevidas: conteste-as.",
                ),
                title="Passo a passo",
            ),
            legal("arts. 2º e 13", law=DECRETO_SAC, url=DECRETO_SAC_URL),
            h2("Multa por fidelidade"),
            text(
                "Se você aceitou um desconto em troca de permanecer um tempo mínimo "
                "(fidelidade), a multa por sair antes deve ser proporcional ao tempo que "
                "falta. Se o cancelamento ocorreu por falha da empresa, a multa não é devida.",
            ),
            warning(
                "Não basta parar de pagar: o serviço continua ativo e pode gerar dívida e "
                "negativação. Cancele formalmente."
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "telemarketing",
        "Ligações de telemarketing: como reduzir e bloquear",
        "Operadoras de telefonia e bancos devem respeitar quem não quer receber ofertas. "
        "Cadastre seu número na plataforma Não Me Perturbe e saiba identificar as chamadas.",
        ["telecomunicacoes", "bancos-e-credito"],
        [
            h2("Não Me Perturbe"),
            text(
                "A plataforma Não Me Perturbe é gratuita e permite bloquear ofertas de "
                "serviços de telecomunicações e de empréstimo consignado e cartão de crédito "
                "consignado. O bloqueio vale para as empresas participantes.",
            ),
            links(
                ("Não Me Perturbe", "https://www.naomeperturbe.com.br/"),
                title="Onde se cadastrar",
            ),
            h2("Prefixo 0303"),
            text(
                "Por regra da Anatel, as ligações de telemarketing ativo devem usar o "
                "prefixo 0303. Assim você identifica a oferta antes de atender e pode "
                "bloquear o prefixo no celular.",
            ),
            legal(
                "art. 6º, IV",
                "a proteção contra a publicidade enganosa e abusiva, métodos comerciais "
                "coercitivos ou desleais, bem como contra práticas e cláusulas abusivas ou "
                "impostas no fornecimento de produtos e serviços;",
            ),
            warning(
                "Golpistas também ligam oferecendo empréstimos. Nunca informe senhas, códigos "
                "recebidos por SMS nem faça pagamentos para liberar crédito."
            ),
            your_right(
                "Se você não pediu o serviço oferecido por telefone e ele foi ativado mesmo "
                "assim, não precisa pagar: é como amostra grátis (art. 39, III). E, se aceitou "
                "por telefone, tem 7 dias para desistir (art. 49)."
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "negativacao-sem-aviso",
        "Nome negativado: seus direitos",
        "Antes de incluir seu nome num cadastro de inadimplentes, você tem de ser avisado por "
        "escrito. Dívida paga deve sair do cadastro, e nenhuma informação negativa fica mais "
        "de 5 anos.",
        ["bancos-e-credito"],
        [
            your_right(
                "Você deve receber uma comunicação por escrito antes de ter o nome incluído "
                "em cadastro de inadimplentes, como SPC e Serasa."
            ),
            legal(
                "art. 43, § 2º",
                "A abertura de cadastro, ficha, registro e dados pessoais e de consumo deverá "
                "ser comunicada por escrito ao consumidor, quando não solicitada por ele.",
            ),
            h2("Prazo máximo"),
            text(
                "Informações negativas não podem ficar no cadastro por mais de 5 anos "
                "(art. 43, § 1º). Depois que a dívida é paga, a empresa deve pedir a retirada "
                "do registro.",
            ),
            h2("Se a negativação for indevida"),
            steps(
                ("Consulte o cadastro e veja quem pediu a inclusão", ""),
                (
                    "Peça a correção à empresa credora e ao cadastro",
                    "Você tem direito de exigir a correção de dados incorretos (art. 43, § 3º).",
                ),
                ("Registre reclamação se não for corrigido", ""),
            ),
            documents(
                "Comprovante da consulta ao cadastro",
                "Comprovantes de pagamento da dívida, se for o caso",
                "Documento de identidade",
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "voo-atrasado-ou-cancelado",
        "Voo atrasado ou cancelado: assistência e reembolso",
        "Atrasos dão direito a comunicação, alimentação e até hospedagem, conforme a espera. "
        "Em atraso de mais de 4 horas, cancelamento ou embarque negado, você escolhe entre "
        "reacomodação, reembolso ou outro transporte.",
        ["transporte-aereo"],
        [
            h2("Assistência durante a espera"),
            text(
                "<ul><li>A partir de 1 hora: meios de comunicação, como internet e "
                "telefone;</li>"
                "<li>A partir de 2 horas: alimentação, com refeição ou voucher;</li>"
                "<li>A partir de 4 horas: hospedagem, se houver pernoite, e transporte de ida "
                "e volta.</li></ul>",
            ),
            legal("art. 27", law=ANAC_400, url=ANAC_400_URL),
            your_right(
                "Em atraso de mais de 4 horas, cancelamento ou embarque negado, quem escolhe "
                "é você: ser reacomodado em outro voo, receber o reembolso integral ou "
                "seguir por outro meio de transporte."
            ),
            legal("art. 21", law=ANAC_400, url=ANAC_400_URL),
            h2("Reembolso"),
            text(
                "O reembolso deve ser feito em até 7 dias a partir do pedido, pelo mesmo "
                "meio de pagamento usado na compra. Créditos para uso futuro só se você "
                "concordar.",
            ),
            documents(
                "Cartão de embarque ou localizador da reserva",
                "Comprovantes de gastos com alimentação, transporte e hospedagem",
                "Registro do atraso ou cancelamento (prints, avisos da companhia)",
            ),
            links(
                CONSUMIDOR_GOV,
                ("ANAC: direitos dos passageiros", "https://www.gov.br/anac/pt-br"),
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "plano-de-saude-negou-cobertura",
        "Plano de saúde negou cobertura: o que fazer",
        "Peça a negativa por escrito, com o motivo e a cláusula do contrato. Confira o rol de "
        "procedimentos da ANS e os prazos máximos de atendimento.",
        ["planos-de-saude"],
        [
            steps(
                (
                    "Peça a negativa por escrito",
                    "A operadora deve informar, por escrito e em linguagem clara, o motivo da "
                    "negativa e a cláusula do contrato em que se baseia, quando você pedir.",
                ),
                ("Anote o protocolo do atendimento", ""),
                (
                    "Reclame à operadora e à ANS",
                    "A ANS recebe reclamações e intermedeia a solução com a operadora.",
                ),
                ("Procure o Procon ou a Justiça nos casos urgentes", ""),
                title="O que fazer",
            ),
            your_right(
                "Urgências e emergências devem ser atendidas de imediato, e consultas básicas "
                "(pediatria, clínica médica, cirurgia geral, ginecologia e obstetrícia) em "
                "até 7 dias úteis, pela regra de prazos máximos da ANS."
            ),
            legal(
                "art. 51, IV",
                "São nulas de pleno direito, entre outras, as cláusulas contratuais relativas "
                "ao fornecimento de produtos e serviços que: IV - estabeleçam obrigações "
                "consideradas iníquas, abusivas, que coloquem o consumidor em desvantagem "
                "exagerada, ou sejam incompatíveis com a boa-fé ou a eqüidade;",
            ),
            documents(
                "Carteirinha do plano e documento de identidade",
                "Pedido médico e relatório",
                "Negativa por escrito ou protocolo do atendimento",
                "Contrato do plano, se tiver",
            ),
            links(("ANS: reclamações", "https://www.gov.br/ans/pt-br")),
            COMPLAINT_CTA,
        ],
    ),
    (
        "conta-de-luz-ou-agua-alta",
        "Conta de luz ou de água muito alta",
        "Conta muito acima do seu consumo normal pode ser erro de leitura ou de medidor. "
        "Conteste por escrito, peça a verificação do medidor e guarde o protocolo.",
        ["energia-e-agua"],
        [
            legal(
                "art. 22",
                "Os órgãos públicos, por si ou suas empresas, concessionárias, permissionárias "
                "ou sob qualquer outra forma de empreendimento, são obrigados a fornecer "
                "serviços adequados, eficientes, seguros e, quanto aos essenciais, contínuos.",
            ),
            steps(
                (
                    "Compare com as contas anteriores",
                    "Veja o histórico de consumo impresso na própria fatura.",
                ),
                ("Confira a leitura no medidor", "Fotografe o medidor com data."),
                (
                    "Conteste na distribuidora ou na companhia de água",
                    "Peça a revisão da conta e, se for o caso, a verificação do medidor. Anote o "
                    "protocolo.",
                ),
                ("Se não resolver, reclame ao Procon e à agência reguladora", ""),
                title="Passo a passo",
            ),
            warning(
                "Enquanto contesta, guarde todas as contas e comprovantes de pagamento. Se "
                "pagar a conta errada, você pode pedir a devolução do que pagou a mais."
            ),
            your_right(
                "Valores cobrados indevidamente e pagos devem ser devolvidos em dobro, com "
                "correção, salvo engano justificável (art. 42, parágrafo único)."
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "mensalidade-e-material-escolar",
        "Mensalidade e material escolar",
        "A escola não pode reter documentos nem impedir provas por atraso no pagamento, e a "
        "lista de material não pode incluir itens de uso coletivo.",
        ["educacao"],
        [
            your_right(
                "Mesmo com mensalidades atrasadas, o aluno não pode ser impedido de fazer "
                "provas nem ter documentos de transferência retidos."
            ),
            legal(
                "art. 6º",
                "São proibidas a suspensão de provas escolares, a retenção de documentos "
                "escolares ou a aplicação de quaisquer outras penalidades pedagógicas por "
                "motivo de inadimplemento...",
                law="Lei nº 9.870/1999 (anuidades escolares)",
                url="https://www.planalto.gov.br/ccivil_03/leis/l9870.htm",
            ),
            h2("Material escolar"),
            text(
                "Itens de uso coletivo, como material de limpeza, papel higiênico ou "
                "resmas de papel para a secretaria, não podem ser cobrados na lista de "
                "material. Esses custos já estão na mensalidade.",
            ),
            legal(
                "art. 1º, § 7º",
                law="Lei nº 9.870/1999, com a redação da Lei nº 12.886/2013",
                url="https://www.planalto.gov.br/ccivil_03/leis/l9870.htm",
            ),
            warning(
                "Exigir que o material seja comprado numa loja determinada ou de uma marca "
                "específica também é prática abusiva."
            ),
            COMPLAINT_CTA,
        ],
    ),
    (
        "atraso-na-entrega-de-imovel",
        "Atraso na entrega de imóvel na planta",
        "O contrato pode prever até 180 dias de tolerância. Passado esse prazo, você pode "
        "desfazer o negócio com devolução integral ou manter a compra e receber indenização.",
        ["habitacao"],
        [
            text(
                "A Lei nº 13.786/2018 alterou a Lei de Incorporações (Lei nº 4.591/1964) e "
                "definiu o que acontece quando a construtora atrasa a entrega.",
            ),
            your_right(
                "Depois dos 180 dias de tolerância, se você quiser desfazer o contrato, deve "
                "receber de volta tudo o que pagou, mais a multa prevista no contrato, em até "
                "60 dias. Se preferir ficar com o imóvel, tem direito a indenização de 1% do "
                "valor pago por mês de atraso."
            ),
            legal(
                "art. 43-A",
                law="Lei nº 4.591/1964, incluído pela Lei nº 13.786/2018",
                url="https://www.planalto.gov.br/ccivil_03/leis/l4591.htm",
            ),
            documents(
                "Contrato de compra e venda",
                "Comprovantes de pagamento",
                "Comunicações da construtora sobre o prazo de entrega",
            ),
            COMPLAINT_CTA,
        ],
    ),
]

# Words people use that the pages do not: (query, guidance slug, description).
PROMOTIONS = [
    (
        "geladeira quebrou",
        "produto-com-defeito",
        "Geladeira, fogão, celular ou outro produto que quebrou ou parou de funcionar: "
        "veja o prazo de conserto e quando pedir troca ou o dinheiro de volta.",
    ),
]
