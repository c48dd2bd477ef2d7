from django.urls import path
from django.views.generic import RedirectView

from .views import downloads, pages

app_name = "transparency"


def moved(route, api_name, name):
    """The open-data API's first address: a permanent redirect to the API's."""
    view = RedirectView.as_view(
        pattern_name=f"api-v1:{api_name}", permanent=True, query_string=True
    )
    return path(route, view, name=name)


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
    # The open-data API now lives at /api/v1/dados-abertos/ (transparency/api.py); its
    # first addresses redirect there for good, query string kept.
    moved("dados-abertos/api/openapi.json", "openapi-json", "api_openapi"),
    moved("dados-abertos/api/v1/fornecedores/", "open_data_suppliers", "api_suppliers"),
    moved("dados-abertos/api/v1/fornecedores/<str:cnpj>/", "open_data_supplier", "api_supplier"),
    moved("dados-abertos/api/v1/cadastro/<int:ano>/", "open_data_register", "api_register"),
    moved("dados-abertos/api/v1/meses/", "open_data_months", "api_months"),
    moved("dados-abertos/api/v1/reclamacoes/", "open_data_complaints", "api_complaints"),
]
