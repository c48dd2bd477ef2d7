"""Who calls the API and what it keeps between calls.

`ApiClient`: an app allowed to file and track (the state's citizen app, in the
seed), with a key staff create in the admin and a rate limit of its own. Only a
hash of the key is kept. `ApiDraft`: which client (and which signed-in citizen)
a draft started through the API belongs to. `IdempotentSubmit`: the answer to a
submit, kept under the client's Idempotency-Key so a retry gets the same
protocol instead of a second case.
"""

import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "pcn"
# last_used_at is written at most this often per client (not on every call).
LAST_USED_RESOLUTION_SECONDS = 300
# How long a client is kept in the cache between calls (see ApiClient.for_key).
CACHE_SECONDS = 60


def _hash(key: str) -> str:
    # The key is 32 random bytes: a plain SHA-256 is enough (no password stretching).
    return hashlib.sha256(key.encode()).hexdigest()


class ApiClient(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    contact = models.EmailField(
        _("technical contact"),
        blank=True,
        help_text=_("Who to tell about changes and incidents of the API."),
    )
    key_id = models.CharField(_("key identifier"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=120,
        help_text=_("Calls beyond this in one minute are refused (429) until the minute ends."),
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive client's key is refused.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._forget()

    def delete(self, *args, **kwargs):
        self._forget()
        return super().delete(*args, **kwargs)

    @property
    def active_display(self):
        return _("Yes") if self.is_active else _("No")

    def new_key(self) -> str:
        """Give the client a new key (the old one stops working) and return it:
        it is shown once and only its hash is kept."""
        key = f"{KEY_PREFIX}_{secrets.token_hex(4)}_{secrets.token_urlsafe(32)}"
        self.set_key(key)
        return key

    def set_key(self, key: str):
        """Make `key` (pcn_<identifier>_<secret>) this client's key."""
        self._previous_key_id = self.key_id
        self.key_id = key.split("_", 2)[1]
        self.key_hash = _hash(key)

    @classmethod
    def for_key(cls, key: str):
        """The active client whose key this is, or None.

        The client is kept in Django's cache under its key identifier for
        CACHE_SECONDS (a lookup on every call otherwise): saving or deleting it
        drops the entry, so a new key, a new limit or switching it off shows at
        once; a change made around the model (a queryset update) within that time.
        """
        parts = (key or "").strip().split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX:
            return None
        cache_key = _cache_key(parts[1])
        fields = cache.get(cache_key)
        if fields is None:
            client = cls.objects.filter(key_id=parts[1]).first()
            fields = (
                {f.attname: getattr(client, f.attname) for f in cls._meta.concrete_fields}
                if client is not None
                else {}
            )
            cache.set(cache_key, fields, CACHE_SECONDS)
        if not fields or not fields["is_active"]:
            return None
        if not constant_time_compare(fields["key_hash"], _hash(key.strip())):
            return None
        return cls(**fields)

    def _forget(self):
        ids = {self.key_id, getattr(self, "_previous_key_id", None)} - {None, ""}
        cache.delete_many([_cache_key(key_id) for key_id in ids])

    def mark_used(self):
        """Note the call in last_used_at, at most once per LAST_USED_RESOLUTION_SECONDS
        for all processes together."""
        if not cache.add(f"api-client-used:{self.pk}", 1, LAST_USED_RESOLUTION_SECONDS):
            return
        self.last_used_at = timezone.now()
        type(self).objects.filter(pk=self.pk).update(last_used_at=self.last_used_at)


def _cache_key(key_id):
    return f"api-client:{key_id}"


class ApiDraft(models.Model):
    draft = models.OneToOneField(
        "procon_forms.Draft", on_delete=models.CASCADE, primary_key=True, related_name="api"
    )
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="drafts")
    # The signed-in citizen's CPF when the draft was started with a token; the
    # draft then answers only to that citizen.
    citizen_cpf = models.CharField(max_length=11, blank=True)

    class Meta:
        verbose_name = _("draft started through the API")

    def __str__(self):
        return f"{self.client_id}:{self.draft_id}"


class IdempotentSubmit(models.Model):
    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    draft = models.ForeignKey("procon_forms.Draft", on_delete=models.CASCADE, related_name="+")
    submission = models.ForeignKey(
        "procon_forms.Submission", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_key_unique")
        ]

    def __str__(self):
        return f"{self.client_id}:{self.key}"
