from django import forms
from django.db.models import Q
from django.urls import path
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.admin_ui import PolicyViewSet
from core.brazil import fold, normalise_cnpj
from inbox import audit

from . import admin_permissions, admin_views, area, enrolment, lgpd, lookup, notices
from .area_views import cases as area_cases
from .models import Letter, Representative, Sector, Supplier


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
        "sector",
        "enrolled",
        "updated_at",
    ]
    list_filter = ["enrolled", "sector"]
    search_fields = ["legal_name", "trade_name", "cnpj"]
    list_export = ["legal_name", "trade_name", "cnpj_formatted", "email", "enrolled"]
    inspect_view_enabled = True
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("cnpj"),
                FieldPanel("legal_name"),
                FieldPanel("trade_name"),
                FieldPanel("sector"),
            ],
            heading=_("Company"),
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")],
            heading=_("Contacts"),
        ),
        MultiFieldPanel(
            [FieldPanel("enrolled"), FieldPanel("enrolled_at")], heading=_("Enrolment")
        ),
    ]


register_snippet(SupplierViewSet)


class SectorViewSet(SnippetViewSet):
    """Market sectors: the supplier indicators compare suppliers within one."""

    model = Sector
    icon = "tag"
    menu_label = _("Sectors")
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(SectorViewSet)


class RepresentativeForm(WagtailAdminModelForm):
    """Adding a representative creates their account and emails the link to
    choose a password; "revoked" stops them acting for the supplier; "send a
    new link" emails an active representative a fresh link (the first expired,
    or they lost it)."""

    revoked = forms.BooleanField(
        label=_("Revoked"),
        required=False,
        help_text=_("A revoked representative can no longer sign in for this supplier."),
    )
    send_link = forms.BooleanField(
        label=_("Send a new link to choose a password"),
        required=False,
        help_text=_(
            "Sent when you save, to the email above. The current password keeps "
            "working until a new one is chosen. Not sent to a revoked representative."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["revoked"].initial = bool(self.instance.pk and self.instance.revoked_at)
        if self.instance.pk is None:
            del self.fields["send_link"]  # adding one sends the first link anyway

    def save(self, commit=True):
        representative = self.instance
        if representative.pk is None:
            return enrolment.add_representative(
                self.cleaned_data["supplier"],
                name=self.cleaned_data["name"],
                email=self.cleaned_data["email"],
                cpf=self.cleaned_data.get("cpf", ""),
                phone=self.cleaned_data.get("phone", ""),
                is_manager=self.cleaned_data.get("is_manager", False),
            )
        revoked = self.cleaned_data.get("revoked")
        if revoked and representative.revoked_at is None:
            representative.revoked_at = timezone.now()
        elif not revoked:
            representative.revoked_at = None
        saved = super().save(commit=commit)
        if self.cleaned_data.get("send_link") and not revoked and not saved.user.is_staff:
            enrolment.queue_set_password_email(saved)
        return saved


class RepresentativeViewSet(SnippetViewSet):
    model = Representative
    chooser_viewset_class = admin_permissions.PermissionCheckedChooserViewSet
    icon = "user"
    menu_label = _("Representatives")
    add_to_admin_menu = False
    list_display = ["name", "supplier", "email", "is_manager", "revoked_at"]
    list_filter = ["supplier__enrolled"]
    search_fields = ["name", "email"]
    inspect_view_enabled = True
    edit_handler = ObjectList(
        [
            FieldPanel("supplier"),
            FieldPanel("name"),
            FieldPanel("email"),
            FieldPanel("cpf"),
            FieldPanel("phone"),
            FieldPanel("is_manager"),
            FieldPanel("revoked"),
            FieldPanel("send_link"),
        ],
        base_form_class=RepresentativeForm,
    )


class LetterViewSet(SnippetViewSet):
    model = Letter
    chooser_viewset_class = admin_permissions.PermissionCheckedChooserViewSet
    icon = "mail"
    menu_label = _("Letters")
    add_to_admin_menu = False
    list_display = ["addressee", "status", "tracking_code", "delivered_on", "created_at"]
    list_filter = ["status"]
    inspect_view_enabled = True
    panels = [FieldPanel("addressee"), FieldPanel("addressee_cnpj"), FieldPanel("address")]


register_permission_policy(Letter, admin_permissions.LetterPermissionPolicy(Letter))
register_snippet(RepresentativeViewSet)
register_snippet(LetterViewSet)


@hooks.register("forms_attachment_access")
def supplier_representative_may_download(user, attachment):
    """Representatives of the supplier a case was forwarded to may download its files."""
    return area.may_download(user, attachment)


@hooks.register("inbox_case_notices")
def forwarding_notices(case):
    """On the staff's case page: the complaint goes by post to an enrolled company
    without an active representative, or its letter waits for an address."""
    return notices.case_notices(case)


class LetterQueueViewSet(PolicyViewSet):
    """The print queue under /admin/cartas/: the listing of letters by status
    and its actions (one PDF, a batch, posted, delivered). Shown to whoever may
    print letters (`LetterPermissionPolicy`: case staff or `print_letter`)."""

    name = "supplier_letters"
    url_prefix = "cartas"
    icon = "mail"
    menu_label = _("Letters to suppliers")
    menu_name = "letters"
    menu_order = 160
    add_to_admin_menu = True
    menu_permissions = ("print",)

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Letter)

    def get_urlpatterns(self):
        queue = admin_views.LetterQueueView
        return [
            path("", self.construct_view(queue), name="queue"),
            path(
                "resultados/", self.construct_view(queue, results_only=True), name="queue_results"
            ),
            path("lote/", admin_views.batch_pdf, name="batch"),
            path("<int:pk>/pdf/", admin_views.letter_pdf, name="pdf"),
            path("<int:pk>/postada/", admin_views.posted, name="posted"),
            path("<int:pk>/entregue/", admin_views.delivered, name="delivered"),
        ]


@hooks.register("register_admin_viewset")
def register_letter_queue_viewset():
    return LetterQueueViewSet()


@hooks.register("privacy_export_submission")
def export_supplier_records(submission):
    """A data-subject export includes the forwarding, letters and proposed solutions."""
    return lgpd.export_submission(submission)


@hooks.register("privacy_anonymise_submission")
def anonymise_supplier_records(submission):
    """Anonymising a submission clears the supplier's free text in the events' data."""
    lgpd.anonymise_submission(submission)


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    audit.register(
        actions,
        area_cases.AUDIT_CASE_VIEW,
        _("Case opened in the supplier area"),
        _("Opened the case in the supplier area"),
    )
    audit.register(
        actions,
        area_cases.AUDIT_DOWNLOAD,
        _("File downloaded in the supplier area"),
        _("Downloaded a file of the case in the supplier area"),
    )
    audit.register(
        actions,
        area_cases.AUDIT_DENIED,
        _("Unshared file refused in the supplier area"),
        _("Asked in the supplier area for a file not shared with the supplier"),
    )


@hooks.register("forms_resolve_supplier")
def resolve_supplier(text):
    """The form builder's supplier fields find companies in this registry."""
    return lookup.resolve_supplier(text)
