"""Data-subject request tools (supervisors)."""

from django.urls import reverse

from privacy.models import Anonymisation

from ..matrix import SUPERVISORS, Entry, register

IDENTITY = {"email": "alice@example.com"}


def url(name):
    return lambda world, role: reverse(name)


def protocol(world, role):
    return world["citizen_a_submission"].protocol


def anonymised(world, role):
    return Anonymisation.objects.filter(submission=world["citizen_a_submission"]).exists()


register(
    Entry(
        "privacy:search",
        url("privacy:search"),
        SUPERVISORS,
        method="post",
        data=IDENTITY,
        marker=protocol,
    ),
    Entry("privacy:export", url("privacy:export"), SUPERVISORS, method="post", data=IDENTITY),
    Entry(
        "privacy:anonymise",
        url("privacy:anonymise"),
        SUPERVISORS,
        method="post",
        data={**IDENTITY, "confirm": "on"},
        state=anonymised,
    ),
)
