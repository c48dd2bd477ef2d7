"""System checks: private files must not be reachable as public media."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def private_storage_is_private(app_configs, **kwargs):
    private = settings.STORAGES.get("private")
    if not private:
        return [Error("STORAGES has no 'private' entry for attachments.", id="procon_forms.E001")]
    location = (private.get("OPTIONS") or {}).get("location")
    if not location:
        return []
    location = Path(location).resolve()
    for public in (settings.MEDIA_ROOT, settings.STATIC_ROOT):
        if public and location.is_relative_to(Path(public).resolve()):
            return [
                Error(
                    f"The private storage ({location}) is inside a public folder ({public}).",
                    hint="Set PRIVATE_STORAGE_ROOT outside MEDIA_ROOT and STATIC_ROOT.",
                    id="procon_forms.E002",
                )
            ]
    return []
