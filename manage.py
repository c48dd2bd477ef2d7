#!/usr/bin/env python
"""Django's command-line utility for the Procon site."""

import os
import sys
from pathlib import Path

# `site/` holds the project package but is not a package itself (`site` is a
# standard-library module), so it goes on the import path.
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "procon.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
