from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from inbox import audit

from .views import AUDIT_DOWNLOAD


@hooks.register("register_log_actions")
def register_access_log_actions(actions):
    audit.register(
        actions,
        AUDIT_DOWNLOAD,
        _("Case data downloaded by the consumer"),
        _("Downloaded the case's data on the tracking page"),
    )
