"""Building blocks the apps' admin screens share, on Wagtail's own.

- `PolicyViewSet`: a Wagtail `ViewSet` whose menu item is shown to the users its
  permission policy allows one of `menu_permissions`, as Wagtail's
  `ModelViewSet` does with a model's policy, and whose views get the policy and
  the icon.
- `FormColumn`: a table column whose cell template holds a form that posts
  (a row's action), with the CSRF token in the cell's context: Wagtail renders
  cell templates without the request.
"""

from django.middleware.csrf import get_token
from django.utils.functional import cached_property
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet


class PolicyViewSet(ViewSet):
    #: The permission policy the views and the menu item ask.
    permission_policy = None
    #: The menu item shows to users with any of these actions in the policy.
    menu_permissions = ("view",)

    def user_may_see_menu_item(self, user):
        return self.permission_policy.user_has_any_permission(user, self.menu_permissions)

    @cached_property
    def menu_item_class(self):
        viewset = self

        def is_shown(item, request):
            return viewset.user_may_see_menu_item(request.user)

        return type(f"{type(self).__name__}MenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            permission_policy=self.permission_policy, header_icon=self.icon, **kwargs
        )


class FormColumn(Column):
    """A column whose cell template posts a form: `{% csrf_token %}` works in it."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request is not None else ""
        return context
