"""The access-control matrix: every URL that shows a case, a file or personal data,
tried by every role; and the list of URLs that need no entry, with the reason.

Apps contribute entries from modules in `tests/security/entries/` (each calls
`register(...)`); `test_access_matrix.py` runs them all and walks every URL of
the project (Django's resolver and the routes of routable Wagtail pages), failing
for a URL that has neither an entry nor a place on the allow-list.

Adding an app later (e.g. the tracking page or the supplier area):

- `register_role("supplier_x", setup)` for new kinds of caller;
- `register_world(build)` to add that app's objects to the shared world
  (`build(world)` fills in keys, e.g. `world["supplier_case"]`);
- `register(Entry(...))` for each of its protected URLs, and
  `PROTECTED_NAMESPACES.add("tracking")` so none of its URLs can be forgotten.

An entry's target is always the victim's object: citizen A's case, draft or
file (for `attendant_of_other_case`, a case assigned to a colleague). A GET
"got in" when the victim's marker (their name, by default) is in the response;
a POST "got in" when it changed the target. The test requires got-in exactly
for the entry's `allowed` roles and never a server error.
"""

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass

# Roles every entry is tried with; apps may add more (register_role).
ROLES = [
    "anonymous",
    "citizen_a",  # the owner: holds citizen A's draft cookie or links
    "citizen_b",  # another citizen, with their own draft cookie, trying A's things
    "editor",
    "attendant",
    "attendant_of_other_case",  # an attendant; the target is a colleague's case
    "supervisor",
]
STAFF = {"editor", "attendant", "attendant_of_other_case", "supervisor"}
CASE_WORKERS = {"attendant", "supervisor"}
SUPERVISORS = {"supervisor"}

ROLE_SETUPS: dict[str, Callable] = {}
# Extra preparation of the citizen roles by other apps: fn(client, world, role),
# e.g. the tracking page's proof of protocol in the session.
CITIZEN_SETUPS: list[Callable] = []
WORLD_BUILDERS: list[Callable] = []


@dataclass
class Entry:
    """One protected URL (by its URL name) and who may get in."""

    name: str  # "namespace:name" for Django URLs, "app.Model:route" for page routes
    url: Callable  # (world, role) -> path
    allowed: set
    method: str = "get"
    data: Callable | dict | None = None  # (world, role) -> dict, for POSTs
    # GET: the text that shows the victim's data ((world, role) -> str); None
    # when the response shows none (the status code decides instead).
    marker: Callable | str | None = "default"
    # POST: what the request may change ((world, role) -> comparable value).
    state: Callable | None = None
    label: str = ""
    draft: str = "open"  # which of a citizen's drafts their cookie holds: "open" or "sent"
    # What the caller does first ((client, world, role) -> None), e.g. open a link.
    before: Callable | None = None

    @property
    def id(self):
        return self.label or self.name


ENTRIES: list[Entry] = []


def register(*entries):
    ENTRIES.extend(entries)


def register_role(name, setup):
    """A new kind of caller: `setup(client, world)` prepares the client."""
    ROLES.append(name)
    ROLE_SETUPS[name] = setup


def register_citizen_setup(setup):
    CITIZEN_SETUPS.append(setup)


def register_world(build):
    WORLD_BUILDERS.append(build)


# URL namespaces (or name prefixes) whose every URL needs an entry: the apps that
# hold cases and personal data. No allow-list pattern may cover them.
PROTECTED_NAMESPACES = {"inbox", "privacy", "procon_forms", "wagtailforms", "api-v1"}

