"""The case list's columns: Wagtail table columns whose cells are written in Python.

Wagtail's table template renders every cell through its column. The stock columns
render a template per cell (550 on a page of 50), which took longer than the
query; these columns write the same cell as a string, and what a page shares
(the time now, the case address, translated labels, "5 minutes ago" per minute)
is worked out once: the view makes its columns per request.
`tests/inbox/test_listing_speed.py` checks that each cell reads as Wagtail's own
column would write it.
"""

import html

from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import avoid_wrapping, format_html
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BaseColumn, Column, DateColumn, TitleColumn

from forms.models import FormKind

from ..statuses import Status


def escape(value):
    """Django's `conditional_escape` without its lazy-string wrapper (a cell
    value is never lazy here: labels are translated once per page)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def td(classname):
    return format_html('<td class="{}">', classname) if classname else "<td>"


class CellColumn(Column):
    """A Wagtail `Column` whose cell (`<td>` and value) is written here."""

    def cell_content(self, instance):
        value = self.get_value(instance)
        return self.empty_value_display if value is None or value == "" else value

    def render_cell_html(self, instance, parent_context):
        return SafeString(f"{td(self.classname)}{escape(self.cell_content(instance))}</td>")


class SelectColumn(BaseColumn):
    """The checkbox of the bulk form (`inbox:bulk`, form id `inbox-bulk`)."""

    header_template_name = "inbox/tables/select_header.html"

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        self.aria_label = gettext("Select %(protocol)s")

    def render_cell_html(self, instance, parent_context):
        label = escape(self.aria_label % {"protocol": instance.protocol})
        return SafeString(
            f'<td><input type="checkbox" name="ids" value="{instance.pk}" form="inbox-bulk"'
            f' aria-label="{label}"></td>'
        )


class CaseLinkColumn(TitleColumn):
    """The protocol, linking to the case: Wagtail's title cell."""

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        # One reverse() for the page; every row's address differs only by its pk.
        self.case_url = reverse("inbox:case", args=[0]).rsplit("0", 1)

    def get_link_url(self, instance, parent_context):
        return f"{self.case_url[0]}{instance.pk}{self.case_url[1]}"

    def render_cell_html(self, instance, parent_context):
        classname = escape(f"{self.classname} title" if self.classname else "title")
        url = escape(self.get_link_url(instance, parent_context))
        title = escape(self.get_value(instance) or self.empty_value_display)
        return SafeString(
            f'<td class="{classname}"><div class="title-wrapper"><a href="{url}">{title}</a>'
            "</div></td>"
        )


def time_ago(value, now):
    """Wagtail's `timesince_simple` ("5 minutes ago") for one row, working out
    only the unit it shows."""
    period = timesince(value, now, depth=1)
    if period == avoid_wrapping(gettext("0 minutes")):
        return gettext("just now")
    return gettext("%(time_period)s ago") % {"time_period": period}


class ReceivedColumn(DateColumn):
    """Wagtail's human-readable date ("5 minutes ago", the date in a tooltip)."""

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        self.now = timezone.now()
        self.tooltip_format = get_format("DATETIME_FORMAT") or "N j, Y, P"
        self.ago = {}  # rows received in the same minute read the same

    def time_ago(self, value):
        minute = int((self.now - value).total_seconds() // 60)
        if minute not in self.ago:
            self.ago[minute] = escape(capfirst(time_ago(value, self.now)))
        return self.ago[minute]

    def render_cell_html(self, instance, parent_context):
        value = self.get_value(instance)
        if not value:
            return SafeString(f"{td(self.classname)}</td>")
        value = timezone.localtime(value)
        tooltip = escape(dateformat.format(value, self.tooltip_format))
        return SafeString(
            f"{td(self.classname)}"
            '<button type="button" class="w-human-readable-date" data-controller="w-tooltip"'
            f' data-w-tooltip-content-value="{tooltip}" data-w-tooltip-placement-value="top">'
            f'<time class="w-human-readable-date__date" datetime="{value.isoformat()}">'
            f"{self.time_ago(value)}</time></button></td>"
        )


def deadline_note(days_left):
    if days_left is None:
        return ""
    if days_left < 0:
        return ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days_left) % {
            "days": -days_left
        }
    return ngettext("%(days)s day left", "%(days)s days left", days_left) % {"days": days_left}


class DeadlineColumn(CellColumn):
    """The case's deadline and the days left (in bold once overdue)."""

    def __init__(self, name, **kwargs):
        super().__init__(name, **kwargs)
        self.today = timezone.localdate()
        self.notes = {}  # days left -> the note, once per page

    def note(self, days_left):
        if days_left not in self.notes:
            note = escape(deadline_note(days_left))
            overdue = days_left is not None and days_left < 0
            self.notes[days_left] = f"<strong>{note}</strong>" if overdue else note
        return self.notes[days_left]

    def cell_content(self, instance):
        deadline = instance.case.deadline
        if deadline is None:
            return ""
        note = self.note(instance.case.days_left(self.today))
        return SafeString(f"{deadline:%d/%m/%Y}<br><small>{note}</small>")


def assignee_name(submission):
    user = submission.case.assignee
    return (user.get_full_name() or user.get_username()) if user else ""


def label_of(choices):
    """A row's label among `choices`, translated once per page."""
    labels = {value: str(label) for value, label in choices}
    return lambda value: labels.get(value, value)


def case_columns():
    """The columns of the case list, made per request (they hold the time now)."""
    kind = label_of(FormKind.choices)
    status = label_of(Status.choices)
    return [
        SelectColumn("select", label=_("Select")),
        CaseLinkColumn("protocol", label=_("Protocol"), sort_key="protocol"),
        CellColumn("kind", label=_("Kind"), accessor=lambda s: kind(s.kind), sort_key="kind"),
        CellColumn("form", label=_("Form"), accessor=lambda s: s.page.title, sort_key="form"),
        CellColumn(
            "status", label=_("Status"), accessor=lambda s: status(s.status), sort_key="status"
        ),
        CellColumn("consumer", label=_("Consumer"), accessor="consumer_name", sort_key="consumer"),
        CellColumn("supplier", label=_("Supplier"), accessor="supplier_name", sort_key="supplier"),
        CellColumn(
            "municipality",
            label=_("Municipality"),
            accessor="municipality_name",
            sort_key="municipality",
        ),
        CellColumn("assignee", label=_("Assignee"), accessor=assignee_name, sort_key="assignee"),
        ReceivedColumn(
            "received", label=_("Received"), accessor="submit_time", sort_key="received"
        ),
        DeadlineColumn("deadline", label=_("Deadline"), sort_key="deadline"),
    ]
