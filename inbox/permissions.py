"""Who may do what in the inbox: the roles (groups), one permission policy and
the actor checks the workflow table names.

- Attendants (`inbox.work_case`): triage; work cases assigned to them or unassigned.
- Supervisors (`inbox.supervise_case`): every case, reassign, export, reports,
  reversing spam; and the access log (`inbox.audit`) in Wagtail's site history,
  through the permissions of its objects (`inbox.view_case_access_log`,
  `inbox.view_staff_access_log`), which only their group holds.
- Content editors: neither; they never see a submission.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy

EDITORS = "Editores de conteúdo"
ATTENDANTS = "Atendentes"
SUPERVISORS = "Supervisores"

WORK = "inbox.work_case"
SUPERVISE = "inbox.supervise_case"
READ_ACCESS_LOG = "inbox.view_case_access_log"

# Extra actor checks another app may register (none does today: the supplier
# area checks its representatives itself), e.g.
# actor_checks["supplier"] = lambda user, case: ...
actor_checks = {}


def is_supervisor(user):
    return bool(user and user.is_active and user.has_perm(SUPERVISE))


def may_read_access_log(user):
    return bool(user and user.is_active and user.has_perm(READ_ACCESS_LOG))


def is_case_staff(user):
    return bool(user and user.is_active and (user.has_perm(WORK) or user.has_perm(SUPERVISE)))


class CasePermissionPolicy(BasePermissionPolicy):
    """Actions: "view" and "work" (case staff, per case: assigned to them or
    unassigned unless supervisor), "supervise", "export", "reassign"
    (supervisors)."""

    SUPERVISOR_ACTIONS = {"supervise", "export", "reassign"}

    def __init__(self):
        from .models import Case

        super().__init__(Case)

    def user_has_permission(self, user, action):
        if action in self.SUPERVISOR_ACTIONS:
            return is_supervisor(user)
        return is_case_staff(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if is_supervisor(user):
            return True
        return instance.assignee_id in (None, user.pk)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_permission_for(self, user, action):
        from .models import Case

        return Case.objects.filter(submission__in=visible_submissions(user, action))

    def users_with_any_permission(self, actions):
        codename = "supervise_case" if set(actions) <= self.SUPERVISOR_ACTIONS else None
        perms = Q(groups__permissions__codename="supervise_case") | Q(
            user_permissions__codename="supervise_case"
        )
        if codename is None:
            perms |= Q(groups__permissions__codename="work_case") | Q(
                user_permissions__codename="work_case"
            )
        users = get_user_model().objects.filter(is_active=True)
        return users.filter(perms | Q(is_superuser=True)).distinct()


policy = CasePermissionPolicy()


def visible_submissions(user, action="view"):
    """Submissions (with a case) whose case `user` may see."""
    from forms.models import Submission

    if not policy.user_has_permission(user, action):
        return Submission.objects.none()
    submissions = Submission.objects.filter(case__isnull=False)
    if is_supervisor(user):
        return submissions
    return submissions.filter(Q(case__assignee=user) | Q(case__assignee__isnull=True))


def case_staff():
    """Users a case can be assigned to."""
    return policy.users_with_any_permission(["work"]).order_by("first_name", "username")


def actor_may(user, who, case):
    """Whether `user` (None for the system) counts as one of the actors in `who`."""
    for actor in who:
        if actor == "system":
            if user is None:
                return True
        elif user is None:
            continue
        elif actor == "supervisor":
            if is_supervisor(user):
                return True
        elif actor == "staff":
            if policy.user_has_permission_for_instance(user, "work", case):
                return True
        elif actor in actor_checks and actor_checks[actor](user, case):
            return True
    return False
