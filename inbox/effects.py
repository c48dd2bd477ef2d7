"""Effects of a transition, by name: a registry other apps add handlers to.

A handler is `handler(case, event)`; handlers run after the transition commits,
so a failing email never undoes a status change (emails are retried tasks).
"""

from collections import defaultdict
from functools import partial

from django.db import transaction

_handlers = defaultdict(list)


def register(name):
    """Decorator: run the function when an action with effect `name` is taken."""

    def decorator(handler):
        _handlers[name].append(handler)
        return handler

    return decorator


def handlers(name):
    return list(_handlers[name])


def run(names, case_id, event_id):
    from .models import Case, CaseEvent

    case = Case.objects.select_related("submission").get(pk=case_id)
    event = CaseEvent.objects.get(pk=event_id)
    for name in names:
        for handler in handlers(name):
            handler(case, event)


def queue(names, case, event):
    if names:
        transaction.on_commit(partial(run, tuple(names), case.pk, event.pk))


@register("notify_citizen")
def notify_citizen(case, event):
    from .tasks import queue_case_email

    event.case = case
    queue_case_email(event)


@register("notify_supplier")
def notify_supplier(case, event):
    from .signals import case_forwarded_to_supplier

    case_forwarded_to_supplier.send(sender=type(case), case=case, event=event)


@register("notify_staff")
def notify_staff(case, event):
    """A citizen or supplier did something: tell the assignee (or, for an
    unassigned case, the supervisors) by a stored, retried email."""
    from .notifications import queue_staff_update

    queue_staff_update(case, event)
