"""The admin's screens for API clients (Configurações > Clientes da API): create a
client with its rate limit, see its key once, give it a new key, switch it off.

Only a hash of a key is stored, so the key is shown on the page right after it
is made (carried there in the session, then dropped) and never again.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import CreateView, EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from .models import ApiClient

SESSION_KEY = "api_client_new_key"
ROTATE_ACTION = "procon.api_client_new_key"


def _keep_for_showing(request, client, key):
    request.session[SESSION_KEY] = {"pk": client.pk, "key": key}


class ApiClientCreateView(CreateView):
    def save_instance(self):
        client = self.form.save(commit=False)
        self.new_key = client.new_key()
        client.created_by = self.request.user
        client.save()
        log(client, "wagtail.create", user=self.request.user)
        _keep_for_showing(self.request, client, self.new_key)
        return client

    def get_success_url(self):
        return reverse("api_clients:key", args=[self.object.pk])

    def get_success_message(self, instance):
        return None


class ApiClientEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return [
            Button(
                _("Key"),
                url=reverse("api_clients:key", args=[self.object.pk]),
                icon_name="key",
                priority=5,
            ),
            *super().header_more_buttons,
        ]


class ApiClientViewSet(ModelViewSet):
    model = ApiClient
    name = "api_clients"
    url_prefix = "clientes-da-api"
    icon = "key"
    menu_label = gettext_lazy("API clients")
    add_to_settings_menu = True
    add_view_class = ApiClientCreateView
    edit_view_class = ApiClientEditView
    form_fields = ["name", "contact", "requests_per_minute", "is_active"]
    list_display = [
        "name",
        Column("key_id", label=gettext_lazy("Key identifier")),
        "requests_per_minute",
        Column("is_active", label=gettext_lazy("Active"), accessor="active_display"),
        DateColumn("last_used_at", label=gettext_lazy("Last used")),
    ]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]

    def key_view(self, request, pk):
        client = get_object_or_404(ApiClient, pk=pk)
        if not self.permission_policy.user_has_permission(request.user, "change"):
            return redirect("wagtailadmin_home")
        shown = request.session.pop(SESSION_KEY, None)
        key = shown["key"] if shown and shown.get("pk") == client.pk else None
        return TemplateResponse(
            request,
            "api/admin/client_key.html",
            {
                "client": client,
                "key": key,
                "edit_url": reverse("api_clients:edit", args=[client.pk]),
                "rotate_url": reverse("api_clients:rotate", args=[client.pk]),
                "header_icon": self.icon,
                "page_title": _("Key of %(name)s") % {"name": client.name},
            },
        )

    def rotate_view(self, request, pk):
        client = get_object_or_404(ApiClient, pk=pk)
        if not self.permission_policy.user_has_permission(request.user, "change"):
            return redirect("wagtailadmin_home")
        key = client.new_key()
        client.save(update_fields=["key_id", "key_hash"])
        log(client, ROTATE_ACTION, user=request.user)
        _keep_for_showing(request, client, key)
        messages.warning(request, _("The old key no longer works."))
        return redirect("api_clients:key", pk=client.pk)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("chave/<int:pk>/", self.key_view, name="key"),
            path("nova-chave/<int:pk>/", require_POST(self.rotate_view), name="rotate"),
        ]
