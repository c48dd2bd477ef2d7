"""Who may reach the admin screens of representatives and letters.

Wagtail's snippet choosers check no permission at all: any user with access to
the admin could list the representatives (names, emails) or the letters (the
case each one is about) through `/admin/snippets/choose/...`. The chooser views
here ask the model's permission policy first, as the snippet's own views do.

Letters: whoever works the print queue (case staff or the `print_letter`
permission, `may_print`) may "print" (the queue, its PDFs, posting and
delivery), view the letters and fill in an address before printing (the queue
links to the letter's edit view). Adding, copying and deleting stay with the
model's own permissions: letters come from forwarding a case.
"""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
    SnippetCreateView,
)

from inbox import permissions

CHOOSE_ACTIONS = ["view", "add", "change", "delete"]
PRINT_PERMISSION = "supplier_enrolment.print_letter"


def may_print(user):
    """Case staff, or whoever holds the `print_letter` permission."""
    return permissions.is_case_staff(user) or (user.is_active and user.has_perm(PRINT_PERMISSION))


class LetterPermissionPolicy(ModelPermissionPolicy):
    QUEUE_ACTIONS = {"print", "view", "change"}

    def user_has_permission(self, user, action):
        if action in self.QUEUE_ACTIONS and may_print(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ChooserPermissionMixin:
    """Refuse a user the model's permission policy gives none of CHOOSE_ACTIONS."""

    def dispatch(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.model_class)
        if not policy.user_has_any_permission(request.user, CHOOSE_ACTIONS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class CheckedChooseView(ChooserPermissionMixin, ChooseView):
    pass


class CheckedChooseResultsView(ChooserPermissionMixin, ChooseResultsView):
    pass


class CheckedChosenView(ChooserPermissionMixin, SnippetChosenView):
    pass


class CheckedChosenMultipleView(ChooserPermissionMixin, SnippetChosenMultipleView):
    pass


class CheckedCreateView(ChooserPermissionMixin, SnippetCreateView):
    """Representatives and letters are not created from a chooser (the chooser
    has no creation form): refuse instead of failing on the missing form."""

    def dispatch(self, request, *args, **kwargs):
        if self.get_creation_form_class() is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PermissionCheckedChooserViewSet(SnippetChooserViewSet):
    choose_view_class = CheckedChooseView
    choose_results_view_class = CheckedChooseResultsView
    chosen_view_class = CheckedChosenView
    chosen_multiple_view_class = CheckedChosenMultipleView
    create_view_class = CheckedCreateView
