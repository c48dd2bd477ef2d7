"""Two-step verification (/duas-etapas/, /admin/duas-etapas/): each signed-in
user's own authenticator. No URL names another user, so the question is only
who reaches the pages at all: signed-in users, never anonymous visitors."""

from django.urls import reverse

from ..matrix import PROTECTED_NAMESPACES, STAFF, Entry, register

PROTECTED_NAMESPACES.add("twofactor")  # also covers twofactor_admin


# The setup page's new secret: shown only to a signed-in user, for themselves.
SECRET = 'data-testid="twofactor-secret"'


def url(name):
    return lambda world, role: reverse(name)


# Representatives of suppliers set up their own on the public side.
REPRESENTATIVES = {"supplier_x", "supplier_y"}

register(
    Entry("twofactor:setup", url("twofactor:setup"), STAFF | REPRESENTATIVES, marker=SECRET),
    Entry("twofactor_admin:setup", url("twofactor_admin:setup"), STAFF, marker=SECRET),
    # Without an authenticator, turning off sends back to the setup page.
    Entry("twofactor:disable", url("twofactor:disable"), STAFF | REPRESENTATIVES, marker=SECRET),
    Entry("twofactor_admin:disable", url("twofactor_admin:disable"), STAFF, marker=SECRET),
    # The code prompt appears only for a user with a confirmed authenticator
    # and no verified session; nobody in the matrix has one.
    Entry(
        "twofactor:verify",
        url("twofactor:verify"),
        set(),
        marker='autocomplete="one-time-code"',
    ),
)
