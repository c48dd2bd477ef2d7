"""The admin home panel: today's arrivals, triage, overdue cases, statuses, weeks."""

from datetime import datetime, time, timedelta

from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone
from wagtail.admin.ui.components import Component

from . import permissions
from .statuses import Status, status_label

WEEKS = 8
CACHE_SECONDS = 60


def figures(user, today=None):
    """The dashboard's numbers over the submissions `user` may see."""
    today = today or timezone.localdate()
    tz = timezone.get_current_timezone()
    midnight = datetime.combine(today, time.min, tz)
    submissions = permissions.visible_submissions(user)
    by_status = dict(
        submissions.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    first_week = midnight - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    weekly = dict(
        submissions.filter(submit_time__gte=first_week)
        .annotate(week=TruncWeek("submit_time", tzinfo=tz))
        .order_by()
        .values_list("week")
        .annotate(n=Count("pk"))
        .values_list("week", "n")
    )
    weeks = []
    for index in range(WEEKS):
        start = (first_week + timedelta(days=7 * index)).date()
        count = next((n for week, n in weekly.items() if _as_date(week) == start), 0)
        weeks.append({"start": start, "count": count})
    peak = max((w["count"] for w in weeks), default=0) or 1
    for week in weeks:
        week["percent"] = round(100 * week["count"] / peak)
    return {
        "new_today": submissions.filter(submit_time__gte=midnight).count(),
        "awaiting_triage": by_status.get(Status.RECEIVED, 0),
        "overdue": submissions.filter(case__deadline__lt=today).count(),
        "by_status": [
            (status_label(value), by_status[value])
            for value in Status.values
            if by_status.get(value)
        ],
        "weeks": weeks,
    }


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


class CasesPanel(Component):
    name = "inbox_cases"
    template_name = "inbox/dashboard_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        scope = "all" if permissions.is_supervisor(self.user) else f"user-{self.user.pk}"
        key = f"inbox:dashboard:{scope}:{timezone.localdate()}"
        data = cache.get(key)
        if data is None:
            data = figures(self.user)
            cache.set(key, data, CACHE_SECONDS)
        return {"figures": data}
