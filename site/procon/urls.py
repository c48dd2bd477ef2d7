from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from api import main as api_urls
from forms import cep_lookup
from home import views as home_views
from services import views as services_views
from supplier_enrolment import views as supplier_views

# Staff, suppliers, the API, files and the gov.br return address: Portuguese,
# at one address each.
urlpatterns = [
    *api_urls.urlpatterns,
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documentos/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("anexos/", include("forms.urls")),
    path("fornecedor/", include("supplier_enrolment.urls")),
    path("duas-etapas/", include("twofactor.urls")),
    path("contas/govbr/", include("identity.urls")),
]

# What citizens read and fill: Portuguese at the root, English under /en/ and
# Spanish under /es/ (the same paths after the prefix).
public_patterns = [
    path("busca/", services_views.search, name="search"),
    path("busca/sugestoes/", services_views.guidance_suggestions, name="search_suggestions"),
    path(
        "busca/abrir/<int:page_id>/",
        services_views.open_suggestion,
        name="search_suggestion_open",
    ),
    path("acompanhar/", include("tracking.urls")),
    path("cep/", cep_lookup.lookup_view, name="cep_lookup"),
    path("fornecedores/sugestoes/", supplier_views.suggestions, name="supplier_suggestions"),
    path("", include("transparency.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    *public_patterns,
    # Wagtail's page serving last: it matches any path. Pages are served by
    # Wagtail's view with routes kept between requests (home/routing.py, home/views.py); Wagtail's
    # own patterns stay for its password and login views and to name page URLs.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", home_views.serve, name="page_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

# Error pages in Portuguese; a database that cannot be reached answers 503.
handler400 = "home.errors.bad_request"
handler403 = "home.errors.permission_denied"
handler500 = "home.errors.server_error"
