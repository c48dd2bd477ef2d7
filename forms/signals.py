"""Signals other apps listen to; forms never imports them back."""

from django.dispatch import Signal

# Sent inside the transaction that stores a new Submission (kwarg: submission),
# so a receiver's writes (e.g. the inbox opening a case) commit or roll back with it.
submission_created = Signal()
