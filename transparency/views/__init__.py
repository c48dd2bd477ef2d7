"""The public transparency views: `pages` (HTML), `downloads` (the register's CSV
and PDF, the monthly open-data files) and `api` (read-only JSON).

Plain Django views under the site's base template rather than Wagtail pages: every
figure comes from the refreshed tables, the URLs carry the filters, and the short
explanatory texts are part of the published method (they change with the code that
computes the figures, through translations), so editors have nothing to maintain
here. Content pages that link to these URLs can be written in Wagtail as usual.
"""
