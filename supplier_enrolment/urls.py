from django.urls import path

from .area_views import cases, representatives, signin

app_name = "supplier_area"
urlpatterns = [
    path("", signin.sign_in, name="login"),
    path("sair/", signin.sign_out, name="logout"),
    path("senha/nova/", signin.PasswordLinkView.as_view(), name="password_link"),
    path("senha/nova/enviado/", signin.PasswordLinkSentView.as_view(), name="password_link_sent"),
    path("senha/<str:uidb64>/<str:token>/", signin.SetPasswordView.as_view(), name="set_password"),
    path("casos/", cases.case_list, name="cases"),
    path("representantes/", representatives.representatives, name="representatives"),
    path(
        "representantes/<int:pk>/revogar/",
        representatives.revoke_representative,
        name="revoke_representative",
    ),
    path("casos/<int:pk>/", cases.case_view, name="case"),
    path("casos/<int:pk>/responder/", cases.answer, name="answer"),
    path("casos/<int:pk>/recusar/", cases.refuse, name="refuse"),
    path("casos/<int:pk>/prazo/", cases.extension, name="extension"),
    path("casos/<int:pk>/mensagem/", cases.reply, name="reply"),
    path("casos/<int:pk>/recurso/", cases.appeal, name="appeal"),
    path("casos/<int:pk>/audiencia/remarcar/", cases.reschedule, name="reschedule"),
    path("casos/<int:pk>/documentos/<str:attachment_id>/", cases.document, name="document"),
]
