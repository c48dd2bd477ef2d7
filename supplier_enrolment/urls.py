from django.urls import path

from . import area_views as views

app_name = "supplier_area"
urlpatterns = [
    path("", views.sign_in, name="login"),
    path("sair/", views.sign_out, name="logout"),
    path("senha/nova/", views.password_link, name="password_link"),
    path("senha/<str:uidb64>/<str:token>/", views.set_password, name="set_password"),
    path("casos/", views.case_list, name="cases"),
    path("representantes/", views.representatives, name="representatives"),
    path(
        "representantes/<int:pk>/revogar/",
        views.revoke_representative,
        name="revoke_representative",
    ),
    path("casos/<int:pk>/", views.case_view, name="case"),
    path("casos/<int:pk>/responder/", views.answer, name="answer"),
    path("casos/<int:pk>/recusar/", views.refuse, name="refuse"),
    path("casos/<int:pk>/prazo/", views.extension, name="extension"),
    path("casos/<int:pk>/mensagem/", views.reply, name="reply"),
    path("casos/<int:pk>/recurso/", views.appeal, name="appeal"),
    path("casos/<int:pk>/audiencia/remarcar/", views.reschedule, name="reschedule"),
    path("casos/<int:pk>/documentos/<str:attachment_id>/", views.document, name="document"),
]
