"""Reference data the forms offer as choices: the municipalities of a state.

The list starts from IBGE (see `core.ibge`) and stays editable in the admin,
because municipalities are created by law and the bundled IBGE snapshot ages
(e.g. Boa Esperança do Norte, MT, installed in 2025, is not in it).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from localflavor.br.br_states import STATE_CHOICES

from core import ibge
from core.brazil import fold

DEFAULT_STATE = "MT"


class MunicipalityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def in_state(self, state):
        return self.filter(state=state)


class Municipality(models.Model):
    """A Brazilian municipality, identified by its 7-digit IBGE code."""

    ibge_code = models.CharField(
        _("IBGE code"),
        max_length=7,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{7}\Z", _("The IBGE code has 7 digits, e.g. 5103403."))],
    )
    name = models.CharField(_("name"), max_length=100)
    state = models.CharField(_("state (UF)"), max_length=2, choices=STATE_CHOICES)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Only active municipalities appear in forms.")
    )
    # The name folded (no accents, lower case): orders "Água Boa" among the A's
    # and lets a search for "cuiaba" find "Cuiabá" on any database.
    sort_name = models.CharField(max_length=100, editable=False, db_index=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["state", "sort_name"]
        indexes = [models.Index(fields=["state", "active", "sort_name"])]

    def __str__(self):
        return f"{self.name} ({self.state})"

    def save(self, *args, **kwargs):
        self.sort_name = fold(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    def clean(self):
        code = ibge.state_code(self.state)
        if code and self.ibge_code and not self.ibge_code.startswith(code):
            message = _("IBGE codes of municipalities in %(state)s start with %(code)s.")
            raise ValidationError(
                {
                    "ibge_code": ValidationError(
                        message, code="state", params={"state": self.state, "code": code}
                    )
                }
            )


def default_state():
    """The UF the site serves: the default site's AgencySettings, else MT."""
    from wagtail.models import Site

    from home.models import AgencySettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return DEFAULT_STATE
    return AgencySettings.for_site(site).state or DEFAULT_STATE


def load_demo_municipalities(stdout=None):
    """Demo loader: the municipalities of the site's state, from IBGE."""
    counts = load_municipalities([default_state()])
    if stdout and counts["created"]:
        stdout.write(f"  municipalities created: {counts['created']}")


def load_municipalities(states, update_names=False):
    """Create the missing IBGE municipalities of `states`; never delete.

    Existing rows keep what editors set (name, active) unless `update_names`
    is true, which puts back IBGE's spelling of the name. Rows IBGE does not
    know (added by hand) are left alone. Returns counts:
    {"created": n, "updated": n, "unchanged": n}.
    """
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for state in states:
            wanted = ibge.municipalities(state)
            existing = {
                m.ibge_code: m
                for m in Municipality.objects.filter(ibge_code__in=[code for code, _ in wanted])
            }
            new, changed = [], []
            for code, name in wanted:
                row = existing.get(code)
                if row is None:
                    new.append(
                        Municipality(ibge_code=code, name=name, state=state, sort_name=fold(name))
                    )
                elif update_names and row.name != name:
                    row.name, row.sort_name = name, fold(name)
                    changed.append(row)
                else:
                    counts["unchanged"] += 1
            Municipality.objects.bulk_create(new)
            Municipality.objects.bulk_update(changed, ["name", "sort_name"])
            counts["created"] += len(new)
            counts["updated"] += len(changed)
    return counts
