"""Matrix entries, one module per app; every module here is loaded by `load_all`."""

import importlib
import pkgutil


def load_all():
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
