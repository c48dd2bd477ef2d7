"""The admin form every page type of the site uses (`base_form_class`).

An editor who starts a page and leaves (Wagtail's autosave has already kept it
as a draft) and then starts again with the same title meets a slug clash. The
message, under the slug field, says in the editor's language which page holds
the address, whether it is a draft or live, and links to it, so the editor
carries on there or picks another address.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class SitePageForm(WagtailAdminPageForm):
    def clean(self):
        slug = self.cleaned_data.get("slug")  # Wagtail's clean drops it on a clash
        cleaned_data = super().clean()
        if slug and self.parent_page is not None and self.has_error("slug"):
            clash = (
                Page.objects.child_of(self.parent_page)
                .filter(slug=slug)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if clash is not None:
                # On the slug field only: Wagtail shows field errors as HTML (the
                # link works) and lists non-field errors at the top as plain text,
                # where a link would show as markup.
                self.errors.pop("slug", None)
                self.add_error("slug", clash_message(clash, slug))
        return cleaned_data


def clash_message(page, slug):
    if page.live:
        state = _("published")
    else:
        changed = page.latest_revision_created_at or page.last_published_at
        state = (
            _("a draft saved on %(when)s")
            % {"when": date_format(timezone.localtime(changed), "SHORT_DATETIME_FORMAT")}
            if changed
            else _("a draft")
        )
    return format_html(
        '{} <a href="{}">{}</a> {}',
        _('There is already a page at the address "%(slug)s" here: "%(title)s" (%(state)s).')
        % {"slug": slug, "title": page.get_admin_display_title(), "state": state},
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        _("Open that page"),
        _("to carry on there, or change this page's title or its address (slug, under Promote)."),
    )
