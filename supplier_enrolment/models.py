"""The supplier registry: companies named in complaints and those that enrolled.

Minimal for now; representatives, addresses and the supplier area extend it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.brazil import (
    clean_cnpj,
    fold,
    format_cnpj,
    format_phone,
    normalise_cnpj,
    parse_phone,
)


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

    cnpj = CNPJModelField(_("CNPJ"), unique=True)
    legal_name = models.CharField(_("legal name (razão social)"), max_length=200)
    trade_name = models.CharField(_("trade name (nome fantasia)"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
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
