from django.urls import path

from . import views

app_name = "transparency"

# Included at the site root: the pages live under three public prefixes.
urlpatterns = [
    path("indicadores/fornecedores/", views.suppliers, name="suppliers"),
    path("indicadores/fornecedores/<str:cnpj>/", views.supplier, name="supplier"),
    path("cadastro-de-reclamacoes/", views.register_latest, name="register_latest"),
    path("cadastro-de-reclamacoes/<int:year>/", views.register_year, name="register"),
    path("cadastro-de-reclamacoes/<int:year>/csv/", views.register_csv, name="register_csv"),
    path("cadastro-de-reclamacoes/<int:year>/pdf/", views.register_pdf, name="register_pdf"),
    path("dados-abertos/", views.open_data, name="open_data"),
    path("dados-abertos/dicionario/", views.dictionary, name="dictionary"),
    path(
        "dados-abertos/reclamacoes-<int:year>-<int:month>.csv",
        views.month_csv,
        name="month_csv",
    ),
    path(
        "dados-abertos/reclamacoes-<int:year>-<int:month>.json",
        views.month_json,
        name="month_json",
    ),
    path("dados-abertos/api/openapi.json", views.api_openapi, name="api_openapi"),
    path("dados-abertos/api/v1/fornecedores/", views.api_suppliers, name="api_suppliers"),
    path("dados-abertos/api/v1/fornecedores/<str:cnpj>/", views.api_supplier, name="api_supplier"),
    path("dados-abertos/api/v1/cadastro/<int:year>/", views.api_register, name="api_register"),
    path("dados-abertos/api/v1/meses/", views.api_months, name="api_months"),
    path("dados-abertos/api/v1/reclamacoes/", views.api_complaints, name="api_complaints"),
]
