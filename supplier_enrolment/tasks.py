"""Background work of the supplier area (django-tasks)."""

from django_tasks import task


@task()
def send_password_link(representative_id: int | None):
    """Queue a new set-password link asked for on /fornecedor/senha/nova/.

    The page enqueues this for every request it accepts, with None when the
    e-mail is nobody's: rendering and queueing the e-mail happen here, so the
    page takes the same time whoever asked. The representative is looked up
    again: revoked or turned into staff meanwhile, no link.
    """
    from .enrolment import queue_set_password_email
    from .models import Representative

    if representative_id is None:
        return
    representative = (
        Representative.objects.may_sign_in()
        .filter(pk=representative_id)
        .select_related("user", "supplier", "enrolment")
        .first()
    )
    if representative is not None:
        queue_set_password_email(representative, requested=True)
