from django.urls import path

from . import downloads

app_name = "procon_forms"

urlpatterns = [
    path("<uuid:pk>/", downloads.staff_download, name="attachment"),
    path("cidadao/<str:token>/", downloads.citizen_download, name="attachment_citizen"),
]
