"""Demo forms: complaint, consultation and supplier enrolment, as editors would build them.

Idempotent: a page is created when its slug is missing and republished only
when its definition here differs from what is live and no one has changed it
in the admin (an editor's form is never overwritten).
"""

import copy

from wagtail.models import Site

from home.demo import edited_by_person, kept, same_stream

from .models import FormKind, FormPage

YES_NO = ["Sim", "Não"]


def field(type_name, label, key, *, role="", required=True, help_text="", condition=None, **extra):
    value = {
        "label": label,
        "key": key,
        "help_text": help_text,
        "required": required,
        "role": role,
        "condition": condition or {"field": "", "operator": "equals", "value": ""},
        **extra,
    }
    return {"type": type_name, "value": value}


def info(heading, html):
    return {
        "type": "information",
        "value": {
            "heading": heading,
            "text": html,
            "condition": {"field": "", "operator": "equals", "value": ""},
        },
    }


def step(title, fields, intro="", condition=None):
    return {
        "type": "step",
        "value": {
            "title": title,
            "intro": intro,
            "fields": fields,
            "condition": condition or {"field": "", "operator": "equals", "value": ""},
        },
    }


def representative_fields(suffix, other=False):
    """One representative's name, CPF, e-mail and phone (the first one's roles,
    or those of a further representative)."""
    role = "other_representative" if other else "representative"
    key = f"representante{suffix}"
    return [
        field("singleline", "Nome completo", f"{key}_nome", role=f"{role}_name", max_length=200),
        field("cpf", "CPF", f"{key}_cpf", role=f"{role}_cpf"),
        field("email", "E-mail", f"{key}_email", role=f"{role}_email"),
        field("phone", "Telefone", f"{key}_telefone", role=f"{role}_phone"),
    ]


def another_representative(key, label):
    return field(
        "radio",
        label,
        key,
        choices=YES_NO,
        help_text="Você pode indicar até três representantes agora, e outros depois, na área do fornecedor.",
    )


def about_you(include_cpf=True, include_phone=True, include_address=False):
    """The consumer's details. With include_address, the postal address (which
    gives the municipality too) instead of the municipality alone."""
    fields = [
        field("singleline", "Nome completo", "nome", role="consumer_name", max_length=200),
    ]
    if include_cpf:
        fields.append(
            field(
                "cpf",
                "CPF",
                "cpf",
                role="consumer_cpf",
                help_text="Somente números ou com pontos e traço.",
            )
        )
    fields += [
        field(
            "email",
            "E-mail",
            "email_contato",
            role="consumer_email",
            help_text="Enviaremos o número do protocolo para este endereço.",
        ),
    ]
    if include_phone:
        fields.append(
            field(
                "phone",
                "Telefone com DDD",
                "telefone",
                role="consumer_phone",
                required=False,
                help_text="Por exemplo (65) 99999-9999.",
            )
        )
    if include_address:
        fields.append(
            field(
                "address",
                "Seu endereço",
                "endereco",
                role="consumer_address",
                help_text="Para o Procon enviar correspondência sobre a sua reclamação, se precisar.",
            )
        )
    else:
        fields.append(
            field(
                "municipality",
                "Município onde você mora",
                "municipio",
                role="consumer_municipality",
            )
        )
    return fields


SUBJECTS = [
    "Telecomunicações (telefone, internet, TV)",
    "Bancos, cartões e crédito",
    "Planos de saúde",
    "Transporte aéreo",
    "Compras pela internet",
    "Energia elétrica e água",
    "Educação",
    "Habitação e imóveis",
    "Outro assunto",
]

