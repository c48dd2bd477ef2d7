from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from .admin_views import ROTATE_ACTION, ApiClientViewSet


@hooks.register("register_admin_viewset")
def register_api_clients():
    return ApiClientViewSet()


@hooks.register("register_log_actions")
def register_api_client_actions(actions):
    actions.register_action(ROTATE_ACTION, _("New API key"), _("New API key made"))
