from django.urls import path, re_path

from . import views

app_name = "tracking"

# forms.emails.tracking_url(protocol) builds "caso/<protocol>/" under TRACKING_PATH.
CASE = "caso/<str:protocol>/"

urlpatterns = [
    path("", views.start, name="start"),
    path("link/", views.link_request, name="link_request"),
    path("link/enviado/", views.link_sent, name="link_sent"),
    path("link/<str:token>/", views.link_open, name="link_open"),
    path("meus-casos/", views.my_cases, name="my_cases"),
    path("sair/", views.sign_out, name="sign_out"),
    path(CASE, views.case_page, name="case"),
    path(CASE + "complementar/", views.complement, name="complement"),
    path(CASE + "avaliar/", views.evaluate, name="evaluate"),
    path(CASE + "desistir/", views.withdraw, name="withdraw"),
    path(CASE + "audiencia/remarcar/", views.reschedule, name="reschedule"),
    path(CASE + "acordo/", views.agreement, name="agreement"),
    re_path(
        r"^caso/(?P<protocol>[^/]+)/meus-dados\.(?P<fmt>json|pdf)$",
        views.download,
        name="download",
    ),
]