COMPLAINT_STEPS = [
    step(
        "Sobre você",
        about_you(include_address=True),
        "<p>Precisamos destes dados para registrar e acompanhar a sua reclamação.</p>",
    ),
    step(
        "Empresa reclamada",
        [
            field(
                "supplier",
                "Nome ou CNPJ da empresa",
                "empresa",
                role="supplier_name",
                help_text="Digite o nome como aparece na nota fiscal, ou o CNPJ se tiver.",
            ),
            field(
                "url", "Site da empresa", "site_empresa", role="supplier_website", required=False
            ),
        ],
    ),
    step(
        "O que aconteceu",
        [
            field(
                "problem",
                "Qual foi o problema?",
                "problema",
                role="problem",
                help_text="Escolha o que mais se aproxima do que aconteceu.",
                topic=None,
            ),
            field("date", "Data da compra ou contratação", "data_compra", role="purchase_date"),
            field(
                "money",
                "Valor pago",
                "valor",
                role="amount",
                required=False,
                help_text="Em reais, por exemplo 1.250,00.",
            ),
            field(
                "radio",
                "Como você comprou ou contratou?",
                "como_comprou",
                role="purchase_channel",
                choices=["Loja física", "Internet", "Telefone", "Em domicílio", "Outro"],
            ),
            field(
                "radio",
                "Você já procurou a empresa para resolver?",
                "procurou_empresa",
                role="contacted_supplier",
                choices=YES_NO,
            ),
            field(
                "singleline",
                "Número de protocolo do atendimento (SAC)",
                "protocolo_sac",
                role="supplier_protocol",
                required=False,
                help_text="Se a empresa informou um número de protocolo, copie aqui.",
                condition={"field": "procurou_empresa", "operator": "equals", "value": "Sim"},
                max_length=60,
            ),
            field(
                "multiline",
                "Conte o que aconteceu",
                "descricao",
                role="description",
                help_text="Datas, o que foi combinado e o que a empresa respondeu.",
                max_length=5000,
            ),
        ],
    ),
    step(
        "O que você quer",
        [
            field(
                "radio",
                "O que você espera da empresa?",
                "pedido",
                role="desired_outcome",
                choices=[
                    "Troca do produto",
                    "Devolução do dinheiro",
                    "Cancelamento do contrato",
                    "Conserto",
                    "Outro",
                ],
            ),
            field(
                "multiline",
                "Explique o que você espera",
                "pedido_outro",
                condition={"field": "pedido", "operator": "equals", "value": "Outro"},
                max_length=1000,
            ),
            field(
                "file",
                "Documentos",
                "documentos",
                required=False,
                help_text="Documento de identidade, nota fiscal ou comprovante de compra, contrato, conversas com a empresa. Fotos tiradas com o celular servem.",
                kinds=["pdf", "jpeg", "png", "heic", "webp", "docx", "odt"],
                max_size_mb=10,
                max_files=10,
                document_kind="ask",
            ),
        ],
    ),
]

CONSULTATION_STEPS = [
    step("Sobre você", about_you(include_cpf=False)),
    step(
        "Sua pergunta",
        [
            field("dropdown", "Tema", "tema", role="subject", choices=SUBJECTS),
            field(
                "multiline",
                "Qual é a sua dúvida?",
                "pergunta",
                role="question",
                help_text="Não informe senhas nem números de cartão.",
                max_length=3000,
            ),
        ],
    ),
]

ENROLMENT_STEPS = [
    step(
        "Dados da empresa",
        [
            field("cnpj", "CNPJ", "cnpj", role="company_cnpj"),
            field(
                "singleline",
                "Razão social",
                "razao_social",
                role="company_legal_name",
                max_length=200,
            ),
            field(
                "singleline",
                "Nome fantasia",
                "nome_fantasia",
                role="company_trade_name",
                required=False,
                max_length=200,
            ),
            field("email", "E-mail da empresa", "email_empresa", role="company_email"),
            field("phone", "Telefone da empresa", "telefone_empresa", role="company_phone"),
            field(
                "multiline", "Endereço completo", "endereco", role="company_address", max_length=500
            ),
        ],
    ),
    step(
        "Representante",
        [
            info(
                "Quem é o representante",
                "<p>A pessoa que vai receber as notificações e responder às reclamações em nome da empresa. Depois da aprovação, ela pode convidar e remover outros representantes na área do fornecedor.</p>",
            ),
            *representative_fields(""),
            another_representative("outro_representante", "Quer indicar outro representante?"),
        ],
    ),
    step(
        "Segundo representante",
        [
            *representative_fields("2", other=True),
            another_representative("mais_um_representante", "Quer indicar mais um representante?"),
        ],
        condition={"field": "outro_representante", "operator": "equals", "value": "Sim"},
    ),
    step(
        "Terceiro representante",
        representative_fields("3", other=True),
        condition={"field": "mais_um_representante", "operator": "equals", "value": "Sim"},
    ),
    step(
        "Comprovação de poderes",
        [
            field(
                "file",
                "Procuração ou contrato social",
                "comprovante_poderes",
                role="authority_proof",
                help_text="O documento que mostra que os representantes indicados podem agir pela empresa: procuração, contrato social ou estatuto com a ata de eleição da diretoria.",
                kinds=["pdf", "jpeg", "png"],
                max_size_mb=10,
                max_files=5,
            ),
        ],
        "<p>A equipe do Procon confere o documento antes de aprovar a adesão. Ele fica guardado em área restrita e só a equipe pode abri-lo.</p>",
    ),
]

