"""Field types answered from the site's own records: the supplier register and
the problem taxonomy editors keep under "Temas"."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.blocks import SnippetChooserBlock

from ..conditions import token
from .base import FieldBlock


class SupplierBlock(FieldBlock):
    type_name = "supplier"

    class Meta:
        label = _("Supplier (company)")
        description = _("The company: name or CNPJ, matched against the supplier register.")
        icon = "group"

    def make_field(self, value, context, **kwargs):
        from ..fields import SupplierField

        return SupplierField(**kwargs)

    @staticmethod
    def display(definition, stored):
        if not stored:
            return ""
        from core.brazil import format_cnpj

        name = stored.get("name") or ""
        cnpj = stored.get("cnpj")
        return f"{name} (CNPJ {format_cnpj(cnpj)})" if cnpj else name

    @staticmethod
    def tokens(definition, stored):
        return {token(stored.get("name", ""))} if stored else set()


class ProblemBlock(FieldBlock):
    """Topic > subject > problem from the taxonomy editors keep under "Temas"."""

    type_name = "problem"
    required_message = _("Choose the problem for “%(label)s”.")
    topic = SnippetChooserBlock(
        "services.Topic",
        label=_("Only problems of this topic"),
        required=False,
        help_text=_("Leave empty to offer every topic."),
    )

    class Meta:
        label = _("Problem (from the topics)")
        description = _("Topic, subject and problem, from the topics editors keep.")
        icon = "tag"

    def make_field(self, value, context, **kwargs):
        from ..fields import ProblemField

        return ProblemField(topic=value.get("topic"), **kwargs)

    def definition(self, value):
        topic = value.get("topic")
        return {**super().definition(value), "topic": topic.slug if topic else ""}

    @staticmethod
    def display(definition, stored):
        if not stored:
            return ""
        return " \u203a ".join(stored[level] for level in ("topic", "subject", "problem"))

    @staticmethod
    def tokens(definition, stored):
        if not stored:
            return set()
        return {token(stored[level]) for level in ("topic", "subject", "problem")}
