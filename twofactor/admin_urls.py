from django.urls import path

from . import views

app_name = "twofactor_admin"
urlpatterns = [
    path("", views.admin_view(views.setup), name="setup"),
    path("desativar/", views.admin_view(views.disable), name="disable"),
]
