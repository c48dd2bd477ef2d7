"""The citizen's addresses under a form page, resolved by FormPage's routes
(`FormPage.get_subpage_urls`); the names are what `page.reverse_subpage` takes."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.start, name="form_start"),
    path("etapa/<int:number>/", views.step, name="form_step"),
    path("revisar/", views.review, name="form_review"),
    path("enviado/", views.confirmation, name="form_confirmation"),
    path("salvar/", views.save_for_later, name="form_save"),
    path("continuar/", views.resume, name="form_resume"),
    path("idioma/<str:code>/", views.switch_language, name="form_language"),
]
