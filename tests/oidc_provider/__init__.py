"""A small OpenID provider that behaves like gov.br for the tests.

A standalone Django project on django-oauth-toolkit, started in its own process
by the ``oidc_provider`` fixture (tests/oidc_fixtures.py) through serve.py. It
is never part of the main project's INSTALLED_APPS.
"""
