from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("", views.public_setup, name="setup"),
    path("desativar/", views.public_disable, name="disable"),
    path("verificar/", views.public_verify, name="verify"),
]
