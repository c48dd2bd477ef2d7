from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from forms.brazil import fold, normalise_cnpj

from .models import Supplier


class SupplierIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # Names ignoring case and accents; the CNPJ with or without punctuation
        # ("12.345.678/0001-95" finds the stored "12345678000195").
        key = fold(self.search_query)
        query = Q(legal_name_key__contains=key) | Q(trade_name_key__contains=key)
        cnpj = normalise_cnpj(self.search_query)
        if cnpj:
            query |= Q(cnpj__contains=cnpj)
        return queryset.filter(query)


class SupplierViewSet(SnippetViewSet):
    model = Supplier
    index_view_class = SupplierIndexView
    icon = "group"
    menu_label = _("Suppliers")
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "legal_name",
        "trade_name",
        Column("cnpj_formatted", label=_("CNPJ")),
        "enrolled",
        "updated_at",
    ]
    list_filter = ["enrolled"]
    search_fields = ["legal_name", "trade_name", "cnpj"]
    list_export = ["legal_name", "trade_name", "cnpj_formatted", "email", "enrolled"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [FieldPanel("cnpj"), FieldPanel("legal_name"), FieldPanel("trade_name")],
            heading=_("Company"),
        ),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone")], heading=_("Contacts")),
        MultiFieldPanel(
            [FieldPanel("enrolled"), FieldPanel("enrolled_at")], heading=_("Enrolment")
        ),
    ]


register_snippet(SupplierViewSet)