# URLs that need no entry, and why. Patterns are fnmatch-style over URL names;
# unnamed URLs are listed by route ("route:<pattern>").
ALLOWED_WITHOUT_ENTRY = {
    # The API for apps: the document, its docs page and the published forms hold no
    # personal data; a draft's own URLs have entries (entries/api.py).
    "api-v1:api-root": "the API's root (not a page: 404 problem)",
    "api-v1:openapi-json": "the API's OpenAPI document",
    "api-v1:openapi-view": "the API's docs page",
    "api-v1:list_forms": "published forms (the app's key is required)",
    "api-v1:form_definition": "a published form's definition (the app's key is required)",
    "api-v1:create_draft": "starts an empty draft for the app whose key it carries",
    # Open data: closed complaints and supplier figures, no personal data, no key.
    "api-v1:open_data_suppliers": "open data: supplier indicators",
    "api-v1:open_data_supplier": "open data: one supplier's indicators",
    "api-v1:open_data_register": "open data: the yearly register",
    "api-v1:open_data_months": "open data: the months published",
    "api-v1:open_data_complaints": "open data: a month's closed complaints, anonymised",
    "api_not_found": "any other address under /api/: a 404 problem",
    "api-v1:who": "the token's own citizen (key and gov.br token required)",
    # Sign-in with gov.br: to the provider and back; shows nothing of anyone.
    "identity:*": "gov.br sign-in, its return and leaving (tests/identity)",
    # API clients (apps' keys; no personal data): superusers, tests/api/test_admin.py.
    "api_clients:*": "the apps' API clients, for users with its model permissions",
    # Public site
    "wagtail_serve": "Wagtail page serving; protected page routes are listed one by one",
    "page_serve": "the same pages as wagtail_serve, with routes kept (home/routing.py)",
    "sitemap": "public",
    "robots_txt": "public",
    "search": "public search of published pages",
    "search_suggestions": "published guidance pages matching a problem's words",
    "search_suggestion_open": "counts an opening (no personal data), redirects to a live page",
    "supplier_suggestions": "public supplier registry (company names and CNPJs)",
    "cep_lookup": "public CEP to street lookup (no personal data), off unless configured",
    "wagtailcore_authenticate_with_password": "Wagtail's page password form",
    "wagtaildocs_authenticate_with_password": "Wagtail's document password form",
    "wagtaildocs_serve*": "public documents published by editors",
    # Editorial admin: pages, media, taxonomy and site settings, no case or citizen data
    "wagtailadmin_home": "dashboard; its cases panel is checked by "
    "tests/inbox/test_permissions.py::test_editors_see_no_submission_anywhere",
    "wagtailadmin_login": "login form",
    "wagtailcore_login": "login form for private pages",
    "wagtailadmin_dismissibles": "the signed-in user's dismissed notices",
    "wagtailadmin_logout": "logout",
    "wagtailadmin_account*": "the signed-in user's own account",
    "wagtailadmin_password*": "password change and reset for staff",
    "wagtailadmin_pages:*": "editorial pages",
    "wagtailadmin_explore*": "editorial pages",
    "wagtailadmin_choose*": "page and link choosers",
    "wagtailadmin_collections:*": "media collections",
    "wagtailadmin_workflows:*": "page moderation workflows",
    "wagtailadmin_api:*": "page tree API for the admin",
    "wagtailadmin_tag*": "tag autocomplete",
    "wagtailadmin_block*": "block previews",
    "wagtailadmin_javascript_catalog": "translations for the admin's scripts",
    "wagtailadmin_editing_sessions:*": "concurrent editing notices",
    "wagtailadmin_error_test": "Wagtail's error test page",
    "wagtailadmin_reports:*": "page reports (locked, aging, workflows); the site history, "
    "which holds the access log, has entries in entries/inbox.py",
    "wagtailadmin_activity": "editorial activity",
    "wagtailsearchpromotions:*": "editors' promoted search results and search terms",
    "services_unanswered_searches*": "editors' report of search terms that found nothing",
    "services_suggestion_report*": "editors' report of suggested pages opened, counts only",
    "wagtailadmin_sprite": "icons",
    "wagtailadmin_bulk_action": "bulk actions on pages, images, documents, users",
    "wagtail_bulk_action": "bulk actions on pages, images, documents, users",
    "wagtailimages:*": "images",
    "wagtailimages_chooser:*": "images",
    "wagtailimages_serve": "images",
    "wagtaildocs:*": "documents",
    "wagtaildocs_chooser:*": "documents",
    "wagtailembeds:*": "embeds",
    "wagtailredirects:*": "redirects",
    "wagtailsites:*": "sites",
    "wagtailsettings:*": "agency identity and case deadlines (no personal data)",
    "wagtailsnippets:*": "snippet index",
    "wagtailsnippets_services_*": "guidance taxonomy",
    "wagtailsnippetchoosers_services_*": "guidance taxonomy",
    "wagtailsnippets_procon_forms_municipality:*": "IBGE municipalities",
    "wagtailsnippetchoosers_procon_forms_municipality:*": "IBGE municipalities",
    "wagtailsnippets_inbox_reasontemplate:*": "rejection reason texts (no case data)",
    "wagtailsnippetchoosers_inbox_reasontemplate:*": "rejection reason texts",
    "wagtailsnippets_supplier_enrolment_supplier:*": "supplier registry (companies)",
    "wagtailsnippetchoosers_supplier_enrolment_supplier:*": "supplier registry (companies)",
    "wagtailsnippets_supplier_enrolment_sector:*": "market sectors of suppliers (no personal data)",
    "wagtailsnippetchoosers_supplier_enrolment_sector:*": "market sectors of suppliers",
    "wagtail_localize:*": "translations of pages for editors (page content, no case data; "
    "no model with personal data is translatable)",
    "wagtaillocales:*": "the site's languages",
    "wagtailusers_users:*": "staff accounts, under Wagtail's user permissions",
    "wagtailusers_groups:*": "staff groups",
    "page_feedback:*": "anonymous page feedback (no identity asked or kept)",
    "transparency:*": "public statistics of closed complaints, de-identified "
    "(TRANSPARENCY_MIN_COUNT blanks small municipalities)",
    "tracking:start": "asks for a protocol and access code; shows nothing before",
    "tracking:link_request": "asks for an email; the link goes only to it",
    "tracking:link_sent": "a fixed notice",
    "tracking:sign_out": "ends the tracking session",
    "supplier_area:logout": "ends the caller's own session (POST only); shows nothing",
    "supplier_area:password_link_sent": "a fixed notice",
    "services_feedback_summary*": "feedback counts per page",
    "route:django-admin/*": "Django admin: superusers only",
    "admin:*": "Django admin: superusers only",
    "route:admin/^.*/$": "Wagtail admin's catch-all 404",
    "route:admin/test404/": "Wagtail admin's 404 test page",
    # Routes of routable Wagtail pages
    "procon_forms.FormPage:form_start": "start page; shows no answers",
    "procon_forms.FormPage:form_language": "moves the visitor's own draft (from their "
    "signed cookie) to the form in another language; shows nothing",
    "procon_forms.FormPage:form_save": "asks for an email; the link goes only to it",
    "*:index_route": "the page itself (Wagtail's default route)",
    "services.*:feedback": "anonymous page feedback form",
    "services.*:topic*": "public guidance",
    "services.TopicIndexPage:*": "public guidance",
    "services.NewsIndexPage:*": "public news",
}


def allow_listed(name):
    return next(
        (pattern for pattern in ALLOWED_WITHOUT_ENTRY if fnmatch.fnmatchcase(name, pattern)),
        None,
    )


def is_protected_namespace(name):
    return any(
        name == ns or name.startswith(f"{ns}:") or name.startswith(f"{ns}_")
        for ns in PROTECTED_NAMESPACES
    )
