from .reference import Municipality  # noqa: F401
