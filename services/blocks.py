"""StreamField blocks for guidance, step-by-step pages and news.

Each block names a part of a consumer-rights text that editors write often
(a right, the law behind it, a warning, questions and answers...), so pages
look the same across the site without editors styling anything by hand.
Every block has an icon, a template and a preview value for the admin.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from home.blocks import LinkBlock, LinkValue

# Headings come from HeadingBlock, so rich text stays to emphasis, lists and links.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def require_page_or_url(value, *, field="page"):
    """A link target is either a page of the site or an address, never both nor neither."""
    if bool(value.get("page")) == bool(value.get("url")):
        raise StructBlockValidationError(
            block_errors={
                field: ValidationError(_("Choose a page or type an address (one of the two)."))
            }
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (level 2)")), ("h3", _("Subsection (level 3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "services/blocks/heading.html"
        description = _("A section title. Use level 3 only inside a level 2 section.")
        preview_value = {"text": "Como pedir o dinheiro de volta", "level": "h2"}


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "services/blocks/rich_text.html"
        description = _("Plain paragraphs, lists and links.")
        preview_value = (
            "<p>Guarde sempre o <b>comprovante de compra</b> e o número de protocolo "
            "de cada contato com a empresa.</p>"
        )


class YourRightBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to show “Your right”."),
    )
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "success"
        label = _("Your right")
        template = "services/blocks/your_right.html"
        description = _("A highlighted box stating what the consumer is entitled to.")
        preview_value = {
            "title": "",
            "text": "<p>Você pode desistir da compra feita pela internet em até 7 dias.</p>",
        }


class LegalReferenceBlock(blocks.StructBlock):
    law = blocks.CharBlock(
        label=_("Law"),
        max_length=150,
        help_text=_("E.g. Código de Defesa do Consumidor (Lei nº 8.078/1990)."),
    )
    article = blocks.CharBlock(
        label=_("Article"), max_length=80, help_text=_("E.g. art. 49, parágrafo único.")
    )
    quote = blocks.TextBlock(
        label=_("Short quote"),
        required=False,
        max_length=600,
        help_text=_("The words of the law that matter here, quoted exactly."),
    )
    url = blocks.URLBlock(
        label=_("Link to the official text"),
        required=False,
        help_text=_("E.g. the law on planalto.gov.br."),
    )

    class Meta:
        icon = "openquote"
        label = _("Legal reference")
        template = "services/blocks/legal_reference.html"
        description = _("The law and article behind what the page says, with a short quote.")
        preview_value = {
            "law": "Código de Defesa do Consumidor (Lei nº 8.078/1990)",
            "article": "art. 49",
            "quote": "O consumidor pode desistir do contrato, no prazo de 7 dias a contar "
            "de sua assinatura ou do ato de recebimento do produto ou serviço...",
            "url": "https://www.planalto.gov.br/ccivil_03/leis/l8078compilado.htm",
        }


class WarningBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Warning")
        template = "services/blocks/warning.html"
        description = _("Something the reader must not miss: a deadline, a risk, a scam.")
        preview_value = {"text": "<p>O prazo de 7 dias conta a partir do recebimento.</p>"}


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("Question"), max_length=200)
    answer = blocks.RichTextBlock(label=_("Answer"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "help"
        label = _("Question")


class FAQBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to show “Frequently asked questions”."),
    )
    questions = blocks.ListBlock(QuestionBlock(), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        label = _("Frequently asked questions")
        template = "services/blocks/faq.html"
        description = _("Questions that open to show their answer; they work without JavaScript.")
        preview_value = {
            "title": "",
            "questions": [
                {
                    "question": "Preciso explicar por que desisti?",
                    "answer": "<p>Não. A lei não exige motivo.</p>",
                },
                {
                    "question": "Quem paga o frete de devolução?",
                    "answer": "<p>A empresa: o consumidor recebe de volta tudo o que pagou.</p>",
                },
            ],
        }


class StepItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Step"), max_length=150)
    text = blocks.RichTextBlock(label=_("Details"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ol"
        label = _("Step")


class NumberedStepsBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120, required=False)
    steps = blocks.ListBlock(StepItemBlock(), label=_("Steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Numbered steps")
        template = "services/blocks/numbered_steps.html"
        description = _("What to do, in order.")
        preview_value = {
            "title": "Como desistir da compra",
            "steps": [
                {"title": "Avise a loja por escrito", "text": "<p>Use e-mail ou o SAC.</p>"},
                {"title": "Anote o protocolo", "text": ""},
            ],
        }


class DocumentsBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to show “Documents to bring”."),
    )
    documents = blocks.ListBlock(
        blocks.CharBlock(label=_("Document"), max_length=200), label=_("Documents"), min_num=1
    )

    class Meta:
        icon = "doc-full"
        label = _("Documents to bring")
        template = "services/blocks/documents.html"
        description = _("A checklist of the papers the reader needs.")
        preview_value = {
            "title": "",
            "documents": ["Nota fiscal ou comprovante de compra", "Conversas com a empresa"],
        }


class RelatedLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(
        label=_("Title"),
        max_length=80,
        required=False,
        help_text=_("Leave empty to show “See also”."),
    )
    links = blocks.ListBlock(LinkBlock(), label=_("Links"), min_num=1)

    class Meta:
        icon = "link"
        label = _("Related links")
        template = "services/blocks/related_links.html"
        description = _("Other pages or sites that help the reader.")
        preview_value = {
            "title": "",
            "links": [
                {"label": "Consumidor.gov.br", "page": None, "url": "https://consumidor.gov.br/"}
            ],
        }


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), max_length=300, required=False)
    button_text = blocks.CharBlock(label=_("Button text"), max_length=60)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Address"),
        max_length=300,
        required=False,
        help_text=_("Use when the target is not a page, e.g. /reclamacao/."),
    )

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "services/blocks/call_to_action.html"
        description = _("A prominent button to the next thing to do, e.g. register a complaint.")
        value_class = LinkValue
        preview_value = {
            "title": "Não conseguiu resolver com a empresa?",
            "text": "Registre sua reclamação no Procon pela internet.",
            "button_text": "Registrar reclamação",
            "page": None,
            "url": "/reclamacao/",
        }

    def clean(self, value):
        value = super().clean(value)
        require_page_or_url(value)
        return value


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    your_right = YourRightBlock()
    legal_reference = LegalReferenceBlock()
    warning = WarningBlock()
    faq = FAQBlock()
    numbered_steps = NumberedStepsBlock()
    documents = DocumentsBlock()
    related_links = RelatedLinksBlock()
    call_to_action = CallToActionBlock()


class NewsStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    your_right = YourRightBlock()
    legal_reference = LegalReferenceBlock()
    warning = WarningBlock()
    related_links = RelatedLinksBlock()
    call_to_action = CallToActionBlock()


# Step-by-step navigation (the GOV.UK pattern) ---------------------------------------

STEP_LOGIC_NUMBER = "number"
STEP_LOGIC_AND = "and"
STEP_LOGIC_OR = "or"


class TaskBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("Label"),
        max_length=150,
        required=False,
        help_text=_("Leave empty to use the page's title."),
    )
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(label=_("Address"), max_length=300, required=False)
    note = blocks.CharBlock(
        label=_("Note"),
        max_length=80,
        required=False,
        help_text=_("Shown after the link, e.g. “optional” or a cost."),
    )

    class Meta:
        icon = "link"
        label = _("Task")
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        require_page_or_url(value)
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("A link to an address needs a label."))}
            )
        return value


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    logic = blocks.ChoiceBlock(
        label=_("Relation to the previous step"),
        choices=[
            (STEP_LOGIC_NUMBER, _("New numbered step")),
            (STEP_LOGIC_AND, _("“and”: done together with the previous step")),
            (STEP_LOGIC_OR, _("“or”: an alternative to the previous step")),
        ],
        default=STEP_LOGIC_NUMBER,
    )
    description = blocks.RichTextBlock(
        label=_("Description"), features=RICH_TEXT_FEATURES, required=False
    )
    tasks = blocks.ListBlock(TaskBlock(), label=_("Tasks"))

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "services/blocks/step.html"
        # A step is a list item: its preview wraps it in the list it lives in.
        preview_template = "services/blocks/step_preview.html"
        description = _("One step of the journey, with the tasks that complete it.")
        preview_value = {
            "title": "Escolha reclamação ou consulta",
            "logic": STEP_LOGIC_NUMBER,
            "description": "<p>Consulta é para tirar dúvidas; reclamação é contra uma empresa.</p>",
            "tasks": [
                {"label": "Registrar reclamação", "page": None, "url": "/reclamacao/", "note": ""}
            ],
        }


class StepsStreamBlock(blocks.StreamBlock):
    step = StepBlock()

    class Meta:
        min_num = 1

    def clean(self, value):
        value = super().clean(value)
        if value and value[0].value.get("logic") != STEP_LOGIC_NUMBER:
            raise blocks.StreamBlockValidationError(
                non_block_errors=[ValidationError(_("The first step must be a numbered step."))]
            )
        return value


def number_steps(steps):
    """Pair each step with the label shown beside it: its number, or "and"/"or".

    As in GOV.UK's step-by-step pattern, an "and"/"or" step shares the number of
    the step before it, so numbers only grow on numbered steps.
    """
    labels = {STEP_LOGIC_AND: _("and"), STEP_LOGIC_OR: _("or")}
    number = 0
    numbered = []
    for block in steps:
        logic = block.value.get("logic") or STEP_LOGIC_NUMBER
        if logic == STEP_LOGIC_NUMBER or number == 0:
            number += 1
            numbered.append((str(number), False, block))
        else:
            numbered.append((labels[logic], True, block))
    return numbered
