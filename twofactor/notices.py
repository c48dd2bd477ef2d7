"""E-mails about an account's sign-in security."""

from django.conf import settings
from django.contrib.auth import get_user_model

from core import outbox
from home.links import absolute_url

ACCOUNT_LOCKED = "account_locked"


def tell_owner_of_lock(sender, username, request=None, **kwargs):
    """The owner of `username` learns that sign-in is locked for a while, and
    what to do if the attempts were not theirs. Nothing is sent for a username
    no account has (the lock holds all the same)."""
    User = get_user_model()
    user = (
        User.objects.filter(**{f"{User.USERNAME_FIELD}__iexact": username}, is_active=True)
        .exclude(email="")
        .first()
    )
    if user is None:
        return None
    context = {
        "user": user,
        "failures": settings.LOGIN_USERNAME_FAILURE_LIMIT,
        "minutes": settings.LOGIN_USERNAME_LOCK_MINUTES,
        "site_url": absolute_url("/"),
    }
    subject, body = outbox.render("twofactor/email/account_locked", context)
    return outbox.queue(ACCOUNT_LOCKED, user.email, subject, body)
