"""Deployment checks (`manage.py check --deploy`): settings that would let a
production site run but break it quietly.

- Behind a proxy, every request comes from the proxy's address: rate limits and
  lockouts would count the whole state as one visitor. CLIENT_IP_HEADER names
  the header the proxy sets ("REMOTE_ADDR" when clients connect directly).
- Uploads are scanned only when a ClamAV daemon is configured; running without
  one is a decision to write down (ANTIVIRUS_DISABLED), not a default.
- Several processes or machines with a local-memory cache each count limits and
  keep pages on their own: REDIS_URL makes them one.
- Several machines writing citizens' files to their own disks lose them for the
  others: an object store (PRIVATE_STORAGE_S3_BUCKET), or a disk every machine
  mounts (PRIVATE_STORAGE_SHARED_DISK).

One check reads the database, so it runs only where Django gives checks a
database (`migrate`, and `check --database default`), never in a plain
`check --deploy`: while LGPD's published identities are missing from the agency
settings (the data protection officer, the controller: `home.lgpd`), it warns.
"""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connections

from . import lgpd

LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
)


@register(Tags.security, deploy=True)
def client_address_header(app_configs, **kwargs):
    if getattr(settings, "CLIENT_IP_HEADER", None):
        return []
    return [
        Error(
            "CLIENT_IP_HEADER is not set: behind a reverse proxy every visitor would "
            "share the proxy's address in rate limits and sign-in lockouts.",
            hint="Set CLIENT_IP_HEADER=HTTP_X_FORWARDED_FOR (the header your proxy "
            "appends the client's address to), or REMOTE_ADDR when clients connect "
            "directly. See docs/deployment.md.",
            id="procon.E001",
        )
    ]


@register(Tags.security, deploy=True)
def antivirus_configured(app_configs, **kwargs):
    if getattr(settings, "CLAMD_SOCKET", None) or getattr(settings, "CLAMD_HOST", None):
        return []
    if getattr(settings, "ANTIVIRUS_DISABLED", False):
        return []
    return [
        Error(
            "No antivirus is configured: citizens' uploads would not be scanned.",
            hint="Set CLAMD_SOCKET or CLAMD_HOST to a ClamAV daemon, or "
            "ANTIVIRUS_DISABLED=true to run without one on purpose.",
            id="procon.E002",
        )
    ]


@register(Tags.caches, deploy=True)
def shared_cache_for_several_processes(app_configs, **kwargs):
    processes = getattr(settings, "WEB_WORKERS", 1) * getattr(settings, "SITE_NODES", 1)
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if processes <= 1 or backend not in LOCAL_CACHES:
        return []
    return [
        Error(
            f"{processes} web processes with a cache that is not shared ({backend}): "
            "rate limits and lockouts would be counted per process.",
            hint="Set REDIS_URL. See docs/deployment.md.",
            id="procon.E003",
        )
    ]


@register(deploy=True)
def private_files_reach_every_node(app_configs, **kwargs):
    if getattr(settings, "SITE_NODES", 1) <= 1:
        return []
    private = settings.STORAGES.get("private", {})
    if not private.get("BACKEND", "").endswith("FileSystemStorage"):
        return []
    if getattr(settings, "PRIVATE_STORAGE_SHARED_DISK", False):
        return []
    return [
        Error(
            f"SITE_NODES is {settings.SITE_NODES} but citizens' files go to a local "
            "folder: a file uploaded on one machine would be missing on the others.",
            hint="Set PRIVATE_STORAGE_S3_BUCKET (an S3 object store), or "
            "PRIVATE_STORAGE_SHARED_DISK=true when PRIVATE_STORAGE_ROOT is a disk "
            "every machine mounts.",
            id="procon.E004",
        )
    ]


@register(Tags.database)
def privacy_contacts_published(app_configs, databases=None, **kwargs):
    """Warnings for each site whose agency settings lack what LGPD arts. 9 and
    41 § 1 ask the site to publish. Quiet before the tables exist (a first
    `migrate`) and on a database without sites."""
    messages = []
    for alias in databases or ():
        try:
            rows = _agency_settings(alias)
        except DatabaseError:
            continue  # a database this check cannot read yet
        for hostname, agency in rows:
            for gap in lgpd.gaps(agency):
                messages.append(Warning(f"{hostname}: {gap.message}", hint=gap.hint, id=gap.code))
    return messages


def _agency_settings(alias):
    """(hostname, AgencySettings) for each site of database `alias`, or nothing
    while the tables or the settings' columns are not migrated yet. A site
    without a settings row gets the defaults, as pages do."""
    from wagtail.models import Site

    from .models import AgencySettings

    connection = connections[alias]
    table = AgencySettings._meta.db_table
    tables = connection.introspection.table_names()
    if table not in tables or Site._meta.db_table not in tables:
        return []
    with connection.cursor() as cursor:
        columns = {
            column.name for column in connection.introspection.get_table_description(cursor, table)
        }
    if not {field.column for field in AgencySettings._meta.concrete_fields} <= columns:
        return []  # migrate adds them; the next check reads them
    found = {row.site_id: row for row in AgencySettings.objects.using(alias)}
    return [
        (site.hostname, found.get(site.pk) or AgencySettings(site=site))
        for site in Site.objects.using(alias).order_by("pk")
    ]
