"""Form pages go live through review.

A form page collects citizens' personal data, so a change to it is reviewed
before it goes live: every FormPage, wherever it sits in the tree, uses the
Wagtail workflow named `WORKFLOW` ("Aprovação de formulários", created by a data
migration with one group-approval task for the supervisors). Only the groups that
approve in that workflow (and superusers) may publish a form page directly;
everyone else who may edit it saves drafts and submits them for approval.

Other pages keep their own workflow and permissions: content editors still
publish guidance pages themselves.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.utils.functional import cached_property
from wagtail.models import GroupApprovalTask, PagePermissionTester, Workflow

WORKFLOW = "Aprovação de formulários"


def form_workflow():
    """The active workflow that reviews form pages, or None when it was removed
    or deactivated (then form pages use the workflow of their place in the tree)."""
    if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
        return None
    return Workflow.objects.filter(name=WORKFLOW, active=True).first()


def approver_groups(workflow=None):
    """The groups that approve a task of the forms' workflow."""
    workflow = workflow or form_workflow()
    if workflow is None:
        return Group.objects.none()
    tasks = GroupApprovalTask.objects.filter(active=True, workflow_tasks__workflow=workflow).values(
        "pk"
    )
    return Group.objects.filter(groupapprovaltask__in=tasks).distinct()


def may_publish_forms(user):
    """Whether `user` may publish a form page without review: superusers and
    members of the approving groups. Without a forms workflow nobody else may,
    so removing the workflow never opens direct publishing by accident."""
    if not (user and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(pk__in=approver_groups().values("pk")).exists()


class FormPagePermissionTester(PagePermissionTester):
    """Wagtail's page permissions, except that publishing a form page is for the
    approvers of the forms' workflow (and superusers) only."""

    @cached_property
    def may_publish_forms(self):
        return may_publish_forms(self.user)

    def can_publish(self):
        # The approvers need no publish permission in the page tree: Wagtail
        # publishes an approved revision as the user who approved it.
        if not self.user.is_active or self.page_is_root:
            return False
        return self.may_publish_forms

    def can_publish_subpage(self):
        return super().can_publish_subpage() and self.may_publish_forms
