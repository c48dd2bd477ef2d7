"""The home page and the site-wide settings editors manage in the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from localflavor.br.br_states import STATE_CHOICES
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from core.brazil import clean_cnpj, format_cnpj, normalise_cnpj

from . import lgpd
from .blocks import LinkBlock, MenuLinkBlock, ServiceEntryBlock, SocialLinkBlock
from .page_forms import SitePageForm
from .routing import RoutedPageMixin


class HomePage(RoutedPageMixin, Page):
    """The site's front door: the main services first, then featured content."""

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the page title."),
    )
    services = StreamField(
        [("service", ServiceEntryBlock())],
        verbose_name=_("services"),
        blank=True,
        help_text=_("Entry points to the main services: complaint, consultation, tracking..."),
    )
    featured_title = models.CharField(
        _("featured section title"), max_length=80, blank=True, default="Destaques"
    )
    featured = StreamField(
        [("link", LinkBlock())],
        verbose_name=_("featured content"),
        blank=True,
    )
    body = RichTextField(_("more information"), blank=True)

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("services"),
        MultiFieldPanel(
            [FieldPanel("featured_title"), FieldPanel("featured")],
            heading=_("Featured content"),
        ),
        FieldPanel("body"),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["is_home"] = True
        return context


class PrivacyNoticePage(RoutedPageMixin, Page):
    """The privacy notice (LGPD): why and how the agency processes personal data.

    The data protection officer's contact comes from the agency settings, so it
    is kept in one place and shown the same here and in the footer.
    """

    intro = models.CharField(
        _("introduction"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences under the page title."),
    )
    body = RichTextField(_("notice"))
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("privacy notice page")
        verbose_name_plural = _("privacy notice pages")


def validate_cnpj(value):
    """A CNPJ typed with or without punctuation, numeric or alphanumeric."""
    clean_cnpj(value)


@register_setting(icon="site")
class AgencySettings(BaseSiteSetting):
    """Who runs this site: identity, contacts, and who answers for personal data
    (the controller and the data protection officer, LGPD arts. 9 and 41; see
    `home.lgpd`)."""

    name = models.CharField(
        _("agency name"),
        max_length=200,
        default="Programa Estadual de Proteção e Defesa do Consumidor",
    )
    acronym = models.CharField(_("acronym"), max_length=30, default="Procon")
    state = models.CharField(
        _("state served (UF)"),
        max_length=2,
        choices=STATE_CHOICES,
        default="MT",
        help_text=_("Decides which municipalities the forms offer."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    social_links = StreamField(
        [("link", SocialLinkBlock())], verbose_name=_("social networks"), blank=True
    )
    main_menu = StreamField(
        [("link", MenuLinkBlock())],
        verbose_name=_("main menu"),
        blank=True,
        help_text=_("Links in the site header, in this order."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    controller_name = models.CharField(
        _("controller (controlador)"),
        max_length=200,
        blank=True,
        help_text=_(
            "The legal entity that answers for the personal data this site collects "
            "(LGPD art. 5, VI), as registered under its CNPJ. Citizens reach it through "
            "the contacts above."
        ),
    )
    controller_cnpj = models.CharField(
        _("controller's CNPJ"), max_length=18, blank=True, validators=[validate_cnpj]
    )
    dpo_name = models.CharField(
        _("data protection officer (encarregado)"),
        max_length=200,
        blank=True,
        help_text=_(
            "The person's name, not the job title: LGPD art. 41 asks for the officer's "
            "identity and contact to be published."
        ),
    )
    dpo_email = models.EmailField(_("data protection officer email"), blank=True)
    dpo_phone = models.CharField(_("data protection officer phone"), max_length=40, blank=True)

    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("acronym"), FieldPanel("state")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
                FieldPanel("social_links"),
            ],
            heading=_("Contacts"),
        ),
        FieldPanel("main_menu"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("controller_name"),
                FieldPanel("controller_cnpj"),
                FieldPanel("dpo_name"),
                FieldPanel("dpo_email"),
                FieldPanel("dpo_phone"),
            ],
            heading=_("Privacy (LGPD)"),
        ),
    ]

    class Meta:
        verbose_name = _("agency settings")

    def __str__(self):
        return self.acronym

    def save(self, *args, **kwargs):
        # Stored as its 14 characters, whatever punctuation was typed (the
        # field's validator has checked it).
        self.controller_cnpj = normalise_cnpj(self.controller_cnpj)
        super().save(*args, **kwargs)

    @property
    def controller_cnpj_formatted(self):
        return format_cnpj(self.controller_cnpj)

    @property
    def dpo_named(self):
        """Whether the officer's name names a person (not the job title)."""
        return not lgpd.is_placeholder(self.dpo_name)

    @classmethod
    def for_site_id(cls, site_id):
        """The settings of the site with this id, kept in Django's cache under the
        page generation (``home.page_cache``), which saving them changes: form steps
        read the state and contacts on every request without asking the database.
        Each call gets its own copy; the admin edits the row itself (``for_site``)."""
        from wagtail.models import Site

        from . import page_cache

        cache = page_cache.backend()
        key = f"agency-settings:{site_id}"
        version = page_cache.generation(cache)
        agency = cache.get(key, version=version)
        if agency is None:
            agency = cls.for_site(Site.objects.get(pk=site_id))
            cache.set(key, agency, page_cache.seconds() or 600, version=version)
        return agency
