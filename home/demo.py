"""Demo content for the home page and the agency settings (Procon-MT).

Each loader is idempotent: it looks things up by a stable key (slug, site)
and only creates or updates; running it twice changes nothing. Nothing a
person changed in the admin is overwritten: a page or snippet someone edited,
published, unpublished or moved is left as it is (`edited_by_person`), and
the agency settings are only filled where they are empty or at their default.
"""

from wagtail.models import Locale, Page, Site

from .models import AgencySettings, HomePage, PrivacyNoticePage

AGENCY = {
    "name": "Superintendência de Defesa do Consumidor de Mato Grosso",
    "acronym": "Procon",
    "state": "MT",
    "address": "Rua Baldomero Lopes, s/n, Centro\nCuiabá - MT, 78005-000",
    "phone": "151",
    "email": "atendimento@procon.mt.gov.br",
    "opening_hours": "Segunda a sexta, das 8h às 17h",
    "dpo_name": "Encarregado de Proteção de Dados",
    "dpo_email": "encarregado@procon.mt.gov.br",
    "dpo_phone": "(65) 3613-0000",
}

SERVICES = [
    (
        "Registrar reclamação",
        "Teve um problema com uma empresa e não resolveu? Registre sua reclamação.",
        "/reclamacao/",
        "Registrar reclamação",
    ),
    (
        "Fazer uma consulta",
        "Tire dúvidas sobre seus direitos antes ou depois de uma compra.",
        "/consulta/",
        "Fazer consulta",
    ),
    (
        "Acompanhar meu atendimento",
        "Já registrou? Veja a situação, responda ao Procon e avalie a resposta da empresa.",
        "/acompanhar/",
        "Acompanhar atendimento",
    ),
    (
        "Área do fornecedor",
        "Empresas: entrem para responder às reclamações pela internet. A adesão começa na mesma página.",
        "/fornecedor/",
        "Entrar na área do fornecedor",
    ),
]


def _without_ids(data):
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    if isinstance(data, dict):
        return {
            key: _without_ids(value)
            for key, value in data.items()
            if not (key == "id" and "value" in data)
        }
    return data


def stream_data(stream_value):
    """A StreamField's content in storage form without block ids, to compare."""
    return _without_ids(stream_value.stream_block.get_prep_value(stream_value))


def same_stream(stream_value, wanted_raw):
    """Whether a StreamField holds `wanted_raw` (demo data), ignoring block ids."""
    block = stream_value.stream_block
    return stream_data(stream_value) == _without_ids(
        block.get_prep_value(block.to_python(wanted_raw))
    )


def edited_by_person(instance):
    """Whether someone signed in changed `instance` (a page or a snippet) in the
    admin. Wagtail records the user with every revision (drafts included) and
    logs every publication, unpublication and move with it; the demo loaders
    run without one."""
    from wagtail.log_actions import registry

    if instance is None or instance.pk is None:
        return False
    revisions = getattr(instance, "revisions", None)  # drafts are saved without a log entry
    if revisions is not None and revisions.exclude(user=None).exists():
        return True
    return registry.get_logs_for_instance(instance).exclude(user=None).exists()


def kept(stdout, what):
    if stdout:
        stdout.write(f"  kept as edited in the admin: {what}")


