from django.urls import path

from . import views

app_name = "identity"
# /contas/govbr/: the redirect URI registered with the identity provider is
# <site>/contas/govbr/retorno/.
urlpatterns = [
    path("entrar/", views.sign_in, name="sign_in"),
    path("retorno/", views.callback, name="callback"),
    path("sair/", views.sign_out, name="sign_out"),
]
