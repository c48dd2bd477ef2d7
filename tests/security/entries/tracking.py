"""The citizen's tracking pages (/acompanhar/): a citizen's session holds the
protocols they proved; citizen B's session holds B's, never A's."""

import time

from django.apps import apps
from django.urls import reverse

from ..conftest import victim_name
from ..matrix import PROTECTED_NAMESPACES, Entry, register, register_citizen_setup

if apps.is_installed("tracking"):
    from tracking import access

    PROTECTED_NAMESPACES.add("tracking")

    def prove(client, world, role):
        session = client.session
        session[access.SESSION_KEY] = {"ids": [world[f"{role}_submission"].pk], "at": time.time()}
        session.save()

    register_citizen_setup(prove)

    def case_url(name, *extra):
        return lambda world, role: reverse(
            name, args=[world["citizen_a_submission"].protocol, *extra]
        )

    def protocol(world, role):
        return world["citizen_a_submission"].protocol

    def case_state(world, role):
        submission = world["citizen_a_submission"]
        submission.refresh_from_db()
        return (submission.status, submission.case.events.count())

    def link_url(world, role):
        if role == "citizen_a":  # e-mailed to A's address
            token = access.make_link_token([world["citizen_a_submission"].pk])
        else:
            from django.core import signing

            token = signing.dumps({"s": [world["citizen_a_submission"].pk]}, salt="forged")
        return reverse("tracking:link_open", args=[token])

    CITIZEN = {"citizen_a"}
    register(
        Entry("tracking:case", case_url("tracking:case"), CITIZEN, marker=victim_name),
        Entry(
            "tracking:case",
            case_url("tracking:case"),
            CITIZEN,
            method="post",
            data={"text": "Mensagem"},
            state=case_state,
            label="tracking:case reply",
        ),
        Entry("tracking:complement", case_url("tracking:complement"), CITIZEN),
        Entry("tracking:evaluate", case_url("tracking:evaluate"), CITIZEN),
        Entry("tracking:reschedule", case_url("tracking:reschedule"), CITIZEN),
        Entry("tracking:agreement", case_url("tracking:agreement"), CITIZEN),
        # The withdrawal form (a refusal lands on the start page, which repeats
        # the protocol, so the form's own field tells).
        Entry(
            "tracking:withdraw",
            case_url("tracking:withdraw"),
            CITIZEN,
            marker=lambda world, role: 'name="reason"',
        ),
        Entry(
            "tracking:withdraw",
            case_url("tracking:withdraw"),
            CITIZEN,
            method="post",
            data={"reason": "Resolvi com a empresa."},
            state=case_state,
            label="tracking:withdraw post",
        ),
        Entry(
            "tracking:download",
            case_url("tracking:download", "json"),
            CITIZEN,
            marker=lambda world, role: "alice@example.com",
            label="tracking:download json",
        ),
        Entry(
            "tracking:download",
            case_url("tracking:download", "pdf"),
            CITIZEN,
            marker=lambda world, role: "%PDF",
            label="tracking:download pdf",
        ),
        Entry(
            "tracking:my_cases", lambda w, r: reverse("tracking:my_cases"), CITIZEN, marker=protocol
        ),
        Entry("tracking:link_open", link_url, CITIZEN, marker=protocol),
    )