def default_site():
    """The default site and its HomePage, created when the database has none
    (the migration normally creates them; a flushed test database does not)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        Locale.objects.get_or_create(language_code="pt-br")
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(instance=HomePage(title="Procon", slug="home"))
        site = Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True
        )
    return site, site.root_page.specific


def load_home_page(stdout=None):
    """Fill the home page and the agency settings of the default site."""
    site, home = default_site()
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage.")

    settings_obj = AgencySettings.for_site(site)
    changed = False
    for field, value in AGENCY.items():
        # What the agency wrote stays: only an empty field, or one still at the
        # model's default, is filled.
        current = getattr(settings_obj, field)
        if current != value and current in (
            "",
            None,
            AgencySettings._meta.get_field(field).get_default(),
        ):
            setattr(settings_obj, field, value)
            changed = True
    menu = [
        {"type": "link", "value": {"label": label, "page": None, "url": url}}
        for label, url in [
            ("Orientações", "/orientacoes/"),
            ("Reclamação", "/reclamacao/"),
            ("Consulta", "/consulta/"),
            ("Acompanhar", "/acompanhar/"),
            ("Notícias", "/noticias/"),
            ("Transparência", "/indicadores/fornecedores/"),
        ]
    ]
    if not settings_obj.main_menu:
        settings_obj.main_menu = menu
        changed = True
    if changed:
        settings_obj.save()

    services = [
        {
            "type": "service",
            "value": {
                "title": title,
                "description": description,
                "page": None,
                "url": url,
                "button_text": button,
            },
        }
        for title, description, url, button in SERVICES
    ]
    wanted = {
        "title": "Procon-MT: defesa do consumidor em Mato Grosso",
        "intro": (
            "Orientação gratuita sobre seus direitos e atendimento de reclamações contra "
            "empresas, pela internet, em todo o estado."
        ),
        "featured_title": "Destaques",
    }
    current = {key: getattr(home, key) for key in wanted}
    if edited_by_person(home):
        kept(stdout, "home page")
    elif (
        current != wanted
        or not same_stream(home.services, services)
        or home.has_unpublished_changes
    ):
        for key, value in wanted.items():
            setattr(home, key, value)
        home.draft_title = home.title
        home.services = services
        home.save_revision().publish()
        if stdout:
            stdout.write("  home page updated")


PRIVACY_SLUG = "privacidade"
PRIVACY_INTRO = (
    "Como o Procon-MT usa os dados pessoais de quem registra uma reclamação, faz uma "
    "consulta ou representa uma empresa, com base na Lei Geral de Proteção de Dados "
    "(Lei 13.709/2018)."
)
PRIVACY_BODY = """
<h2>Por que tratamos seus dados</h2>
<p>O Procon é um órgão público. Tratamos dados pessoais para cumprir as atribuições que a lei nos dá
na defesa do consumidor (Código de Defesa do Consumidor e Decreto 2.181/1997), com base no
art. 7º, inciso III, e no art. 23 da LGPD (execução de políticas públicas e competências legais do
poder público). Por isso não pedimos seu consentimento: informamos aqui como e por que seus dados
são usados.</p>
<h2>Para que usamos</h2>
<ul>
<li>Registrar, analisar e acompanhar sua reclamação ou consulta e responder a você.</li>
<li>Notificar a empresa reclamada e intermediar a solução do conflito.</li>
<li>Abrir processo administrativo quando a lei o exigir.</li>
<li>Produzir estatísticas e o cadastro anual de reclamações fundamentadas (CDC, art. 44), sempre sem
dados pessoais.</li>
</ul>
<h2>Quais dados guardamos</h2>
<p>Nome, CPF, e-mail, telefone e endereço (com CEP e município); os dados da compra e do problema que você relata; os
documentos que você anexa (documento de identidade, notas fiscais, contratos, conversas); as mensagens
trocadas no atendimento. Pedimos apenas o necessário para atender seu pedido (art. 6º, III).</p>
<h2>Com quem compartilhamos</h2>
<p>Com a empresa reclamada, somente o necessário para que ela identifique o caso e responda: seu nome,
seu CPF (para que a empresa encontre você entre os clientes dela), o município onde você mora, a
reclamação (o relato e os dados da compra) e os documentos compartilhados com ela; nunca seu endereço,
CEP, e-mail ou telefone. Ao anexar um arquivo, você diz o que ele é: documento de identidade,
comprovante de compra ou outro documento. Documentos de identidade não são enviados à empresa, a menos
que o Procon decida que ela precisa deles para responder; os demais documentos do caso são enviados, e o
Procon pode deixar de enviar algum. Cada vez que a empresa abre o caso ou baixa um documento, o acesso
fica registrado.
Empresas cadastradas recebem pela área do fornecedor; as demais, por carta. Para preencher seu endereço
a partir do CEP, podemos consultar um serviço de endereços: enviamos a ele só o CEP, nada mais. Também podemos compartilhar com outros órgãos públicos quando a lei o exigir (por exemplo,
Ministério Público e Poder Judiciário). Não vendemos nem cedemos seus dados para outros fins.</p>
<h2>Por quanto tempo</h2>
<p>Enquanto o caso estiver em andamento e por cinco anos depois do encerramento, prazo em que o caso
ainda pode ser consultado ou contestado. Depois disso, seus dados pessoais são anonimizados e os
documentos anexados são apagados; ficam apenas números para estatística. Formulários não enviados
são apagados em poucos dias.</p>
<h2>Formulários ainda não enviados</h2>
<p>Enquanto você preenche um formulário, guardamos no nosso sistema as respostas de cada etapa e os
documentos anexados, para que nada se perca. Se você usar “Salvar e continuar depois”, guardamos também
o que estava na etapa (mesmo incompleto) e o e-mail que você informar, para onde enviamos o link para
continuar e um único lembrete dois dias antes de o formulário expirar. O e-mail é apagado quando você
envia o formulário; o formulário não enviado é apagado inteiro, com os documentos, quando expira (a data
aparece quando você salva).</p>
<p>No seu aparelho: com o JavaScript ativo, o navegador guarda o que você digita na etapa em andamento
(textos e opções marcadas, nunca os arquivos) no armazenamento desta aba (<em>sessionStorage</em>), para
recuperar o texto se a página recarregar ou a conexão cair. Isso é apagado quando a etapa chega ao nosso
sistema, quando o formulário é enviado (todas as etapas) e quando você fecha a aba. Não usamos esse
armazenamento para mais nada.</p>
<h2>Seus direitos (art. 18 da LGPD)</h2>
<ul>
<li>Confirmar se tratamos dados seus e ter acesso a eles.</li>
<li>Corrigir dados incompletos, inexatos ou desatualizados.</li>
<li>Pedir a anonimização, o bloqueio ou a eliminação de dados desnecessários ou excessivos.</li>
<li>Receber seus dados em formato estruturado (portabilidade).</li>
<li>Saber com quem compartilhamos seus dados.</li>
<li>Apresentar reclamação à Autoridade Nacional de Proteção de Dados (ANPD).</li>
</ul>
<p>Para exercer esses direitos, fale com o encarregado de proteção de dados pelo contato abaixo.
Responderemos em até 15 dias.</p>
<h2>Segurança</h2>
<p>Os documentos ficam em armazenamento privado e só são abertos por servidores autorizados; cada
acesso é registrado. Se houver um incidente de segurança que possa afetar você, comunicaremos a você e
à ANPD.</p>
"""


def load_privacy_notice(stdout=None):
    """The privacy notice at /privacidade/, named in the agency settings."""
    import datetime

    site, home = default_site()
    wanted = {
        "title": "Aviso de privacidade",
        "intro": PRIVACY_INTRO,
        "body": PRIVACY_BODY.strip(),
        "last_reviewed": datetime.date(2026, 12, 1),
    }
    page = PrivacyNoticePage.objects.child_of(home).filter(slug=PRIVACY_SLUG).first()
    if page is None:
        page = PrivacyNoticePage(slug=PRIVACY_SLUG, **wanted)
        home.add_child(instance=page)
        page.save_revision().publish()
        if stdout:
            stdout.write("  privacy notice published")
    elif edited_by_person(page):
        kept(stdout, page.url_path)
    elif (
        any(getattr(page, key) != value for key, value in wanted.items())
        or not page.live
        or page.has_unpublished_changes
    ):
        for key, value in wanted.items():
            setattr(page, key, value)
        page.draft_title = page.title
        page.save_revision().publish()
    agency = AgencySettings.for_site(site)
    if agency.privacy_page_id != page.pk:
        agency.privacy_page = page
        agency.save()