DECLARATION = "Declaro que as informações prestadas são verdadeiras."

FORMS = [
    {
        "slug": "reclamacao",
        "title": "Registrar reclamação",
        "kind": FormKind.COMPLAINT,
        "intro": "<p>Use este formulário se você teve um problema com um produto ou serviço e a empresa não resolveu.</p>",
        "before_you_start": "<ul><li>Documento de identidade com CPF</li><li>Nota fiscal, contrato ou comprovante de pagamento</li><li>Número de protocolo do SAC da empresa, se tiver</li></ul>",
        "steps": COMPLAINT_STEPS,
        "declaration": DECLARATION,
        "submit_button_text": "Enviar reclamação",
        "expected_time": "A empresa tem até 10 dias para responder depois de notificada.",
        "next_steps": "<p>Nossa equipe analisa a reclamação. Se estiver completa, a empresa é notificada e você acompanha tudo pelo número do protocolo.</p>",
    },
    {
        "slug": "consulta",
        "title": "Fazer uma consulta",
        "kind": FormKind.CONSULTATION,
        "intro": "<p>Tire dúvidas sobre os seus direitos como consumidor. Não é preciso ter uma reclamação.</p>",
        "before_you_start": "",
        "steps": CONSULTATION_STEPS,
        "declaration": "",
        "submit_button_text": "Enviar consulta",
        "expected_time": "Respondemos em até 5 dias úteis.",
        "next_steps": "<p>Você receberá a resposta por e-mail e poderá vê-la pelo número do protocolo.</p>",
    },
    {
        "slug": "adesao-de-fornecedor",
        "title": "Adesão de fornecedor",
        "kind": FormKind.ENROLMENT,
        "intro": '<p>Empresas que fazem a adesão recebem e respondem às reclamações pela internet, sem correspondência em papel.</p><p>A empresa já aderiu? <a href="/fornecedor/">Entre na área do fornecedor</a>.</p>',
        "before_you_start": "<ul><li>CNPJ e dados de contato da empresa</li><li>Nome, CPF, e-mail e telefone de cada representante</li><li>Procuração ou contrato social que mostre os poderes dos representantes (PDF ou foto)</li></ul>",
        "steps": ENROLMENT_STEPS,
        "declaration": DECLARATION,
        "submit_button_text": "Enviar pedido de adesão",
        "expected_time": "Analisamos o pedido em até 5 dias úteis.",
        "next_steps": "<p>Se aprovado, cada representante recebe um e-mail para criar a senha da área do fornecedor.</p>",
    },
]


def load(stdout=None):
    home = Site.objects.get(is_default_site=True).root_page.specific
    for spec in FORMS:
        page = FormPage.objects.child_of(home).filter(slug=spec["slug"]).first()
        simple = {k: v for k, v in spec.items() if k not in {"steps", "slug"}}
        if page is None:
            page = home.add_child(
                instance=FormPage(slug=spec["slug"], steps=copy.deepcopy(spec["steps"]), **simple)
            )
            page.save_revision().publish()
            if stdout:
                stdout.write(f"  form created: /{spec['slug']}/")
            continue
        if edited_by_person(page):
            kept(stdout, f"/{spec['slug']}/")
            continue
        same = all(getattr(page, k) == v for k, v in simple.items())
        if same and same_stream(page.steps, spec["steps"]) and not page.has_unpublished_changes:
            continue
        for key, value in simple.items():
            setattr(page, key, value)
        page.steps = copy.deepcopy(spec["steps"])  # Wagtail adds block ids in place
        page.save_revision().publish()
        if stdout:
            stdout.write(f"  form updated: /{spec['slug']}/")
