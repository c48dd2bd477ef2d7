"""The API for apps, version 1: /api/v1/.

Built on django-ninja: the OpenAPI 3.1 document (/api/v1/openapi.json) is
generated from the operations and their schemas, and the interactive docs
(/api/v1/docs) are served from the site's own static files. Errors are problem
details (api.problems), documented as application/problem+json.
"""

from django.urls import path, re_path
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from transparency import api as open_data

from . import auth, filing, problems, tracking

DESCRIPTION = """
API do Procon para aplicativos (o MT Cidadão) e para os dados abertos.

* **Formulários e envio**: os formulários publicados com a definição inteira,
  um rascunho respondido etapa por etapa com a mesma conferência do site,
  arquivos por campo, revisão e envio com `Idempotency-Key`.
* **Dados abertos**: indicadores por fornecedor, cadastro anual e reclamações
  encerradas, sem chave e sem dados pessoais (licença CC BY 4.0), atualizados
  periodicamente; municípios com poucas reclamações no mês aparecem em branco.

Chamadas de aplicativo levam a chave do app no cabeçalho `X-Api-Key` (criada pela
equipe do Procon no painel). Erros seguem RFC 9457 (`application/problem+json`).
Guia: docs/api.md.
"""


class ProconAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("securitySchemes", {})["govbr"] = (
            auth.GOVBR_SCHEME
        )
        # Errors are answered as problem details: say so in the document.
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content") or {}
                    if str(status)[0] in "45" and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content.pop("application/json")}
        return schema


api = ProconAPI(
    title="Procon-MT",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
)
problems.install(api)
api.add_router("/", filing.router)
api.add_router("/dados-abertos", open_data.router)
api.add_router("/", tracking.router)


def not_found(request, rest=""):
    """Any other address under /api/: a 404 problem, not the site's page."""
    return problems.response(404, _("Nothing here: check the address."), slug="nao-encontrado")


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found, name="api_not_found"),
]
