from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.search, name="search"),
    path("exportar/", views.export, name="export"),
    path("anonimizar/", views.anonymise, name="anonymise"),
]
