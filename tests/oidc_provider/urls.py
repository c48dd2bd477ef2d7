from django.contrib.auth.views import LoginView, LogoutView
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("entrar/", LoginView.as_view(template_name="entrar.html"), name="login"),
    path("sair/", LogoutView.as_view(), name="logout"),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("_teste/uris/", views.allow_uri, name="allow-uri"),
]
