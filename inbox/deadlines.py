"""Deadlines that passed: move each case on as the workflow's expiry action says."""

import logging

from django.utils import timezone

from .models import Case
from .workflow import TransitionError, actions_for, apply

logger = logging.getLogger(__name__)


def expiry_action(case):
    """The workflow's expiry action from the case's current status, if any."""
    for action in actions_for(case.submission.kind).values():
        if action.expiry and case.submission.status in action.sources:
            return action
    return None


def process_deadlines(today=None):
    """Take the expiry action on every case whose deadline is before `today`.

    Idempotent: a moved case has a new status and no running deadline, so a
    second run finds nothing to do. Returns {action name: count}.
    """
    today = today or timezone.localdate()
    done = {}
    overdue = Case.objects.filter(deadline__lt=today).select_related("submission")
    for case in overdue.iterator(chunk_size=500):
        action = expiry_action(case)
        if action is None:
            continue
        try:
            apply(case, action.name, user=None, today=today)
        except TransitionError:  # changed meanwhile (e.g. answered a second ago)
            logger.info("deadline of case %s not processed: status changed", case.pk)
            continue
        done[action.name] = done.get(action.name, 0) + 1
    return done
