"""Blocks for the home page and site-wide navigation."""

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from .links import localized_path


def _require_page_or_url(value):
    if bool(value.get("page")) == bool(value.get("url")):
        raise StructBlockValidationError(
            block_errors={
                "page": ValidationError(_("Choose a page or type an address (one of the two)."))
            }
        )


class LinkValue(blocks.StructValue):
    @property
    def href(self):
        """The page's address, or the URL; a path on this site in the reader's
        language (home/i18n.py)."""
        page = self.get("page")
        if page:
            return page.url
        return localized_path(self.get("url") or "")

    @property
    def text(self):
        """The label: in the reader's language when the link has one for it
        (`MenuLinkBlock`), else the label given or the page's title in it."""
        translated = self.get(f"label_{translation.get_language()}")
        if translated:
            return translated
        page = self.get("page")
        return self.get("label") or (page.localized.title if page else self.get("url"))


class LinkBlock(blocks.StructBlock):
    """A link to a page of the site or to an address (e.g. /acompanhar/)."""

    label = blocks.CharBlock(label=_("Label"), max_length=80, required=False)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(label=_("Address"), max_length=300, required=False)

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue

    def clean(self, value):
        value = super().clean(value)
        _require_page_or_url(value)
        if value.get("url") and not value.get("label"):
            raise StructBlockValidationError(
                block_errors={"label": ValidationError(_("A link to an address needs a label."))}
            )
        return value


class MenuLinkBlock(LinkBlock):
    """A link of the site's menu, with its label in English and Spanish. The
    agency settings hold the menu and are not translated as pages are: the
    labels for the other languages live beside the Portuguese one."""

    label_en = blocks.CharBlock(
        label=_("Label in English"),
        max_length=80,
        required=False,
        help_text=_("Shown on the English site (/en/); empty: the Portuguese label."),
    )
    label_es = blocks.CharBlock(
        label=_("Label in Spanish"),
        max_length=80,
        required=False,
        help_text=_("Shown on the Spanish site (/es/); empty: the Portuguese label."),
    )

    class Meta:
        icon = "link"
        label = _("Link")
        value_class = LinkValue


class ServiceEntryBlock(blocks.StructBlock):
    """A prominent entry point on the home page: complaint, consultation, tracking..."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    description = blocks.TextBlock(label=_("Short description"), max_length=240)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.CharBlock(
        label=_("Address"),
        required=False,
        max_length=300,
        help_text=_("Use when the service is not a page, e.g. /acompanhar/."),
    )
    button_text = blocks.CharBlock(label=_("Button text"), max_length=40)

    class Meta:
        icon = "pick"
        label = _("Service")
        template = "home/blocks/service_entry.html"
        value_class = LinkValue
        preview_value = {
            "title": "Registrar reclamação",
            "description": "Teve um problema com uma empresa? Registre sua reclamação.",
            "url": "/reclamacao/",
            "button_text": "Começar",
        }

    def clean(self, value):
        value = super().clean(value)
        _require_page_or_url(value)
        return value


class SocialLinkBlock(blocks.StructBlock):
    network = blocks.ChoiceBlock(
        label=_("Network"),
        choices=[
            ("instagram", "Instagram"),
            ("facebook", "Facebook"),
            ("youtube", "YouTube"),
            ("x", "X"),
            ("tiktok", "TikTok"),
            ("linkedin", "LinkedIn"),
            ("whatsapp", "WhatsApp"),
        ],
    )
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "site"
        label = _("Social network")
