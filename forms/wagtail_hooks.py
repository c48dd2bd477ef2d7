from django.db.models import Q
from django.templatetags.static import static
from django.utils.html import format_html, json_script
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from core.brazil import fold, only_digits

from . import approval
from .reference import Municipality


class MunicipalityIndexView(IndexView):
    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        # "sao jose" finds "São José"; digits find the IBGE code.
        query = Q(sort_name__contains=fold(self.search_query))
        digits = only_digits(self.search_query)
        if digits:
            query |= Q(ibge_code__startswith=digits)
        return queryset.filter(query)


class MunicipalityViewSet(SnippetViewSet):
    model = Municipality
    index_view_class = MunicipalityIndexView
    icon = "site"
    menu_label = _("Municipalities")
    list_display = ["name", "state", "ibge_code", "active"]
    list_filter = ["state", "active"]
    search_fields = ["name", "ibge_code"]
    ordering = ["state", "sort_name"]
    list_per_page = 50
    panels = [
        FieldPanel("name"),
        FieldPanel("state"),
        FieldPanel("ibge_code"),
        FieldPanel("active"),
    ]


register_snippet(MunicipalityViewSet)


@hooks.register("filter_form_submissions_for_user")
def only_case_staff_see_submissions(user, editable_forms):
    """Editing a form page is a content job; reading what citizens sent is not.

    Wagtail shows a form's submissions to anyone who may edit the page; here only
    users with the `view_submission` permission (case staff) see them.
    """
    if user.has_perm("procon_forms.view_submission"):
        return editable_forms
    return editable_forms.none()


@hooks.register("insert_editor_js")
def condition_chooser_js():
    """Conditions chosen from lists of the form (static/js/admin/condition-chooser.js)."""
    return format_html('<script src="{}" defer></script>', static("js/admin/condition-chooser.js"))


@hooks.register("insert_editor_js")
def role_chooser_js():
    """Each field's role list offers the roles of the form's kind
    (static/js/admin/role-chooser.js, with forms/roles.py KIND_ROLES)."""
    from .roles import KIND_ROLES

    roles = {kind: sorted(str(role) for role in roles) for kind, roles in KIND_ROLES.items()}
    return format_html(
        '{}<script src="{}" defer></script>',
        json_script(roles, "procon-kind-roles"),
        static("js/admin/role-chooser.js"),
    )


# Form pages go live through review (forms/approval.py). The page's own
# permissions cover editing, bulk actions and reverting; creating and copying
# ask the parent page, which cannot tell a form page from any other child.
def _new_page_is_form(request):
    from .models import FormPage

    match = request.resolver_match
    kwargs = match.kwargs if match else {}
    return (
        kwargs.get("content_type_app_name") == FormPage._meta.app_label
        and kwargs.get("content_type_model_name") == FormPage._meta.model_name
    )


@hooks.register("construct_page_action_menu")
def no_direct_publish_of_new_forms(menu_items, request, context):
    if context.get("view") != "create" or not _new_page_is_form(request):
        return
    if not approval.may_publish_forms(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_create_page")
def new_forms_are_not_published_directly(request, parent_page, page_class):
    from .models import FormPage

    if (
        request.method == "POST"
        and issubclass(page_class, FormPage)
        and "action-publish" in request.POST
        and not approval.may_publish_forms(request.user)
    ):
        # Saved as a draft, as Wagtail does when an edit's publish is not allowed.
        data = request.POST.copy()
        del data["action-publish"]
        request.POST = data


@hooks.register("before_copy_page")
def copied_forms_are_not_published_directly(request, page):
    from .models import FormPage

    if request.method != "POST" or "publish_copies" not in request.POST:
        return
    forms = page.get_descendants(inclusive=True).type(FormPage)
    if forms.exists() and not approval.may_publish_forms(request.user):
        data = request.POST.copy()
        del data["publish_copies"]
        request.POST = data
