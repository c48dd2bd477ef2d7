"""The public transparency views: `pages` (HTML) and `downloads` (the register's
CSV and PDF, the monthly open-data files). The read-only JSON API is
`transparency.api`, part of the API at /api/v1/.

Plain Django views under the site's base template rather than Wagtail pages: every
figure comes from the refreshed tables, the URLs carry the filters, and the short
explanatory texts are part of the published method (they change with the code that
computes the figures, through translations), so editors have nothing to maintain
here. Content pages that link to these URLs can be written in Wagtail as usual.
"""
