from django.urls import path

from .views import api, downloads, pages

app_name = "transparency"

# Included at the site root: the pages live under three public prefixes.
urlpatterns = [
    path("indicadores/fornecedores/", pages.suppliers, name="suppliers"),
    path("indicadores/fornecedores/<str:cnpj>/", pages.supplier, name="supplier"),
    path("cadastro-de-reclamacoes/", pages.register_latest, name="register_latest"),
    path("cadastro-de-reclamacoes/<int:year>/", pages.register_year, name="register"),
    path("cadastro-de-reclamacoes/<int:year>/csv/", downloads.register_csv, name="register_csv"),
    path("cadastro-de-reclamacoes/<int:year>/pdf/", downloads.register_pdf, name="register_pdf"),
    path("dados-abertos/", pages.open_data, name="open_data"),
    path("dados-abertos/dicionario/", pages.dictionary, name="dictionary"),
    path(
        "dados-abertos/reclamacoes-<int:year>-<int:month>.csv",
        downloads.month_csv,
        name="month_csv",
    ),
    path(
        "dados-abertos/reclamacoes-<int:year>-<int:month>.json",
        downloads.month_json,
        name="month_json",
    ),
    path("dados-abertos/api/openapi.json", api.openapi, name="api_openapi"),
    path("dados-abertos/api/v1/fornecedores/", api.suppliers, name="api_suppliers"),
    path("dados-abertos/api/v1/fornecedores/<str:cnpj>/", api.supplier, name="api_supplier"),
    path("dados-abertos/api/v1/cadastro/<int:year>/", api.register, name="api_register"),
    path("dados-abertos/api/v1/meses/", api.months, name="api_months"),
    path("dados-abertos/api/v1/reclamacoes/", api.complaints, name="api_complaints"),
]
