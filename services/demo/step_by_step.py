"""Demo step-by-step pages. A task's target is an address or the slug of a guidance page."""

from .loader import COMPLAINT_CTA

# (slug, title, summary, topic slugs, [(title, logic, description, [(label, target, note)])])
STEP_BY_STEPS = [
    (
        "como-registrar-uma-reclamacao",
        "Como registrar uma reclamação no Procon",
        "Do primeiro contato com a empresa ao acompanhamento do protocolo: o caminho para "
        "registrar sua reclamação pela internet.",
        [],
        [
            (
                "Tente resolver com a empresa",
                "number",
                "<p>O Procon pede que você procure a empresa antes. Use o SAC e anote o "
                "número de protocolo: ele mostra que você tentou.</p>",
                [
                    (
                        "Atendimento ao cliente (SAC): o que a empresa tem de fazer",
                        "atendimento-sac",
                        "",
                    )
                ],
            ),
            (
                "Escolha reclamação ou consulta",
                "number",
                "<p><b>Reclamação</b> é contra uma empresa, quando você quer uma solução. "
                "<b>Consulta</b> é para tirar dúvidas sobre seus direitos.</p>",
                [
                    ("Registrar reclamação", "/reclamacao/", ""),
                    ("Fazer uma consulta", "/consulta/", ""),
                ],
            ),
            (
                "Preencha as etapas do formulário",
                "number",
                "<p>Informe seus dados, os dados da empresa, o que aconteceu e o que você "
                "espera como solução. Escreva com suas palavras, com datas e valores.</p>",
                [],
            ),
            (
                "Anexe seu documento e o comprovante da compra",
                "and",
                "<ul><li>Documento de identidade com foto;</li>"
                "<li>Nota fiscal, contrato, fatura ou comprovante de pagamento;</li>"
                "<li>Protocolos e conversas com a empresa, se tiver.</li></ul>",
                [],
            ),
            (
                "Revise e envie",
                "number",
                "<p>Confira as respostas antes de enviar. Você pode voltar e corrigir qualquer "
                "etapa.</p>",
                [],
            ),
            (
                "Receba o protocolo e acompanhe",
                "number",
                "<p>Ao enviar, você recebe um número de protocolo e um código de acesso. Com "
                'os dois, <a href="/acompanhar/">acompanhe o andamento</a>, responda a '
                "pedidos do Procon e avalie a resposta da empresa.</p>",
                [],
            ),
        ],
    ),
    (
        "resolver-um-problema-de-consumo",
        "Resolver um problema de consumo",
        "Conheça seus direitos, fale com a empresa e, se não resolver, recorra ao Procon ou ao "
        "Juizado Especial.",
        ["comercio-eletronico", "compras-e-garantia"],
        [
            (
                "Conheça seus direitos",
                "number",
                "<p>Veja o que a lei garante no seu caso.</p>",
                [
                    ("Direito de arrependimento", "direito-de-arrependimento", ""),
                    ("Garantia legal", "garantia-legal", ""),
                    ("Produto com defeito", "produto-com-defeito", ""),
                    ("Cobrança indevida", "cobranca-indevida", ""),
                    ("Oferta anunciada", "oferta-e-publicidade", ""),
                ],
            ),
            (
                "Fale com a empresa",
                "number",
                "<p>Explique o problema e diga o que você quer. Anote protocolos, datas e "
                "nomes.</p>",
                [("Regras do SAC", "atendimento-sac", "")],
            ),
            (
                "Use a plataforma Consumidor.gov.br",
                "or",
                "<p>Se a empresa participa da plataforma, ela responde pela internet em até "
                "10 dias.</p>",
                [("Consumidor.gov.br", "https://www.consumidor.gov.br/", "")],
            ),
            (
                "Registre sua reclamação no Procon",
                "number",
                "",
                [
                    (
                        "Como registrar uma reclamação no Procon",
                        "como-registrar-uma-reclamacao",
                        "",
                    ),
                    ("Registrar reclamação", "/reclamacao/", ""),
                ],
            ),
            (
                "Procure o Juizado Especial Cível",
                "number",
                "<p>Para pedir indenização, procure o Juizado Especial Cível. Em causas de até "
                "20 salários mínimos não é preciso advogado.</p>",
                [],
            ),
        ],
    ),
]

CALL_TO_ACTION = [COMPLAINT_CTA]
