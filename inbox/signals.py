"""Hooks other apps (the supplier area, the citizen's tracking page) listen to;
inbox never imports them.

`case_transitioned` (kwargs: case, event, action) is sent inside the transition's
transaction, so a receiver's writes commit or roll back with it. Effects that
reach outside (emails, letters, the supplier area) are registered with
`inbox.effects.register` and run after commit.
"""

from django.dispatch import Signal

case_transitioned = Signal()
# Sent after commit when a complaint is forwarded (kwargs: case, event).
case_forwarded_to_supplier = Signal()
