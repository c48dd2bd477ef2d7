"""The supplier registry: companies named in complaints and those that enrolled,
their representatives, which supplier each forwarded case went to, and the
letters sent by post to suppliers that have not enrolled.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.brazil import (
    clean_cnpj,
    fold,
    format_cnpj,
    format_phone,
    normalise_cnpj,
    parse_phone,
)
from home.page_forms import SitePageForm
from home.routing import RoutedPageMixin


class CNPJModelField(models.CharField):
    """A CNPJ column holding the normalised 14 characters. Forms (the admin's
    included) accept it typed with punctuation or in lower case."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 14)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_cnpj(value) if value else value

    def formfield(self, **kwargs):
        from forms.fields import CNPJField

        return super().formfield(**{"form_class": CNPJField, **kwargs, "max_length": None})


class Sector(models.Model):
    """A market sector (telecom, banks, retail...): suppliers of one sector are
    compared with each other on the transparency pages. Staff keep the list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "Used in the address of the comparison, e.g. ?setor=telecomunicacoes. "
            "Made from the name when left empty."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class SupplierQuerySet(models.QuerySet):
    def enrolled(self):
        return self.filter(enrolled=True)

    def matching_name(self, text):
        """Suppliers whose legal or trade name contains `text`, ignoring case and accents."""
        key = fold(text)
        return self.filter(
            models.Q(legal_name_key__contains=key) | models.Q(trade_name_key__contains=key)
        )

    def named_exactly(self, text):
        """Suppliers whose legal or trade name is `text`, ignoring case and accents."""
        key = fold(text)
        return self.filter(models.Q(legal_name_key=key) | models.Q(trade_name_key=key))

    def by_display_name(self):
        return self.order_by(
            Coalesce(NullIf("trade_name_key", models.Value("")), "legal_name_key"), "pk"
        )


class Supplier(models.Model):
    """A company, identified by its CNPJ (stored normalised: 14 characters,
    digits and upper-case letters, no punctuation)."""

    cnpj = CNPJModelField(
        _("CNPJ"),
        unique=True,
        error_messages={"unique": _("A supplier with this CNPJ is already registered.")},
    )
    legal_name = models.CharField(_("legal name (razão social)"), max_length=200)
    trade_name = models.CharField(_("trade name (nome fantasia)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    address = models.TextField(_("postal address"), blank=True)
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suppliers",
        verbose_name=_("sector"),
        help_text=_(
            "The market the company works in; the supplier indicators compare it with "
            "the other companies of its sector."
        ),
    )
    enrolled = models.BooleanField(
        _("enrolled"),
        default=False,
        help_text=_("Enrolled suppliers receive and answer complaints online."),
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Folded copies of the names (no accents, lower case) so that matching is
    # accent-insensitive on SQLite and PostgreSQL alike. Kept in step by save().
    legal_name_key = models.CharField(max_length=200, editable=False, db_index=True)
    trade_name_key = models.CharField(max_length=200, editable=False, db_index=True, blank=True)

    objects = SupplierQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["legal_name_key", "pk"]
        constraints = [
            # The database refuses a CNPJ stored with punctuation or lower case,
            # so "12.345.678/0001-95" and "12345678000195" can never be two rows.
            models.CheckConstraint(
                condition=models.Q(cnpj__regex=r"^[0-9A-Z]{12}[0-9]{2}$"),
                name="supplier_cnpj_normalised",
            ),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.cnpj = normalise_cnpj(self.cnpj)
        self.legal_name_key = fold(self.legal_name)
        self.trade_name_key = fold(self.trade_name)
        if self.enrolled and self.enrolled_at is None:
            self.enrolled_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "legal_name_key",
                "trade_name_key",
                "enrolled_at",
            }
        super().save(*args, **kwargs)

    @property
    def display_name(self):
        return self.trade_name or self.legal_name

    @property
    def cnpj_formatted(self):
        return format_cnpj(self.cnpj)

    def clean(self):
        errors = {}
        try:
            self.cnpj = clean_cnpj(self.cnpj)
        except ValidationError as error:
            errors["cnpj"] = error
        if self.phone:
            try:
                self.phone = format_phone(parse_phone(self.phone))
            except ValidationError as error:
                errors["phone"] = error
        if errors:
            raise ValidationError(errors)


class RepresentativeQuerySet(models.QuerySet):
    def active(self):
        """Representatives who may act: not revoked, of an enrolled supplier, with an
        active account."""
        return self.filter(revoked_at__isnull=True, supplier__enrolled=True, user__is_active=True)

    def managers(self):
        """Active representatives who may invite and revoke others."""
        return self.active().filter(is_manager=True)

    def may_sign_in(self):
        """Active representatives whose account is not staff's: the supplier area
        never signs in, or sends a password link to, a staff account."""
        return self.active().filter(user__is_staff=False)


class Representative(models.Model):
    """A person who acts for a supplier in the supplier area. Their account is a
    plain Django user: not staff, no Wagtail admin access."""

    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.CASCADE,
        related_name="representatives",
        verbose_name=_("supplier"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="supplier_representations",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=200)
    cpf = models.CharField(_("CPF"), max_length=11, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    enrolment = models.ForeignKey(
        "procon_forms.Submission",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolment request"),
    )
    is_manager = models.BooleanField(
        _("manager"),
        default=False,
        help_text=_(
            "A manager invites and revokes the supplier's other representatives in the "
            "supplier area. Those named in the enrolment (with the proof of authority) are."
        ),
    )
    invited_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = RepresentativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["supplier", "name"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "user"], name="one_representation_per_user")
        ]

    def __str__(self):
        return f"{self.name} ({self.supplier})"

    @property
    def is_active(self):
        return self.revoked_at is None


class ForwardedCase(models.Model):
    """Which supplier a complaint was forwarded to (the inbox knows only the
    CNPJ or name the citizen typed; the supplier area reads this)."""

    case = models.OneToOneField(
        "inbox.Case",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="forwarding",
        verbose_name=_("case"),
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_cases",
        verbose_name=_("supplier"),
    )
    by_post = models.BooleanField(_("notified by post"), default=False)
    forwarded_at = models.DateTimeField(_("forwarded at"), default=timezone.now)

    class Meta:
        verbose_name = _("forwarded case")
        verbose_name_plural = _("forwarded cases")

    def __str__(self):
        return f"{self.case_id} -> {self.supplier}"


def new_code_salt():
    return secrets.token_hex(16)


class Letter(models.Model):
    """A notice of a complaint sent by post to a supplier that has not enrolled.

    Carries a one-case access code, derived from `code_salt` and the site's
    secret key (see `supplier_enrolment.letters.access_code`), so the database
    alone never holds a usable code.
    """

    class Status(models.TextChoices):
        # Not in the print queue until someone fills in the address.
        NO_ADDRESS = "no_address", _("waiting for an address")
        PENDING = "pending", _("to print and post")
        POSTED = "posted", _("posted")
        DELIVERED = "delivered", _("delivered")

    case = models.ForeignKey(
        "inbox.Case", on_delete=models.CASCADE, related_name="letters", verbose_name=_("case")
    )
    supplier = models.ForeignKey(
        Supplier,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("supplier"),
    )
    addressee = models.CharField(_("addressee"), max_length=255)
    addressee_cnpj = models.CharField(_("CNPJ"), max_length=14, blank=True)
    address = models.TextField(
        _("postal address"), blank=True, help_text=_("Fill in before printing if it is empty.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    code_salt = models.CharField(max_length=32, default=new_code_salt, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    tracking_code = models.CharField(_("AR tracking code"), max_length=30, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    # Set on a notice of a conciliation hearing; empty on the notice of the complaint.
    hearing = models.ForeignKey(
        "inbox.Hearing",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("hearing"),
    )

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["created_at", "pk"]
        permissions = [("print_letter", _("Can print letters and record their posting"))]

    def __str__(self):
        return f"{self.case_id} {self.addressee}"

    def save(self, *args, **kwargs):
        # A letter enters the print queue once it has somewhere to go, and
        # leaves it if the address is emptied before printing.
        has_address = bool(self.address.strip())
        if self.status == self.Status.NO_ADDRESS and has_address:
            self.status = self.Status.PENDING
        elif self.status == self.Status.PENDING and not has_address:
            self.status = self.Status.NO_ADDRESS
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "address" in update_fields:
            kwargs["update_fields"] = {*update_fields, "status"}
        super().save(*args, **kwargs)


class EnrolmentInfoPage(RoutedPageMixin, Page):
    """An editor's page that explains why a company should enrol and links to
    the enrolment form."""

    intro = models.TextField(_("introduction"), max_length=400)
    body = RichTextField(_("body"), blank=True)
    form_page = models.ForeignKey(
        "procon_forms.FormPage",
        verbose_name=_("enrolment form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    call_to_action = models.CharField(_("button text"), max_length=80, default="Pedir a adesão")

    base_form_class = SitePageForm
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        PageChooserPanel("form_page", "procon_forms.FormPage"),
        FieldPanel("call_to_action"),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    template = "supplier_enrolment/enrolment_info_page.html"

    class Meta:
        verbose_name = _("supplier enrolment information page")
